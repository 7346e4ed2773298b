"""The key groups to cover with 成长导师 and 重点关注 (S003 item 26; S004 §一.1).

A group is a name, the document it comes from, and a test over plain student facts, so the
coverage view and the self-inspection report count the same students.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from counselroom.domain.students.student_facts import StudentFlag


@dataclass(frozen=True)
class StudentFacts:
    flags: frozenset[str]
    stage: str  # 初中 / 高中 / 小学 / 中职
    year_in_stage: int  # 3 for 初三 and 高三
    on_warning_list: bool
    screened_positive: bool


@dataclass(frozen=True)
class KeyGroup:
    name: str
    source: str
    applies: Callable[[StudentFacts], bool]


def _flag(*flags: StudentFlag) -> Callable[[StudentFacts], bool]:
    return lambda facts: any(f.value in facts.flags for f in flags)


def _exam_year(facts: StudentFacts) -> bool:
    return facts.stage in ("初中", "高中") and facts.year_in_stage == 3


def _psychological(facts: StudentFacts) -> bool:
    return facts.on_warning_list or facts.screened_positive or StudentFlag.HARDSHIP_PSYCHOLOGICAL.value in facts.flags


KEY_GROUPS: tuple[KeyGroup, ...] = (
    KeyGroup("单亲", "S003/S004", _flag(StudentFlag.SINGLE_PARENT)),
    KeyGroup("离异", "S003", _flag(StudentFlag.DIVORCED)),
    KeyGroup("留守", "S003/S004", _flag(StudentFlag.LEFT_BEHIND)),
    KeyGroup("随迁", "S003", _flag(StudentFlag.MIGRANT)),
    KeyGroup("先天性疾病", "S003", _flag(StudentFlag.CONGENITAL)),
    KeyGroup("体质异常", "S003", _flag(StudentFlag.PHYSICAL_ANOMALY)),
    KeyGroup("心理问题", "S003", _psychological),
    KeyGroup("经济困难/贫困", "S003/S004", _flag(StudentFlag.LOW_INCOME, StudentFlag.HARDSHIP_ECONOMIC)),
    KeyGroup("学习压力大", "S003", _flag(StudentFlag.LEARNING_PRESSURE, StudentFlag.HARDSHIP_LEARNING)),
    KeyGroup("残疾", "S004", _flag(StudentFlag.DISABILITY)),
    KeyGroup("初三/高三升学压力", "S004", _exam_year),
    KeyGroup("孤儿/事实无人抚养", "S000", _flag(StudentFlag.ORPHAN)),
)


def groups_of(facts: StudentFacts) -> list[str]:
    return [g.name for g in KEY_GROUPS if g.applies(facts)]
