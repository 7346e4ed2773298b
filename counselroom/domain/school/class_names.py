"""Grade and class names as schools write them, and the form the program shows.

七(3)班, 七年级3班, 初一3班, 初一（3）班, 高二（5）班, 高2.5班, 三年级二班, 中职一年级2班, 职一(2)班 …
all become a stage (小学/初中/高中/中职), a year within the stage and a class number. The school
chooses the form shown on screen (a NameForm: 初一 or 七年级, ASCII or full-width brackets; the
default is "初一(3)班", as in the demo school); printed Chinese text always takes full-width
brackets (print_name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from counselroom.domain.students.enrolment_values import BadValue, half_width

STAGES = ("小学", "初中", "高中", "中职")  # 高中 is 普通高中; 中职 中等职业学校 (S001: 中职一年级 36 学时)
_STAGE_YEARS = {"小学": 6, "初中": 3, "高中": 3, "中职": 3}
_STAGE_OFFSET = {"小学": 0, "初中": 6, "高中": 9, "中职": 9}  # years of schooling before the stage
_SORT_OFFSET = {"小学": 0, "初中": 6, "高中": 9, "中职": 12}  # 中职 after 普通高中 in lists
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_NUMBER = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
FORMS = "初一(3)班、七年级3班、高二（5）班、高2.5班、中职一年级2班"


@dataclass(frozen=True)
class NameForm:
    """How the school writes its classes: 初一 or 七年级 for 初中, (3) or （3）."""

    years: bool = False  # 七年级 (九年一贯 numbering) rather than 初一
    full_width: bool = False  # 初一（3）班 rather than 初一(3)班

    @property
    def example(self) -> str:
        return ClassName(GradeName("初中", 1), 3).display(self)


DEFAULT_FORM = NameForm()
NAME_FORMS = tuple(NameForm(years, full) for years in (False, True) for full in (False, True))


def name_form(example: str) -> NameForm:
    """The form whose example is `example` (as kept in settings); the default for anything else."""
    return next((f for f in NAME_FORMS if f.example == example), DEFAULT_FORM)


def print_name(name: str) -> str:
    """Chinese print takes full-width brackets: 初一(3)班 → 初一（3）班."""
    return name.replace("(", "（").replace(")", "）")


@dataclass(frozen=True, order=True)
class GradeName:
    stage: str  # 小学 初中 高中 中职
    year_in_stage: int

    @property
    def name(self) -> str:
        return self.display(DEFAULT_FORM)

    def display(self, form: NameForm) -> str:
        numeral = "一二三四五六"[self.year_in_stage - 1]
        if self.stage == "小学":
            return f"{numeral}年级"
        if self.stage == "中职":
            return f"中职{numeral}年级"
        if self.stage == "初中" and form.years:
            return f"{'七八九'[self.year_in_stage - 1]}年级"
        return f"{self.stage[0]}{numeral}"

    @property
    def sort_order(self) -> int:
        """小学 before 初中 before 高中 before 中职: 1–12 the year of schooling, 中职 13–15."""
        return _SORT_OFFSET[self.stage] + self.year_in_stage


@dataclass(frozen=True, order=True)
class ClassName:
    grade: GradeName
    number: int

    @property
    def name(self) -> str:
        return self.display(DEFAULT_FORM)

    def display(self, form: NameForm) -> str:
        number = f"（{self.number}）" if form.full_width else f"({self.number})"
        return f"{self.grade.display(form)}{number}班"


def cn_number(text: str) -> int:
    """1–99 written in Arabic or Chinese numerals (三, 十二, 二十一)."""
    if text.isdigit():
        return int(text)
    tens, _, ones = text.rpartition("十")
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else -1
    return (_CN_DIGITS.get(tens, -1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, -1) if ones else 0)


def _grade(stage: str, year: int) -> GradeName | None:
    if not stage:  # a bare year of schooling: 1–6 小学, 7–9 初中, 10–12 高中 (never 中职)
        stage = next((s for s in ("高中", "初中", "小学") if year > _STAGE_OFFSET[s]), "")
    if stage and year > _STAGE_YEARS[stage]:
        year -= _STAGE_OFFSET[stage]  # 初中七年级 → 初一
    if stage and 1 <= year <= _STAGE_YEARS[stage]:
        return GradeName(stage, year)
    return None


_VOCATIONAL = {"职高": "中职", "职业高中": "中职", "中专": "中职"}  # all 中等职业学校
# (pattern, how to read stage and year from the match), tried in order.
_GRADE_FORMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"(小学|初中|高中|中职|职高|职业高中|中专)?({_NUMBER})年级"), "stage-year"),  # 七年级, 中职一年级
    (re.compile(r"(?:中职|职高|职业高中|中专|职)([一二三1-3])(?:年级)?"), "vocational"),  # 职一, 中职1, 职高二
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
            grade = _grade(_VOCATIONAL.get(m[1] or "", m[1] or ""), cn_number(m[2]))
        elif kind == "vocational":
            grade = _grade("中职", cn_number(m[1]))
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
        raise BadValue(f"无法识别的年级“{text.strip()}”，请写成 初一、七年级、高二、三年级 或 中职一年级")
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
