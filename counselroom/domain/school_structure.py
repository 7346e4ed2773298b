"""Stages and grades of Chinese schools, and how a class moves up at the end of a school year."""

from __future__ import annotations

GRADE_NAMES: dict[str, tuple[str, ...]] = {
    "小学": ("一年级", "二年级", "三年级", "四年级", "五年级", "六年级"),
    "初中": ("初一", "初二", "初三"),
    "高中": ("高一", "高二", "高三"),
    "中职": ("中职一年级", "中职二年级", "中职三年级"),
}
STAGE_ORDER = {"小学": 0, "初中": 1, "高中": 2, "中职": 3}


def grade_name(stage: str, year_in_stage: int) -> str:
    return GRADE_NAMES[stage][year_in_stage - 1]


def grade_sort_order(stage: str, year_in_stage: int) -> int:
    return STAGE_ORDER[stage] * 10 + year_in_stage


def is_final_year(stage: str, year_in_stage: int) -> bool:
    return year_in_stage >= len(GRADE_NAMES[stage])


def class_name(stage: str, year_in_stage: int, number: int) -> str:
    """The one display form used everywhere: 初一(3)班, 高二(5)班, 三年级(2)班."""
    return f"{grade_name(stage, year_in_stage)}({number})班"
