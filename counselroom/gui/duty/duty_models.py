"""Table models of the 值班 page and the 生成值班表 dialog: a day's slots, the balance per
person, the slots nobody can take, 调班 history and the slots waiting for their 值班记录."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from counselroom.domain.school.school_days import WEEKDAYS
from counselroom.gui.care.warning_models import TextTipModel
from counselroom.gui.models import RowTableModel
from counselroom.services.duty.duty_rota import BalanceLine, DutySlot, SwapLine, UncoveredSlot
from counselroom.services.duty.duty_slots import DutyDay


def day_label(day: date) -> str:
    """10月14日 周三 — how teachers name a day on a roster."""
    return f"{day.month}月{day.day}日 周{WEEKDAYS[day.weekday()]}"


def slot_state(slot: DutySlot) -> str:
    """What a teacher needs to know about a slot at a glance."""
    if slot.assignment_id is None:
        return "未排班"
    parts = ["已调班"] if slot.swapped else []
    if slot.ended:
        parts.append("已写记录" if slot.has_log else "待补记录")
    return "，".join(parts)


class DaySlotTableModel(RowTableModel[DutySlot]):
    TIME, NAME, STATE = range(3)
    columns = (
        ("时段", lambda s: s.time_label),
        ("值班", lambda s: s.staff_name or "—"),
        ("状态", slot_state),
    )


class BalanceTableModel(TextTipModel[BalanceLine]):
    NAME, SLOTS, HOURS, NOTE = range(4)
    columns = (
        ("姓名", lambda b: b.name),
        ("班次", lambda b: b.slots),
        ("小时", lambda b: f"{b.hours:.1f}"),
        ("说明", lambda b: b.note),
    )

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # type: ignore[no-untyped-def]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (self.SLOTS, self.HOURS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


class UncoveredTableModel(TextTipModel[UncoveredSlot]):
    columns = (("无人可排的班次", lambda u: u.reason),)


class SwapHistoryTableModel(TextTipModel[SwapLine]):
    REASON = 3
    columns = (
        ("班次", lambda s: f"{day_label(s.day)} {s.start:%H:%M}"),
        ("原值班", lambda s: s.from_name),
        ("调给", lambda s: s.to_name),
        ("原因", lambda s: s.reason),
        ("状态", lambda s: s.status + ("（超出限制）" if s.override else "")),
        ("申请", lambda s: f"{s.requested_by} {s.requested_at[:16]}"),
        ("处理", lambda s: f"{s.decided_by} {s.decided_at[:16]}".strip()),
    )


class MissingLogTableModel(RowTableModel[DutySlot]):
    columns = (
        ("日期", lambda s: day_label(s.day)),
        ("时段", lambda s: s.time_label),
        ("值班", lambda s: s.staff_name),
    )


def cell_text(day: DutyDay) -> str:
    """A month-grid cell: the date, then each slot's time and name, or why the room is closed."""
    lines = [str(day.day.day)]
    if not day.open:
        return "\n".join([*lines, day.reason] if day.reason not in ("周末", "") else lines)
    if day.reason:
        lines.append(day.reason)  # 调休上班
    lines += [f"{s.start:%H:%M} {s.staff_name or '未排班'}" for s in day.slots]
    return "\n".join(lines)
