"""Grade and class names as schools write them, and the one form the program shows.

七(3)班, 七年级3班, 初一3班, 初一（3）班, 高二（5）班, 高2.5班, 三年级二班 … all become a
stage (小学/初中/高中), a year within the stage and a class number; the display form is
"初一(3)班", "高二(5)班", "三年级(2)班" (ASCII brackets, as in the demo school).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from counselroom.domain.students.enrolment_values import BadValue, half_width

STAGES = ("小学", "初中", "高中")
_STAGE_YEARS = {"小学": 6, "初中": 3, "高中": 3}
_STAGE_OFFSET = {"小学": 0, "初中": 6, "高中": 9}  # years of schooling before the stage
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_NUMBER = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
FORMS = "初一(3)班、七年级3班、高二（5）班、高2.5班"


@dataclass(frozen=True, order=True)
class GradeName:
    stage: str  # 小学 初中 高中
    year_in_stage: int

    @property
    def name(self) -> str:
        numeral = "一二三四五六"[self.year_in_stage - 1]
        return f"{numeral}年级" if self.stage == "小学" else f"{self.stage[0]}{numeral}"

    @property
    def sort_order(self) -> int:
        """小学 before 初中 before 高中: the year of schooling, 1–12."""
        return _STAGE_OFFSET[self.stage] + self.year_in_stage


@dataclass(frozen=True, order=True)
class ClassName:
    grade: GradeName
    number: int

    @property
    def name(self) -> str:
        return f"{self.grade.name}({self.number})班"


def cn_number(text: str) -> int:
    """1–99 written in Arabic or Chinese numerals (三, 十二, 二十一)."""
    if text.isdigit():
        return int(text)
    tens, _, ones = text.rpartition("十")
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else -1
    return (_CN_DIGITS.get(tens, -1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, -1) if ones else 0)


def _grade(stage: str, year: int) -> GradeName | None:
    if not stage:  # a bare year of schooling: 1–6 小学, 7–9 初中, 10–12 高中
        stage = next((s for s in reversed(STAGES) if year > _STAGE_OFFSET[s]), "")
    if stage and year > _STAGE_YEARS[stage]:
        year -= _STAGE_OFFSET[stage]  # 初中七年级 → 初一
    if stage and 1 <= year <= _STAGE_YEARS[stage]:
        return GradeName(stage, year)
    return None


# (pattern, how to read stage and year from the match), tried in order.
_GRADE_FORMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"(小学|初中|高中)?({_NUMBER})年级"), "stage-year"),  # 七年级, 高中二年级
    (re.compile(r"([初高])中?([一二三1-3])(?:年级)?"), "prefix-year"),  # 初一, 高2, 初中一
    (re.compile(r"小学?([一二三四五六1-6])(?:年级)?"), "primary"),  # 小三, 小学3
    (re.compile(r"([一二三四五六七八九十]{1,3})(?=[(.\-·_]|\d)"), "bare"),  # 七(3)班, 七3班
    (re.compile(r"(\d{1,2})(?=[(.\-·_])"), "bare"),  # 7(3)班, 7-3, 8.2 — never 12班
)


def _take_grade(text: str) -> tuple[GradeName | None, str]:
    """The grade at the start of `text` and what follows it; (None, text) when there is none."""
    for pattern, kind in _GRADE_FORMS:
        m = pattern.match(text)
        if not m:
            continue
        if kind == "stage-year":
            grade = _grade(m[1] or "", cn_number(m[2]))
        elif kind == "prefix-year":
            grade = _grade("初中" if m[1] == "初" else "高中", cn_number(m[2]))
        elif kind == "primary":
            grade = _grade("小学", cn_number(m[1]))
        else:
            grade = _grade("", cn_number(m[1]))
        if grade is not None:
            return grade, text[m.end() :]
    return None, text


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", half_width(text))


def parse_grade(text: str) -> GradeName:
    value = _compact(text)
    grade, rest = _take_grade(value)
    if grade is None or rest not in ("", "级"):
        raise BadValue(f"无法识别的年级“{text.strip()}”，请写成 初一、七年级、高二 或 三年级")
    return grade


def parse_class(class_text: str, grade: GradeName | None = None) -> ClassName:
    """A class from the 班级 cell, with the grade from a separate 年级 column if there is one."""
    value = _compact(class_text)
    if not value:
        raise BadValue("班级为空")
    found, rest = _take_grade(value)
    if grade is not None and found is not None and found != grade:
        raise BadValue(f"班级“{value}”与年级“{grade.name}”不一致")
    if found is None:
        found, rest = grade, value
    if found is None:
        raise BadValue(f"无法识别班级“{value}”的年级，请写成 {FORMS} 等形式，或另加“年级”列")
    m = re.fullmatch(rf"[.\-·_]?\(?({_NUMBER})\)?班?", rest)
    number = cn_number(m[1]) if m else -1
    if not 1 <= number <= 99:
        raise BadValue(f"无法识别的班级“{value}”，请写成 {FORMS} 等形式")
    return ClassName(found, number)
