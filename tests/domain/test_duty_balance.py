"""Why one teacher has many more duty slots than another (issue 8, item 22): the preview says,
per teacher, which limit or which availability makes the counts uneven."""

from __future__ import annotations

from datetime import date, time, timedelta

from counselroom.domain.duty.duty_balance import explain_balance
from counselroom.domain.duty.duty_rota import DutyPerson, Slot, plan_rota
from counselroom.domain.school.school_days import Period

MONDAY = date(2026, 9, 7)
LUNCH = [Period(d, time(12, 10), time(13, 30)) for d in range(5)]
SATURDAY = Period(5, time(8, 0), time(11, 30))


def slots(periods: list[Period], weeks: int) -> list[Slot]:
    return [Slot(MONDAY + timedelta(days=7 * w + p.weekday), p) for w in range(weeks) for p in periods]


def notes_for(periods: list[Period], people: list[DutyPerson], weeks: int = 4) -> dict[str, str]:
    term = slots(periods, weeks)
    plan = plan_rota(term, people)
    notes = explain_balance(term, people, plan.assignments, ())
    return {p.name: notes[p.staff_id] for p in people}


def test_even_counts_need_no_note() -> None:
    people = [DutyPerson(1, "王老师"), DutyPerson(2, "李老师")]
    assert notes_for(LUNCH, people) == {"王老师": "", "李老师": ""}


def test_the_teacher_without_a_limit_is_told_whose_limits_leave_the_slots_to_them() -> None:
    people = [
        DutyPerson(1, "杨老师"),
        DutyPerson(2, "尹老师", max_per_week=1),
        DutyPerson(3, "孙老师", max_per_term=2),
    ]
    notes = notes_for(LUNCH, people)  # 20 slots: 尹 4, 孙 2, 杨 14
    assert notes["杨老师"].startswith("其他可值班的老师已达上限（尹老师每周 1 次、孙老师学期 2 次）")
    assert "这 14 个班次只能排给他/她" in notes["杨老师"]
    assert notes["尹老师"] == "每周都已排满每周上限 1 次"
    assert notes["孙老师"] == "已达学期上限 2 次"


def test_slots_only_one_teacher_can_take_are_named() -> None:
    lunch_only = frozenset((p.weekday, p.start) for p in LUNCH)
    people = [DutyPerson(1, "王老师"), DutyPerson(2, "李老师", available=lunch_only, max_per_week=2)]
    notes = notes_for([*LUNCH, SATURDAY], people)  # 24 slots: Saturdays only 王老师, 李老师 2 a week
    assert notes["王老师"] == (
        "只有他/她在周六 08:00–11:30 可值班（共 4 个班次）；"
        "其他可值班的老师已达上限（李老师每周 2 次），另有 12 个班次只能排给他/她"
    )
    assert notes["李老师"] == "每周都已排满每周上限 2 次；只在 5 个时段可值班"


def test_a_teacher_limited_to_few_periods_is_told_so() -> None:
    monday = frozenset({(0, time(12, 10))})
    people = [DutyPerson(1, "王老师"), DutyPerson(2, "李老师", available=monday)]
    notes = notes_for(LUNCH, people)
    assert notes["李老师"] == "只在周一 12:10–13:30 可值班"
    assert "只有他/她在" in notes["王老师"]
