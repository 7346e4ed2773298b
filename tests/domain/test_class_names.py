"""Class names as the school writes them (初一(3)班 or 七年级（3）班), full-width brackets in print,
and 中职 as a stage beside 小学/初中/高中."""

from __future__ import annotations

import pytest

from counselroom.domain.school.class_names import (
    DEFAULT_FORM,
    NAME_FORMS,
    GradeName,
    NameForm,
    name_form,
    parse_class,
    parse_grade,
    print_name,
)
from counselroom.domain.school.school_structure import class_name, grade_name, is_final_year


def test_the_four_forms_and_their_examples() -> None:
    assert [f.example for f in NAME_FORMS] == ["初一(3)班", "初一（3）班", "七年级(3)班", "七年级（3）班"]
    assert DEFAULT_FORM.example == "初一(3)班"
    assert name_form("七年级（3）班") == NameForm(years=True, full_width=True)
    assert name_form("something else") == DEFAULT_FORM


@pytest.mark.parametrize(
    ("stage", "year", "short", "years_full"),
    [
        ("小学", 3, "三年级(2)班", "三年级（2）班"),
        ("初中", 1, "初一(2)班", "七年级（2）班"),
        ("初中", 3, "初三(2)班", "九年级（2）班"),
        ("高中", 2, "高二(2)班", "高二（2）班"),
        ("中职", 1, "中职一年级(2)班", "中职一年级（2）班"),
    ],
)
def test_each_stage_in_the_default_and_the_schools_own_form(stage: str, year: int, short: str, years_full: str) -> None:
    assert class_name(stage, year, 2) == short
    assert class_name(stage, year, 2, NameForm(years=True, full_width=True)) == years_full
    assert print_name(short) == short.replace("(", "（").replace(")", "）")


@pytest.mark.parametrize(
    ("text", "stage", "year"),
    [
        ("中职一年级2班", "中职", 1),
        ("职一(2)班", "中职", 1),
        ("职高二3班", "中职", 2),
        ("中专三年级（1）班", "中职", 3),
        ("职一年级3班", "中职", 1),
        ("10.3班", "高中", 1),  # a bare year of schooling is never 中职
        ("七年级（3）班", "初中", 1),
    ],
)
def test_enrolment_sheets_name_vocational_classes_many_ways(text: str, stage: str, year: int) -> None:
    assert parse_class(text).grade == GradeName(stage, year)


def test_vocational_grades_sort_after_senior_high_and_graduate_after_three_years() -> None:
    assert parse_grade("中职一年级") == GradeName("中职", 1)
    assert GradeName("高中", 3).sort_order < GradeName("中职", 1).sort_order
    assert is_final_year("中职", 3) and not is_final_year("中职", 2)
    assert grade_name("初中", 2, NameForm(years=True)) == "八年级"
