"""调班: whether the teacher who takes over a slot may take it — pure rules, no I/O.

A swap respects the same things as the generated roster: the new teacher's availability and
both limits. When it does not, the lead may still approve it with an explicit override (a
teacher volunteers for an extra slot); the problems are then kept with the swap."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from counselroom.domain.duty.duty_rota import DutyPerson, Slot
from counselroom.domain.errors import ValidationError


class SwapStatus(enum.StrEnum):
    PENDING = "待批准"
    APPROVED = "已批准"
    DECLINED = "未批准"


@dataclass(frozen=True)
class Load:
    """How many slots the new teacher already has: that week, that term, that day."""

    week: int
    term: int
    day: int


def swap_problems(slot: Slot, to: DutyPerson, load: Load) -> list[str]:
    """What the swap would break, in words for the lead; [] when it is clean."""
    problems = []
    if not to.can_take(slot):
        problems.append(f"{to.name}没有登记 {slot.time_label} 可以值班")
    if to.max_per_week is not None and load.week + 1 > to.max_per_week:
        problems.append(f"{to.name}本周已排 {load.week} 次，每周上限 {to.max_per_week} 次")
    if to.max_per_term is not None and load.term + 1 > to.max_per_term:
        problems.append(f"{to.name}本学期已排 {load.term} 次，学期上限 {to.max_per_term} 次")
    return problems


def check_swap(slot: Slot, current_staff_id: int, to: DutyPerson, load: Load, *, override: bool) -> list[str]:
    """Raise unless the swap is allowed; returns the problems an override accepted."""
    if to.staff_id == current_staff_id:
        raise ValidationError(f"这个班次本来就是{to.name}值班", field="调给")
    problems = swap_problems(slot, to, load)
    if problems and not override:
        raise ValidationError("；".join(problems) + "。如确需调班，请勾选“超出限制仍调班”", field="调给")
    return problems


def require_swap_reason(text: str) -> str:
    reason = text.strip()
    if not reason:
        raise ValidationError("请写明调班原因", field="原因")
    if len(reason) > 200:
        raise ValidationError("调班原因请控制在 200 字以内", field="原因")
    return reason
