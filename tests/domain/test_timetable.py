"""Timetable rows without files or a database: the forms of 星期 and 节次 a teacher types, the
headers schools use, every refusal with its row and column, and the weeks a lesson falls on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from counselroom.domain.activities.timetable import SchoolLookup, TimetableRejected, parse_timetable
from counselroom.domain.activities.timetable_cells import BadValue, parse_period, parse_text, parse_weekday
from counselroom.domain.activities.timetable_header import find_header, read_header
from counselroom.domain.activities.timetable_weeks import lesson_weeks
from counselroom.domain.errors import ValidationError
from counselroom.domain.school.class_names import ClassName, GradeName
from counselroom.domain.school.school_days import NationalDay, SchoolDay


@dataclass(frozen=True)
class L:
    number: int
    cells: tuple[str, ...]


def lines(*rows: tuple[str, ...]) -> list[L]:
    return [L(i, tuple(r)) for i, r in enumerate(rows, start=1)]


def cls(year: int, number: int) -> ClassName:
    return ClassName(GradeName("初中", year), number)


SCHOOL = SchoolLookup(
    classes={cls(1, 1): (11, "初一(1)班"), cls(1, 2): (12, "初一(2)班"), cls(2, 1): (21, "初二(1)班")},
    staff={"王芳": (7,), "李明": (8, 9)},
)
HEADER = ("班级", "星期", "节次", "课题", "任课教师")


# -- cells ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "day"),
    [("一", 1), ("周三", 3), ("星期五", 5), ("礼拜二", 2), ("4", 4), ("４", 4), (" 周 二 ", 2), ("星期 3", 3)],
)
def test_weekdays_as_schools_write_them(text: str, day: int) -> None:
    assert parse_weekday(text) == day


@pytest.mark.parametrize(
    ("text", "reason"), [("", "为空"), ("周六", "周末"), ("日", "周末"), ("8", "无法识别"), ("周一二", "无法识别")]
)
def test_bad_weekdays_say_why(text: str, reason: str) -> None:
    with pytest.raises(BadValue, match=reason):
        parse_weekday(text)


@pytest.mark.parametrize(
    ("text", "period"),
    [("3", 3), ("第3节", 3), ("第三节", 3), ("3节", 3), ("第１２节", 12), ("十", 10), ("第 5 节", 5)],
)
def test_periods(text: str, period: int) -> None:
    assert parse_period(text) == period


@pytest.mark.parametrize(
    ("text", "reason"), [("", "为空"), ("0", "无法识别"), ("13", "无法识别"), ("上午", "无法识别"), ("3-4", "连堂")]
)
def test_bad_periods_say_why(text: str, reason: str) -> None:
    with pytest.raises(BadValue, match=reason):
        parse_period(text)


def test_free_text_is_trimmed_and_a_formula_refused() -> None:
    assert parse_text("  情绪  管理 ", label="课题", longest=60) == "情绪 管理"
    with pytest.raises(BadValue, match="公式"):
        parse_text('=HYPERLINK("x")', label="课题", longest=60)
    with pytest.raises(BadValue, match="过长"):
        parse_text("长" * 61, label="课题", longest=60)


# -- headers ----------------------------------------------------------------------------------
def test_header_aliases_and_a_title_row() -> None:
    sheet = lines(("2025-2026学年心理课课表",) * 4, ("班别", "周几", "第几节", "内容"), ("初一1班", "一", "3", ""))
    at = find_header(sheet, sheet="课表")
    columns, first = read_header(sheet, at)
    assert (at, first, columns.header_row) == (1, 2, 2)
    assert {f: columns.header(f) for f in ("class", "weekday", "period", "topic")} == {
        "class": "班别",
        "weekday": "周几",
        "period": "第几节",
        "topic": "内容",
    }


def test_a_header_over_two_rows() -> None:
    sheet = lines(
        ("班级", "上课时间", "上课时间", "课题", "备注"),
        ("班级", "星期", "节次", "课题", "备注"),
        ("初一(1)班", "周一", "第2节", "情绪管理", "补课"),
    )
    parsed = parse_timetable(sheet, find_header(sheet, sheet="课表"), SCHOOL)
    assert parsed.errors == () and parsed.ignored_columns == ("备注",)
    assert [(r.row, r.class_id, r.weekday, r.period, r.topic) for r in parsed.rows] == [(3, 11, 1, 2, "情绪管理")]


def test_no_header_is_explained() -> None:
    with pytest.raises(ValidationError, match="没有找到表头"):
        find_header(lines(("学号", "姓名"), ("1", "张三")), sheet="名单")


def test_missing_columns_are_row_errors_on_the_header() -> None:
    parsed = parse_timetable(lines(("班级", "课题"), ("初一(1)班", "x")), 0, SCHOOL)
    assert [(e.row, e.column) for e in parsed.errors] == [(1, "星期"), (1, "节次")]


# -- rows -------------------------------------------------------------------------------------
def test_rows_are_matched_to_classes_and_staff() -> None:
    sheet = lines(
        HEADER,
        ("初一(1)班", "一", "3", "生命教育", "王 芳"),
        ("", "", "", "", ""),
        ("七年级2班", "周三", "第5节", "", ""),
        ("初二年级", "初二年级", "初二年级", "初二年级", "初二年级"),  # a banner merged across
        HEADER,  # repeated on the next page
        ("初二（1）班", "星期五", "１", "", ""),
        ("制表：教务处",),
    )
    parsed = parse_timetable(sheet, 0, SCHOOL)
    assert parsed.errors == ()
    assert [(r.row, r.class_name, r.weekday_name, r.period, r.teacher_id, r.teacher) for r in parsed.rows] == [
        (2, "初一(1)班", "周一", 3, 7, "王芳"),
        (4, "初一(2)班", "周三", 5, None, ""),
        (7, "初二(1)班", "周五", 1, None, ""),
    ]


def test_each_bad_row_names_its_row_and_column() -> None:
    sheet = lines(
        HEADER,
        ("初三(9)班", "一", "3", "", ""),  # no such class
        ("初一(1)班", "六", "3", "", ""),  # weekend
        ("初一(1)班", "一", "", "", "赵六"),  # no period, unknown teacher
        ("初一(1)班", "二", "4", "=1+2", "李明"),  # formula, two staff called 李明
        ("初一(2)班", "二", "4", "", ""),
        ("七年级（2）班", "周二", "第四节", "", ""),  # the same lesson again
    )
    parsed = parse_timetable(sheet, 0, SCHOOL)
    assert [(e.row, e.column) for e in parsed.errors] == [
        (2, "班级"),
        (3, "星期"),
        (4, "节次"),
        (4, "任课教师"),
        (5, "课题"),
        (5, "任课教师"),
        (7, ""),
    ]
    assert "初三(9)班" in parsed.errors[0].message and "2 位“李明”" in parsed.errors[5].message
    assert str(parsed.errors[-1]) == "第 7 行：与第 6 行是同一班级的同一节课"
    assert [r.row for r in parsed.rows] == [6]
    rejected = TimetableRejected(parsed.errors)
    assert "7 处错误，未导入任何心理课" in rejected.message and "共 7 处" in rejected.message


# -- weeks ------------------------------------------------------------------------------------
def no_holidays(day: date) -> NationalDay | None:
    return None


def national(day: date) -> NationalDay | None:
    return NationalDay(True, False, "国庆节") if date(2025, 10, 1) <= day <= date(2025, 10, 8) else None


def test_every_week_on_the_weekday() -> None:
    weeks = lesson_weeks(date(2025, 9, 1), date(2025, 9, 30), school_days={}, national=no_holidays)
    assert weeks[3] == (date(2025, 9, 3), date(2025, 9, 10), date(2025, 9, 17), date(2025, 9, 24))
    assert sorted(weeks) == [1, 2, 3, 4, 5] and len(weeks[1]) == 5  # weekends keep no timetable


def test_holidays_and_the_schools_own_days() -> None:
    school_days = {
        date(2025, 10, 15): SchoolDay(date(2025, 10, 15), False, "运动会"),
        date(2025, 10, 11): SchoolDay(date(2025, 10, 11), True, "调休上课", follows_weekday=2),  # a Saturday
    }
    weeks = lesson_weeks(date(2025, 9, 29), date(2025, 10, 22), school_days=school_days, national=national)
    assert weeks[3] == (date(2025, 10, 11), date(2025, 10, 22))  # 10-01 国庆, 10-15 运动会; 10-11 follows 周三
    assert all(date(2025, 10, 11) not in weeks[w] for w in (1, 2, 4, 5))
