"""The key groups to cover with 成长导师 and 重点关注, each with the seed that names it.

- S003 item 26 (成长导师制): 单亲、离异、留守、随迁家庭学生，有先天性疾病、体质异常学生，存在心理问题
  学生，家庭经济困难学生，学习压力大的学生 — the groups mentor coverage counts;
- S004 §一.1: 面临升学压力的初三、高三学生 (its own line in the coverage), and 残疾 among the
  困境学生; S001: 孤儿和事实无人抚养儿童; S000: the 六困生 of 院校领导重点谈.

A group is a short name (the student list's column), the seed's phrase, the seed, and a test
over plain student facts, so the student list, the coverage view and the report count alike.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from counselroom.domain.students.student_facts import StudentFlag


class ScreenDecision(enum.StrEnum):
    """Where a positive screen (or a risk answer) stands with the counselor."""

    NONE = ""  # no proposal was filed for it
    PENDING = "待确认"
    CONFIRMED = "已确认"
    REJECTED = "已驳回"


def undecided(decisions: Iterable[str]) -> bool:
    """A screen the counselor has not yet decided on: its proposal waits, or none was filed."""
    return any(d in (ScreenDecision.NONE, ScreenDecision.PENDING) for d in decisions)


@dataclass(frozen=True)
class StudentFacts:
    flags: frozenset[str]
    stage: str  # 初中 / 高中 / 小学 / 中职
    year_in_stage: int  # 3 for 初三 and 高三
    on_warning_list: bool  # an open entry: the counselor confirmed it
    screen_decisions: frozenset[str] = frozenset()  # ScreenDecision of each positive screen


@dataclass(frozen=True)
class KeyGroup:
    name: str  # short, for a list column
    phrase: str  # the seed's own words
    source: str
    applies: Callable[[StudentFacts], bool]


def _flag(*flags: StudentFlag) -> Callable[[StudentFacts], bool]:
    return lambda facts: any(f.value in facts.flags for f in flags)


def exam_year(facts: StudentFacts) -> bool:
    return facts.stage in ("初中", "高中") and facts.year_in_stage == 3


def psychological_concern(facts: StudentFacts) -> bool:
    """存在心理问题 follows the counselor's decision: an open warning entry, or a positive screen
    not yet decided — never one the counselor rejected (nor a confirmed entry since closed)."""
    return facts.on_warning_list or undecided(facts.screen_decisions)


F = StudentFlag
# S003 item 26: each of these students gets one 成长导师.
MENTOR_GROUPS: tuple[KeyGroup, ...] = (
    KeyGroup("单亲", "单亲家庭学生", "S003", _flag(F.SINGLE_PARENT)),
    KeyGroup("离异", "离异家庭学生", "S003", _flag(F.DIVORCED)),
    KeyGroup("留守", "留守家庭学生", "S003", _flag(F.LEFT_BEHIND)),
    KeyGroup("随迁", "随迁家庭学生", "S003", _flag(F.MIGRANT)),
    KeyGroup("先天性疾病", "有先天性疾病学生", "S003", _flag(F.CONGENITAL)),
    KeyGroup("体质异常", "体质异常学生", "S003", _flag(F.PHYSICAL_ANOMALY)),
    KeyGroup("心理问题", "存在心理问题学生", "S003", psychological_concern),
    KeyGroup("家庭经济困难", "家庭经济困难学生", "S003", _flag(F.LOW_INCOME, F.HARDSHIP_ECONOMIC)),
    KeyGroup("学习压力大", "学习压力大的学生", "S003", _flag(F.LEARNING_PRESSURE)),
)
EXAM_YEAR_GROUP = KeyGroup("初三/高三升学压力", "面临升学压力的初三、高三学生", "S004", exam_year)
OTHER_GROUPS: tuple[KeyGroup, ...] = (
    KeyGroup("残疾", "残疾学生", "S004", _flag(F.DISABILITY)),
    KeyGroup("孤儿/事实无人抚养", "孤儿和事实无人抚养儿童", "S001", _flag(F.ORPHAN)),
    *(
        KeyGroup(f.value, f.value, "S000", _flag(f))
        for f in (
            F.HARDSHIP_PHYSICAL,
            F.HARDSHIP_PSYCHOLOGICAL,
            F.HARDSHIP_ECONOMIC,
            F.HARDSHIP_LEARNING,
            F.HARDSHIP_EMPLOYMENT,
            F.HARDSHIP_OTHER,
        )
    ),
)
KEY_GROUPS: tuple[KeyGroup, ...] = (*MENTOR_GROUPS, EXAM_YEAR_GROUP, *OTHER_GROUPS)


def groups_of(facts: StudentFacts) -> list[str]:
    """Every key group the student is in, by short name, in KEY_GROUPS order."""
    return [g.name for g in KEY_GROUPS if g.applies(facts)]


def mentor_groups_of(facts: StudentFacts) -> list[str]:
    """The S003 item 26 groups only: who should have a 成长导师."""
    return [g.name for g in MENTOR_GROUPS if g.applies(facts)]
