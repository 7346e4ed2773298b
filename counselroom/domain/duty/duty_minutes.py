"""Fairness in minutes, once the slot counts are settled (duty_roster.py, priority 5).

Periods can differ in length (a 80-minute lunch period, a 90-minute after-school one). Two
people exchange two slots of the same week when that brings their total minutes closer: counts,
weekly counts and term counts stay exactly as they were, so no limit can break, and an exchange
never puts anyone on a day they were not already on. Each exchange lowers the sum of squared
minutes, so the pass ends.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import combinations
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the types only; duty_roster imports this module at run time
    from counselroom.domain.duty.duty_rota import Assignment, DutyPerson


def even_out_minutes(
    chosen: Sequence[Assignment], people: Sequence[DutyPerson], fixed: Sequence[Assignment] = ()
) -> list[Assignment]:
    by_id = {p.staff_id: p for p in people}
    result = list(chosen)
    minutes: Counter[int] = Counter()
    days: Counter[tuple[int, object]] = Counter()
    for a in [*result, *fixed]:
        minutes[a.staff_id] += a.slot.minutes
        days[(a.staff_id, a.slot.day)] += 1
    improved = True
    while improved:
        improved = False
        for i, j in _same_week_pairs(result):
            if _exchange_helps(result[i], result[j], by_id, minutes, days):
                result[i], result[j] = _exchange(result[i], result[j], minutes, days)
                improved = True
    return result


def _same_week_pairs(result: list[Assignment]) -> list[tuple[int, int]]:
    weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, a in enumerate(result):
        weeks[a.slot.week].append(index)
    return [pair for week in sorted(weeks) for pair in combinations(weeks[week], 2)]


def _exchange_helps(
    a: Assignment, b: Assignment, by_id: dict[int, DutyPerson], minutes: Counter[int], days: Counter[tuple[int, object]]
) -> bool:
    if a.staff_id == b.staff_id or a.slot.minutes == b.slot.minutes:
        return False
    if a.slot.minutes < b.slot.minutes:
        a, b = b, a
    gap = minutes[a.staff_id] - minutes[b.staff_id]
    if gap <= a.slot.minutes - b.slot.minutes:
        return False  # the exchange would not narrow the gap
    p, q = by_id[a.staff_id], by_id[b.staff_id]
    if not (p.can_take(b.slot) and q.can_take(a.slot)):
        return False
    same_day = a.slot.day == b.slot.day
    return same_day or (days[(p.staff_id, b.slot.day)] == 0 and days[(q.staff_id, a.slot.day)] == 0)


def _exchange(
    a: Assignment, b: Assignment, minutes: Counter[int], days: Counter[tuple[int, object]]
) -> tuple[Assignment, Assignment]:
    for old, new_owner in ((a, b.staff_id), (b, a.staff_id)):
        minutes[old.staff_id] -= old.slot.minutes
        days[(old.staff_id, old.slot.day)] -= 1
        minutes[new_owner] += old.slot.minutes
        days[(new_owner, old.slot.day)] += 1
    return type(a)(a.slot, b.staff_id), type(b)(b.slot, a.staff_id)
