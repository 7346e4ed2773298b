"""Table models of the 转介与随访 page: referrals (overdue ones in red) and crisis incidents."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from counselroom.domain.referrals.referral_rules import ReferralAction
from counselroom.gui.models import Index, RowTableModel
from counselroom.gui.text_format import minute_text
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
    """2025-10-20T14:05(:33) → 2025-10-20 14:05 (gui/text_format.minute_text)."""
    return minute_text(stamp)


class ReferralTableModel(RowTableModel[ReferralSummary]):
    """Ordered by the service: overdue first, then open ones by due date, the ended last."""

    STATE, NEXT, DUE = 1, 2, 3  # NEXT: the cell that holds the next step's button
    columns = (
        ("学生", lambda r: f"{r.student_name}　{r.class_name}"),
        ("状态", lambda r: r.state),
        ("下一步", lambda r: r.due_label or "—"),
        ("到期", due_text),
        ("合作机构", lambda r: r.partner_name or "—"),
        ("负责", lambda r: r.counselor_name + (f"（{r.my_part}）" if r.my_part and r.my_part != "负责" else "")),
    )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.column() == self.NEXT:
            return self.row_at(index.row()).due_label  # the cell shows the step's button
        return self._coloured(index, role)

    def _coloured(self, index: Index, role: int) -> object:
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.isValid()
            and index.column() in (self.NEXT, self.DUE)
            and self.row_at(index.row()).overdue
        ):
            return QBrush(QColor(OVERDUE_COLOUR))
        return super().data(index, role)


def primary_step(summary: ReferralSummary) -> ReferralAction | None:
    """The row's button: the step the due date is about — recording a planned 随访 before planning
    another — else the first step the state machine allows."""
    steps = [a for a in summary.actions if a is not ReferralAction.VIEW]
    if ReferralAction.RECORD_FOLLOW_UP in steps:
        return ReferralAction.RECORD_FOLLOW_UP
    return steps[0] if steps else None


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
