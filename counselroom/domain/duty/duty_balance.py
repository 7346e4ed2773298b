"""Why the roster's counts differ: a note per teacher for the 生成值班表 preview.

The plan is the most even that availability and limits allow (duty_rota.py), so when one teacher
has many more slots than another, the reason is always one of these: slots only that teacher can
take (availability), or colleagues who are full (每周上限, 学期上限). A teacher with few slots is
limited by their own availability or limits. Counts within one of each other need no note."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from counselroom.domain.duty.duty_rota import Assignment, DutyPerson, Slot

UNEVEN = 2  # a difference of one slot is as even as slots can be shared


def explain_balance(
    slots: Sequence[Slot], people: Sequence[DutyPerson], assignments: Sequence[Assignment], fixed: Sequence[Assignment]
) -> dict[int, str]:
    """staff id → why their count is what it is ('' when it needs no explaining)."""
    if not people:
        return {}
    loads = _Loads(people, assignments, fixed)
    counts = [loads.total[p.staff_id] for p in people]
    lowest, highest = min(counts), max(counts)
    notes: dict[int, str] = {}
    for person in people:
        reasons = loads.own_limits(person, slots)
        if loads.total[person.staff_id] - lowest >= UNEVEN and not reasons:
            reasons += loads.why_more(person, people)
        elif highest - loads.total[person.staff_id] >= UNEVEN and person.available is not None:
            reasons.append(_availability_text(person, slots))
        notes[person.staff_id] = "；".join(reasons)
    return notes


class _Loads:
    """Slots per person over the term (past and planned), and per person per week."""

    def __init__(self, people: Sequence[DutyPerson], assignments: Sequence[Assignment], fixed: Sequence[Assignment]):
        held = [*fixed, *assignments]
        self.total = Counter({p.staff_id: 0 for p in people})
        self.total.update(a.staff_id for a in held)
        self.weekly = Counter((a.staff_id, a.slot.week) for a in held)
        self.planned = list(assignments)

    def full(self, person: DutyPerson, slot: Slot) -> bool:
        """At their term limit, or at their weekly limit in the slot's week."""
        term = person.max_per_term is not None and self.total[person.staff_id] >= person.max_per_term
        week = person.max_per_week is not None and self.weekly[(person.staff_id, slot.week)] >= person.max_per_week
        return term or week

    def term_full(self, person: DutyPerson) -> bool:
        return person.max_per_term is not None and self.total[person.staff_id] >= person.max_per_term

    def limit_text(self, person: DutyPerson) -> str:
        """尹老师每周 3 次 / 李老师学期 24 次: the limit that holds them."""
        if self.term_full(person):
            return f"{person.name}学期 {person.max_per_term} 次"
        return f"{person.name}每周 {person.max_per_week} 次"

    def own_limits(self, person: DutyPerson, slots: Sequence[Slot]) -> list[str]:
        """Their term limit reached; else weeks at their weekly limit."""
        if self.term_full(person):
            return [f"已达学期上限 {person.max_per_term} 次"]
        reasons: list[str] = []
        if person.max_per_week is not None:
            weeks = {s.week for s in slots if person.can_take(s)}
            full = [w for w in weeks if self.weekly[(person.staff_id, w)] >= person.max_per_week]
            if full and len(full) == len(weeks):
                reasons.append(f"每周都已排满每周上限 {person.max_per_week} 次")
            elif full:
                reasons.append(f"{len(full)} 周排满每周上限 {person.max_per_week} 次")
        return reasons

    def why_more(self, person: DutyPerson, people: Sequence[DutyPerson]) -> list[str]:
        """Each of their planned slots either nobody else can take, or everyone else who could is full."""
        mine = [a.slot for a in self.planned if a.staff_id == person.staff_id]
        others = [p for p in people if p.staff_id != person.staff_id]
        sole = [s for s in mine if not any(p.can_take(s) for p in others)]
        reasons = [_sole_text(sole)] if sole else []
        full = {p.staff_id: p for s in mine if s not in sole for p in others if p.can_take(s) and self.full(p, s)}
        if len(mine) > len(sole) and full:
            limits = [self.limit_text(p) for p in sorted(full.values(), key=lambda p: p.staff_id)]
            held = "、".join(limits[:3]) + ("等" if len(limits) > 3 else "")
            rest = f"另有 {len(mine) - len(sole)} 个" if sole else f"这 {len(mine)} 个"
            reasons.append(f"其他可值班的老师已达上限（{held}），{rest}班次只能排给他/她")
        return reasons


def _sole_text(sole: Sequence[Slot]) -> str:
    """只有他/她在周六 08:00–11:30 可值班（共 12 个班次）"""
    times = Counter(_period_label(s) for s in sole)
    named = "、".join(label for label, _n in times.most_common(2)) + ("等时段" if len(times) > 2 else "")
    return f"只有他/她在{named} 可值班（共 {len(sole)} 个班次）"


def _availability_text(person: DutyPerson, slots: Sequence[Slot]) -> str:
    labels = sorted({_period_label(s) for s in slots if person.can_take(s)})
    if not labels:
        return "没有可值班的开放时段"
    if len(labels) <= 2:
        return f"只在{'、'.join(labels)} 可值班"
    return f"只在 {len(labels)} 个时段可值班"


def _period_label(slot: Slot) -> str:
    """The weekly opening period (周六 08:00–11:30) the slot belongs to."""
    return slot.period.label
