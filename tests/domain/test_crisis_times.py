"""特殊节点的危机排查 (S001 §4, S003): which checks are due on a day, from the school's terms."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from counselroom.domain.screening.crisis_times import (
    CrisisTime,
    GradeSpan,
    TermSpan,
    crisis_checks_due,
)

AUTUMN = TermSpan(1, date(2025, 9, 1), date(2026, 1, 20))
SPRING = TermSpan(2, date(2026, 2, 24), date(2026, 7, 10))
TERMS = (AUTUMN, SPRING)
MIDDLE = tuple(GradeSpan(name, "初中", year) for year, name in enumerate(("初一", "初二", "初三"), start=1))
BOTH = (*MIDDLE, *(GradeSpan(name, "高中", year) for year, name in enumerate(("高一", "高二", "高三"), start=1)))


def due(day: date, grades: tuple[GradeSpan, ...] = MIDDLE) -> dict[CrisisTime, tuple[str, ...]]:
    return {c.time: c.grades for c in crisis_checks_due(day, TERMS, grades)}


def test_autumn_start_brings_the_new_students_and_the_term_start() -> None:
    assert due(date(2025, 9, 1)) == {CrisisTime.NEW_STUDENTS: ("初一",), CrisisTime.TERM_START: ()}
    assert due(date(2025, 9, 14)) == {CrisisTime.NEW_STUDENTS: ("初一",), CrisisTime.TERM_START: ()}
    assert due(date(2025, 9, 15)) == {CrisisTime.NEW_STUDENTS: ("初一",)}  # 开学季 is two weeks
    assert due(date(2025, 9, 28)) == {CrisisTime.NEW_STUDENTS: ("初一",)}
    assert due(date(2025, 9, 29)) == {}  # 新生入学 is four weeks
    assert due(date(2025, 9, 1), BOTH)[CrisisTime.NEW_STUDENTS] == ("初一", "高一")


def test_mid_term_and_holidays_have_nothing_due() -> None:
    assert due(date(2025, 10, 13)) == {}
    assert due(date(2026, 2, 1)) == {}  # 寒假
    assert due(date(2026, 8, 1)) == {}  # 暑假
    assert crisis_checks_due(date(2025, 9, 1), (), MIDDLE) == []  # no terms set up yet


def test_exam_season_is_the_last_two_weeks_of_every_term() -> None:
    assert due(date(2026, 1, 6)) == {}
    assert due(date(2026, 1, 7)) == {CrisisTime.EXAMS: ()}
    assert due(date(2026, 1, 20)) == {CrisisTime.EXAMS: ()}
    assert CrisisTime.EXAMS in due(date(2026, 6, 27))


def test_spring_term_start_and_the_spring_season() -> None:
    assert due(date(2026, 2, 24)) == {CrisisTime.TERM_START: (), CrisisTime.SPRING: ()}
    assert due(date(2026, 3, 20)) == {CrisisTime.SPRING: ()}
    assert due(date(2026, 4, 6)) == {CrisisTime.SPRING: ()}
    assert due(date(2026, 4, 7)) == {}  # six weeks


def test_graduation_season_is_for_the_final_year_in_the_spring_term() -> None:
    start = SPRING.end - timedelta(weeks=8, days=-1)
    assert due(start - timedelta(days=1)) == {}
    assert due(start) == {CrisisTime.GRADUATION: ("初三",)}
    assert due(date(2026, 7, 1), BOTH) == {CrisisTime.GRADUATION: ("初三", "高三"), CrisisTime.EXAMS: ()}
    assert CrisisTime.GRADUATION not in due(date(2026, 1, 10))  # not in the autumn term
    assert CrisisTime.GRADUATION not in due(date(2026, 7, 1), MIDDLE[:2])  # no 毕业年级 at school


@pytest.mark.parametrize("day", [date(2025, 9, 1), date(2026, 1, 10), date(2026, 3, 1), date(2026, 7, 1)])
def test_each_check_says_what_to_do_in_chinese(day: date) -> None:
    for check in crisis_checks_due(day, TERMS, BOTH):
        assert check.text.startswith(check.time.value) and "请" in check.text
        assert "月" in check.text and "—" in check.text
        assert not re.search(r"(?<!\d)0\d[月日]", check.text)  # 9月1日, never 09月01日


def test_text_names_the_grades_and_dates() -> None:
    [new, _start] = crisis_checks_due(date(2025, 9, 3), TERMS, BOTH)
    assert new.text.startswith("新生入学（初一、高一，9月1日—9月28日）：请开展新生心理适应帮扶")


def test_a_short_term_keeps_every_window_inside_it() -> None:
    short = TermSpan(2, date(2026, 3, 2), date(2026, 3, 20))
    for check in crisis_checks_due(date(2026, 3, 10), (short,), BOTH):
        assert short.start <= check.start <= check.end <= short.end
