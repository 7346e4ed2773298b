"""How a class moves up at the end of a school year. Names and ordering come from
class_names, so imported, generated and promoted grades agree."""

from __future__ import annotations

from counselroom.domain.school.class_names import DEFAULT_FORM, ClassName, GradeName, NameForm

_STAGE_YEARS = {"小学": 6, "初中": 3, "高中": 3, "中职": 3}


def grade_name(stage: str, year_in_stage: int, form: NameForm = DEFAULT_FORM) -> str:
    return GradeName(stage, year_in_stage).display(form)


def grade_sort_order(stage: str, year_in_stage: int) -> int:
    return GradeName(stage, year_in_stage).sort_order


def is_final_year(stage: str, year_in_stage: int) -> bool:
    return year_in_stage >= _STAGE_YEARS.get(stage, 3)


def class_name(stage: str, year_in_stage: int, number: int, form: NameForm = DEFAULT_FORM) -> str:
    """The school's form: 初一(3)班 by default, or 七年级（3）班 …; 高二(5)班, 三年级(2)班, 中职一年级(1)班."""
    return ClassName(GradeName(stage, year_in_stage), number).display(form)
