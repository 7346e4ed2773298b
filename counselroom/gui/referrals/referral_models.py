"""Table models of the 转介与随访 page: referrals (overdue ones in red) and crisis incidents."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from counselroom.gui.models import Index, RowTableModel
from counselroom.services.crisis.incidents import IncidentSummary
from counselroom.services.referrals.referral_views import ReferralSummary
from counselroom.system import clock

OVERDUE_COLOUR = "#c0392b"


def due_text(summary: ReferralSummary, today: date | None = None) -> str:
    """ "10月20日", "逾期 3 天（10月17日）", or — for an ended referral — "—"."""
    if not summary.due_on:
        return "—"
    due = date.fromisoformat(summary.due_on)
    shown = f"{due.month}月{due.day}日"
    if summary.overdue:
        late = ((today or clock.now().date()) - due).days
        return f"逾期 {late} 天（{shown}）" if late > 0 else f"今天到期（{shown}）"
    return shown


def stamp_text(stamp: str) -> str:
    """2025-10-20T14:05 → 2025-10-20 14:05 (the stores keep ISO minutes)."""
    return stamp.replace("T", " ")[:16]


class ReferralTableModel(RowTableModel[ReferralSummary]):
    """Ordered by the service: overdue first, then open ones by due date, the ended last."""

    STATE, DUE = 2, 4
    NEXT = 3  # the column whose cell holds the next step's button
    columns = (
        ("学生", lambda r: r.student_name),
        ("班级", lambda r: r.class_name),
        ("状态", lambda r: r.state),
        ("下一步", lambda r: r.due_label or "—"),
        ("到期", due_text),
        ("合作机构", lambda r: r.partner_name or "—"),
        ("负责", lambda r: r.counselor_name),
        ("我的角色", lambda r: r.my_part or "—"),
    )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.isValid()
            and index.column() in (self.NEXT, self.DUE)
            and self.row_at(index.row()).overdue
        ):
            return QBrush(QColor(OVERDUE_COLOUR))
        return super().data(index, role)


class IncidentTableModel(RowTableModel[IncidentSummary]):
    columns = (
        ("编号", lambda i: f"#{i.id}"),
        ("状态", lambda i: i.status),
        ("类型", lambda i: i.kind),
        ("风险", lambda i: f"{i.risk_level}风险"),
        ("登记时间", lambda i: stamp_text(i.opened_at)),
        ("当事学生", lambda i: i.students),
        ("负责", lambda i: i.responsible),
        ("待完成随访", lambda i: i.open_followups or "—"),
    )
