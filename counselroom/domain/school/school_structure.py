"""How a class moves up at the end of a school year. Names and ordering come from
class_names, so imported, generated and promoted grades agree."""

from __future__ import annotations

from counselroom.domain.school.class_names import ClassName, GradeName

_STAGE_YEARS = {"小学": 6, "初中": 3, "高中": 3}


def grade_name(stage: str, year_in_stage: int) -> str:
    return GradeName(stage, year_in_stage).name


def grade_sort_order(stage: str, year_in_stage: int) -> int:
    return GradeName(stage, year_in_stage).sort_order


def is_final_year(stage: str, year_in_stage: int) -> bool:
    return year_in_stage >= _STAGE_YEARS.get(stage, 3)


def class_name(stage: str, year_in_stage: int, number: int) -> str:
    """The one display form used everywhere: 初一(3)班, 高二(5)班, 三年级(2)班."""
    return ClassName(GradeName(stage, year_in_stage), number).name
