"""The fair duty roster, checked as properties over many seeded random terms: every slot covered
when that is possible, no limit exceeded, counts per person within one slot where availability
allows — and, on small instances, exactly as good as an exhaustive search."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from datetime import date, time, timedelta

import pytest

from counselroom.domain.duty.duty_rota import Assignment, DutyPerson, RotaPlan, Slot, plan_rota
from counselroom.domain.duty.duty_swaps import Load, check_swap, require_swap_reason, swap_problems
from counselroom.domain.errors import ValidationError
from counselroom.domain.school.school_days import Period

MONDAY = date(2026, 9, 7)
LUNCH = time(12, 10)
AFTER_SCHOOL = time(16, 30)


def weekly_periods(rng: random.Random) -> list[Period]:
    """1–2 periods on a random set of weekdays, of 40–120 minutes."""
    periods = []
    for weekday in sorted(rng.sample(range(6), rng.randint(1, 6))):
        for start in rng.sample([LUNCH, AFTER_SCHOOL], rng.randint(1, 2)):
            length = rng.choice([40, 80, 90, 120])
            periods.append(Period(weekday, start, _plus(start, length)))
    return periods


def _plus(start: time, minutes: int) -> time:
    total = start.hour * 60 + start.minute + minutes
    return time(total // 60, total % 60)


def term_slots(periods: list[Period], weeks: int, closed: set[date]) -> list[Slot]:
    slots = []
    for offset in range(weeks * 7):
        day = MONDAY + timedelta(days=offset)
        if day not in closed:
            slots += [Slot(day, p) for p in periods if p.weekday == day.weekday()]
    return slots


def random_closed(rng: random.Random, weeks: int) -> set[date]:
    """A holiday run (国庆-like) somewhere in the term."""
    start = MONDAY + timedelta(days=rng.randrange(weeks * 7))
    return {start + timedelta(days=i) for i in range(rng.randint(0, 7))}


def check_limits(plan: RotaPlan, people: list[DutyPerson]) -> None:
    by_id = {p.staff_id: p for p in people}
    per_week = Counter((a.staff_id, a.slot.week) for a in plan.assignments)
    for a in plan.assignments:
        assert by_id[a.staff_id].can_take(a.slot), a
    for (sid, _week), n in per_week.items():
        limit = by_id[sid].max_per_week
        assert limit is None or n <= limit
    for sid, n in plan.counts().items():
        limit = by_id[sid].max_per_term
        assert limit is None or n <= limit


def spread(plan: RotaPlan, people: list[DutyPerson]) -> int:
    counts = plan.counts()
    loads = [counts[p.staff_id] for p in people]
    return max(loads) - min(loads)


# -- the acceptance, over 200 random terms --------------------------------------------------------
@pytest.mark.parametrize("seed", range(200))
def test_unrestricted_terms_are_fully_covered_and_even(seed: int) -> None:
    rng = random.Random(seed)
    weeks = rng.randint(1, 8)
    closed = random_closed(rng, weeks)
    slots = term_slots(weekly_periods(rng), weeks, closed)
    people = [DutyPerson(i, f"老师{i}") for i in range(1, rng.randint(1, 7) + 1)]

    plan = plan_rota(slots, people)

    assert plan.uncovered == ()
    assert sorted(a.slot.day for a in plan.assignments) == sorted(s.day for s in slots)
    assert not {a.slot.day for a in plan.assignments} & closed, "a holiday got a duty"
    assert spread(plan, people) <= 1
    assert plan == plan_rota(list(reversed(slots)), people), "the same input gives the same roster"


@pytest.mark.parametrize("seed", range(200))
def test_limits_are_never_exceeded_and_the_spread_stays_within_one(seed: int) -> None:
    """Weekly and term limits that together leave enough room: covered, within limits, even."""
    rng = random.Random(1000 + seed)
    weeks = rng.randint(2, 8)
    slots = term_slots(weekly_periods(rng), weeks, random_closed(rng, weeks))
    n = rng.randint(2, 6)
    per_week = max(Counter(s.week for s in slots).values())
    weekly = -(-per_week // n)  # just enough room every week when shared evenly
    people = [
        DutyPerson(
            i, f"老师{i}", max_per_week=weekly + rng.randint(0, 1), max_per_term=-(-len(slots) // n) + rng.randint(0, 2)
        )
        for i in range(1, n + 1)
    ]

    plan = plan_rota(slots, people)

    check_limits(plan, people)
    assert plan.uncovered == ()
    assert spread(plan, people) <= 1


def brute_force(slots: list[Slot], people: list[DutyPerson]) -> tuple[int, int]:
    """(most slots coverable, smallest spread among the assignments that cover that many)."""
    best = (-1, 0)
    choices = [[None, *[p.staff_id for p in people if p.can_take(s)]] for s in slots]
    for pick in itertools.product(*choices):
        plan = RotaPlan(tuple(Assignment(s, sid) for s, sid in zip(slots, pick, strict=True) if sid is not None), ())
        if not _within_limits(plan, people):
            continue
        key = (len(plan.assignments), -spread(plan, people))
        best = max(best, key)
    return best[0], -best[1]


def _within_limits(plan: RotaPlan, people: list[DutyPerson]) -> bool:
    try:
        check_limits(plan, people)
    except AssertionError:
        return False
    return True


@pytest.mark.parametrize("seed", range(60))
def test_restricted_availability_is_as_good_as_an_exhaustive_search(seed: int) -> None:
    """Coverage is the most possible, and the spread the smallest possible, on small terms."""
    rng = random.Random(5000 + seed)
    periods = [Period(d, LUNCH, time(13, 30)) for d in rng.sample(range(5), 3)]
    slots = term_slots(periods, 2, set())
    keys = sorted({s.key for s in slots})
    people = [
        DutyPerson(
            i,
            f"老师{i}",
            available=frozenset(rng.sample(keys, rng.randint(1, len(keys)))) if rng.random() < 0.7 else None,
            max_per_week=rng.choice([None, 1, 2]),
            max_per_term=rng.choice([None, 1, 2, 3]),
        )
        for i in range(1, rng.randint(2, 3) + 1)
    ]

    plan = plan_rota(slots, people)

    check_limits(plan, people)
    covered, smallest_spread = brute_force(slots, people)
    assert len(plan.assignments) == covered
    assert spread(plan, people) == smallest_spread
    assert all(u.reason for u in plan.uncovered)


# -- the finer points -------------------------------------------------------------------------
def test_nobody_twice_on_one_day_when_it_can_be_avoided() -> None:
    periods = [Period(d, start, _plus(start, 80)) for d in range(5) for start in (LUNCH, AFTER_SCHOOL)]
    plan = plan_rota(term_slots(periods, 4, set()), [DutyPerson(1, "甲"), DutyPerson(2, "乙")])
    per_day = Counter((a.staff_id, a.slot.day) for a in plan.assignments)
    assert max(per_day.values()) == 1


def test_ties_in_counts_are_broken_by_minutes() -> None:
    """Lunch 80 minutes Mon–Fri, one 90-minute period on Wednesday: counts equal, minutes close."""
    periods = [Period(d, LUNCH, time(13, 30)) for d in range(5)] + [Period(2, AFTER_SCHOOL, time(18, 0))]
    people = [DutyPerson(i, f"老师{i}") for i in (1, 2, 3)]
    plan = plan_rota(term_slots(periods, 6, set()), people)
    minutes = Counter()
    for a in plan.assignments:
        minutes[a.staff_id] += a.slot.minutes
    assert spread(plan, people) == 0
    assert max(minutes.values()) - min(minutes.values()) <= 10  # one 90- instead of one 80-minute slot


def test_each_persons_slots_spread_over_the_weeks() -> None:
    periods = [Period(d, LUNCH, time(13, 30)) for d in range(4)]
    plan = plan_rota(term_slots(periods, 6, set()), [DutyPerson(1, "甲"), DutyPerson(2, "乙")])
    per_week = Counter((a.staff_id, a.slot.week) for a in plan.assignments)
    assert set(per_week.values()) == {2}


def test_an_uncovered_slot_says_why() -> None:
    wednesday = Period(2, AFTER_SCHOOL, time(18, 0))
    slots = term_slots([Period(0, LUNCH, time(13, 30)), wednesday], 2, set())
    people = [DutyPerson(1, "王老师", available=frozenset({(0, LUNCH)}))]
    plan = plan_rota(slots, people)
    assert [u.reason for u in plan.uncovered] == [
        "2026-09-09 周三 16:30–18:00：没有可值班的老师",
        "2026-09-16 周三 16:30–18:00：没有可值班的老师",
    ]


def test_a_full_teacher_is_named_in_the_reason() -> None:
    slots = term_slots([Period(d, LUNCH, time(13, 30)) for d in range(3)], 1, set())
    plan = plan_rota(slots, [DutyPerson(1, "王老师", max_per_week=2)])
    assert len(plan.assignments) == 2
    assert "王老师本周已排 2 次，达到每周上限" in plan.uncovered[0].reason


def test_slots_already_past_count_toward_balance_and_limits() -> None:
    periods = [Period(d, LUNCH, time(13, 30)) for d in range(5)]
    past, future = term_slots(periods, 1, set()), term_slots(periods, 3, set())[5:]
    fixed = [Assignment(s, 1) for s in past]  # 甲 took the whole first week
    people = [DutyPerson(1, "甲", max_per_term=8), DutyPerson(2, "乙")]
    plan = plan_rota(future, people, fixed=fixed)
    counts = plan.counts() + Counter(a.staff_id for a in fixed)
    assert counts == Counter({1: 8, 2: 7})


def test_a_holiday_weekday_that_follows_another_weekday_uses_that_availability() -> None:
    """A 调休 Saturday following Monday's hours: the Monday teacher takes it."""
    saturday = Slot(date(2026, 10, 10), Period(0, LUNCH, time(13, 30)))
    plan = plan_rota(
        [saturday],
        [
            DutyPerson(1, "周一老师", available=frozenset({(0, LUNCH)})),
            DutyPerson(2, "周三老师", available=frozenset({(2, LUNCH)})),
        ],
    )
    assert plan.assignments == (Assignment(saturday, 1),)


# -- swaps ------------------------------------------------------------------------------------
WED = Slot(date(2026, 9, 9), Period(2, AFTER_SCHOOL, time(18, 0)))


def test_a_clean_swap_passes() -> None:
    assert check_swap(WED, 1, DutyPerson(2, "乙"), Load(week=1, term=5, day=0), override=False) == []


def test_a_swap_outside_availability_or_limits_needs_an_override() -> None:
    limited = DutyPerson(2, "乙", available=frozenset({(0, LUNCH)}), max_per_week=1, max_per_term=5)
    problems = swap_problems(WED, limited, Load(week=1, term=5, day=0))
    assert problems == [
        "乙没有登记 周三 16:30–18:00 可以值班",
        "乙本周已排 1 次，每周上限 1 次",
        "乙本学期已排 5 次，学期上限 5 次",
    ]
    with pytest.raises(ValidationError, match="超出限制仍调班"):
        check_swap(WED, 1, limited, Load(week=1, term=5, day=0), override=False)
    assert check_swap(WED, 1, limited, Load(week=1, term=5, day=0), override=True) == problems


def test_a_swap_to_the_same_teacher_or_without_reason_is_refused() -> None:
    with pytest.raises(ValidationError, match="本来就是"):
        check_swap(WED, 2, DutyPerson(2, "乙"), Load(0, 0, 0), override=True)
    with pytest.raises(ValidationError, match="调班原因"):
        require_swap_reason("  ")
