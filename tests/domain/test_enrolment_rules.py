"""Enrolment rules without files or a database: every form a teacher types, and every refusal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from counselroom.domain.school.class_names import GradeName, parse_class, parse_grade
from counselroom.domain.students.enrolment_rules import EnrolmentRejected, RowError, parse_enrolment
from counselroom.domain.students.enrolment_values import (
    BadValue,
    parse_birth_date,
    parse_family_flags,
    parse_gender,
    parse_name,
    parse_phones,
    parse_student_no,
)
from counselroom.domain.students.pinyin_initials import name_initials

TODAY = date(2025, 10, 13)


@dataclass(frozen=True)
class L:
    number: int
    cells: tuple[str, ...]


def lines(*rows: tuple[str, ...]) -> list[L]:
    return [L(i, tuple(r)) for i, r in enumerate(rows, start=1)]


HEADER = ("学号", "姓名", "性别", "出生日期", "班级")


# -- class names --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("七(3)班", "初一(3)班"),
        ("七年级3班", "初一(3)班"),
        ("初一3班", "初一(3)班"),
        ("初一(3)班", "初一(3)班"),
        ("初一（3）班", "初一(3)班"),
        ("高二（5）班", "高二(5)班"),
        ("高2.5班", "高二(5)班"),
        ("高二（５）班", "高二(5)班"),
        ("八年级(12)班", "初二(12)班"),
        ("九年级一班", "初三(1)班"),
        ("初中一年级3班", "初一(3)班"),
        ("高中三年级2班", "高三(2)班"),
        ("十年级2班", "高一(2)班"),
        ("三年级二班", "三年级(2)班"),
        ("小学六年级(1)班", "六年级(1)班"),
        ("7-3", "初一(3)班"),
        (" 初一 (3) 班 ", "初一(3)班"),
        ("高一(10)班", "高一(10)班"),
    ],
)
def test_class_forms_become_one_display_form(text: str, expected: str) -> None:
    assert parse_class(text).name == expected


def test_stage_and_year_are_kept_for_sorting() -> None:
    primary, junior, senior = parse_class("六年级1班"), parse_class("七(1)班"), parse_class("高一1班")
    assert junior.grade == GradeName("初中", 1)
    assert primary.grade.sort_order < junior.grade.sort_order < senior.grade.sort_order
    assert (primary.grade.sort_order, junior.grade.sort_order, senior.grade.sort_order) == (6, 7, 10)


@pytest.mark.parametrize(
    ("cls", "grade", "expected"),
    [
        ("3班", "初二", "初二(3)班"),
        ("(3)班", "八年级", "初二(3)班"),
        ("12", "高一", "高一(12)班"),
        ("初二(3)班", "八年级", "初二(3)班"),
    ],
)
def test_a_separate_grade_column(cls: str, grade: str, expected: str) -> None:
    assert parse_class(cls, parse_grade(grade)).name == expected


@pytest.mark.parametrize(
    ("cls", "grade", "says"),
    [
        ("3班", None, "年级"),
        ("高四1班", None, "年级"),
        ("初一", None, "无法识别的班级"),
        ("初一(100)班", None, "无法识别的班级"),
        ("", None, "班级为空"),
        ("高二(5)班", GradeName("高中", 3), "不一致"),
    ],
)
def test_bad_classes_say_why(cls: str, grade: GradeName | None, says: str) -> None:
    with pytest.raises(BadValue, match=says):
        parse_class(cls, grade)


def test_unknown_grade_is_refused() -> None:
    with pytest.raises(BadValue, match="年级"):
        parse_grade("大一")


# -- dates --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "2011-03-05",
        "2011.3.5",
        "2011/3/5",
        "20110305",
        "2011年3月5日",
        "40607",
        "40607.0",
        "2011-03-05 00:00:00",
        "２０１１－０３－０５",
        " 2011 - 3 - 5 ",
    ],
)
def test_every_date_form(text: str) -> None:
    assert parse_birth_date(text, today=TODAY) == date(2011, 3, 5)


def test_empty_date_is_not_given() -> None:
    assert parse_birth_date("  ", today=TODAY) is None


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2011-02-30", "不存在"),
        ("2011-13-01", "不存在"),
        ("20110230", "不存在"),
        ("2024-01-01", "年龄 1 岁"),
        ("1990-05-01", "年龄 35 岁"),
        ("2011.03", "只有年和月"),
        ("2011", "无法识别"),
        ("去年", "无法识别"),
    ],
)
def test_impossible_dates_and_ages_are_refused(text: str, says: str) -> None:
    with pytest.raises(BadValue, match=says):
        parse_birth_date(text, today=TODAY)


def test_age_bounds_are_inclusive() -> None:
    assert parse_birth_date("2020-10-13", today=TODAY) == date(2020, 10, 13)  # exactly 5
    with pytest.raises(BadValue):
        parse_birth_date("2020-10-14", today=TODAY)  # one day short of 5


# -- other cells --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "gender"),
    [
        ("男", "男"),
        ("女", "女"),
        ("M", "男"),
        ("f", "女"),
        ("Male", "男"),
        ("FEMALE", "女"),
        ("1", "男"),
        ("2", "女"),
        (" 男 ", "男"),
        ("男生", "男"),
        ("Ｆ", "女"),
    ],
)
def test_genders(text: str, gender: str) -> None:
    assert parse_gender(text) == gender


@pytest.mark.parametrize("text", ["X", "0", "未知", ""])
def test_unknown_gender(text: str) -> None:
    with pytest.raises(BadValue, match="性别"):
        parse_gender(text)


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("0791-86123456", "0791-86123456"),
        ("010-12345678", "010-12345678"),
        ("(0797)8123456", "0797-8123456"),
        ("13812345678/0791-86123456", "13812345678、0791-86123456"),
        ("", ""),
    ],
)
def test_phones(text: str, phone: str) -> None:
    assert parse_phones(text) == phone


@pytest.mark.parametrize("text", ["12345", "1381234567", "23812345678", "86123456", "138123456789"])
def test_bad_phones(text: str) -> None:
    with pytest.raises(BadValue, match="电话"):
        parse_phones(text)


def test_student_numbers() -> None:
    assert parse_student_no(" ２０２５ ００１ ") == "2025001"
    assert parse_student_no("g3601012011") == "G3601012011"
    with pytest.raises(BadValue, match="科学计数法"):
        parse_student_no("2.02501E+17")
    with pytest.raises(BadValue, match="学号为空"):
        parse_student_no(" ")
    with pytest.raises(BadValue, match="字符"):
        parse_student_no("2025#1")


def test_names_lose_padding_spaces_but_keep_their_dot() -> None:
    assert parse_name(" 李  娜 ") == "李娜"
    assert parse_name("阿依古丽 • 买买提") == "阿依古丽·买买提"
    with pytest.raises(BadValue, match="姓名为空"):
        parse_name("\u3000")
    with pytest.raises(BadValue):
        parse_name("张三2")


def test_family_flags() -> None:
    assert parse_family_flags("单亲、留守儿童") == {"单亲", "留守"}
    assert parse_family_flags("随迁子女，低保") == {"随迁", "经济困难"}
    assert parse_family_flags("无") == frozenset()
    with pytest.raises(BadValue, match="富裕"):
        parse_family_flags("单亲、富裕")


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("张晓明", "zxm"),
        ("单田芳", "stf"),
        ("曾小贤", "zxx"),
        ("解缙", "xj"),
        ("仇英", "qy"),
        ("查良镛", "zly"),
        ("朴树", "ps"),
        ("尉迟恭", "ycg"),
        ("欧阳娜娜", "oynn"),
        ("阿依古丽·买买提", "ayglmmt"),
    ],
)
def test_pinyin_initials(name: str, initials: str) -> None:
    assert name_initials(name) == initials


# -- whole sheets -------------------------------------------------------------------------
def test_header_aliases_and_priority() -> None:
    parsed = parse_enrolment(
        lines(
            ("学籍号", "学号", "学生姓名", "性别", "出生年月", "班别", "家长姓名", "关系", "手机", "备注", "身高"),
            ("G001", "1", "张三", "男", "2012.1.2", "初一3班", "张父", "爸爸", "13812345678", "x", "150"),
        ),
        0,
        today=TODAY,
    )
    assert not parsed.errors
    row = parsed.rows[0]
    assert row.student_no == "1"  # 学号 wins over 学籍号
    assert row.guardians[0].name == "张父" and row.guardians[0].relation == "父亲"
    assert set(parsed.ignored_columns) == {"学籍号", "备注", "身高"}
    assert row.family_flags is None and not parsed.has_family_column


def test_missing_columns_are_named_on_the_header_row() -> None:
    parsed = parse_enrolment(lines(("标题",), ("学号", "姓名", "班级"), ("1", "张三", "初一3班")), 1, today=TODAY)
    assert parsed.errors == (RowError(2, "性别", "缺少“性别”列"),)
    assert parsed.rows == ()


def test_two_row_header_with_a_guardian_group() -> None:
    parsed = parse_enrolment(
        lines(
            ("学号", "姓名", "性别", "班级", "父亲", "父亲", "监护人信息", "监护人信息"),
            ("学号", "姓名", "性别", "班级", "姓名", "电话", "姓名", "联系电话"),
            ("1", "张三", "男", "初一3班", "张大", "13812345678", "李奶奶", "13912345678"),
        ),
        0,
        today=TODAY,
    )
    assert not parsed.errors
    row = parsed.rows[0]
    assert row.name == "张三"
    assert [(g.name, g.relation, g.phone) for g in row.guardians] == [
        ("李奶奶", "监护人", "13912345678"),
        ("张大", "父亲", "13812345678"),
    ]


def test_duplicate_student_number_names_the_first_row() -> None:
    parsed = parse_enrolment(
        lines(
            HEADER,
            ("1", "张三", "男", "", "初一3班"),
            ("2", "李四", "女", "", "初一3班"),
            ("1", "王五", "男", "", "初一3班"),
        ),
        0,
        today=TODAY,
    )
    assert [r.student_no for r in parsed.rows] == ["1", "2"]
    assert parsed.errors == (RowError(4, "学号", "学号“1”与第 2 行重复"),)


def test_every_problem_of_every_row_is_reported() -> None:
    parsed = parse_enrolment(
        lines(
            HEADER,
            ("1", "", "男", "2011-02-30", "初一3班"),
            ("1", "李四", "X", "", "三班"),
        ),
        0,
        today=TODAY,
    )
    assert {(e.row, e.column) for e in parsed.errors} == {
        (2, "姓名"),
        (2, "出生日期"),
        (3, "学号"),
        (3, "性别"),
        (3, "班级"),
    }
    assert all(e.message for e in parsed.errors)


def test_banners_footers_blank_lines_and_repeated_headers_are_not_rows() -> None:
    parsed = parse_enrolment(
        lines(
            ("序号", *HEADER),
            ("初一(3)班",) * 6,  # a merged section banner
            ("1", "1", "张三", "男", "", "初一3班"),
            ("", "", "", "", "", ""),
            ("序号", *HEADER),
            ("2", "2", "李四", "女", "", "初一3班"),
            ("3", "", "", "", "", ""),  # a pre-filled 序号
            ("合计：2人", "", "", "", "", ""),
            ("", "制表：王老师", "", "", "", ""),
        ),
        0,
        today=TODAY,
    )
    assert not parsed.errors
    assert [r.name for r in parsed.rows] == ["张三", "李四"]


def test_a_lone_student_number_is_an_incomplete_row_not_a_footer() -> None:
    parsed = parse_enrolment(lines(HEADER, ("2025009", "", "", "", "")), 0, today=TODAY)
    assert {e.column for e in parsed.errors} == {"姓名", "性别", "班级"}


def test_rejection_message_lists_the_first_rows() -> None:
    errors = [RowError(i, "姓名", "姓名为空") for i in range(3, 10)]
    rejected = EnrolmentRejected(errors)
    assert "7 处错误" in rejected.message and "第 3 行“姓名”：姓名为空" in rejected.message
    assert "第 9 行" not in rejected.message and "共 7 处" in rejected.message
    assert rejected.errors == tuple(errors)


def test_a_cohort_in_the_grade_column_defers_to_the_class() -> None:
    parsed = parse_enrolment(
        lines(
            ("学号", "姓名", "性别", "年级", "班级"),
            ("1", "张三", "男", "2025级", "初一(3)班"),
            ("2", "李四", "女", "2023届", "3班"),
            ("3", "王五", "男", "九年级", "3班"),
            ("4", "赵六", "男", "大一", "初一(3)班"),
        ),
        0,
        today=TODAY,
    )
    assert [(r.student_no, r.class_name.name) for r in parsed.rows] == [("1", "初一(3)班"), ("3", "初三(3)班")]
    assert {(e.row, e.column) for e in parsed.errors} == {(3, "班级"), (5, "年级")}


def test_group_row_above_the_header_line() -> None:
    """基本信息 / 家长信息 over the real headers: the header line found is the lower one."""
    parsed = parse_enrolment(
        lines(
            ("某校名单",) * 6,
            ("基本信息", "基本信息", "基本信息", "基本信息", "家长信息", "家长信息"),
            ("学号", "姓名", "性别", "班级", "姓名", "电话"),
            ("1", "张三", "男", "初一3班", "张大", "13812345678"),
        ),
        2,
        today=TODAY,
    )
    assert not parsed.errors and parsed.ignored_columns == ()
    assert (parsed.rows[0].name, parsed.rows[0].guardians[0].name) == ("张三", "张大")
