"""特殊节点的危机排查: when the seeds ask for a crisis check, dated from the school's own terms.

S001 §4: "加强新生群体心理适应帮扶和开学季、毕业季、考试季等特殊节点的危机排查"; S003: "针对
春季、入学季、考试季、毕业季等特殊节点，加强对特殊群体的心理危机干预"; S001 §3: a 心理普查 in
both the spring and the autumn term. The seeds name the times but not their dates, so the rules
here are simple ones a counselor can check against the calendar on the wall:

- 新生入学: the first four weeks of the autumn term, for the starting grades (初一, 高一, 一年级…);
- 开学季:   the first two weeks of every term;
- 考试季:   the last two weeks of every term (期末考试);
- 毕业季:   the last eight weeks of the spring term, for the final-year grades (中考、高考 fall in it);
- 春季:     the first six weeks of the spring term (the 春季普查 and the season the seeds single out).

Outside a term (the holidays) nothing is due. Each check says what to do, in Chinese.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from counselroom.domain.school.school_structure import is_final_year

AUTUMN, SPRING = 1, 2  # 第一学期, 第二学期


class CrisisTime(enum.StrEnum):
    NEW_STUDENTS = "新生入学"
    TERM_START = "开学季"
    EXAMS = "考试季"
    GRADUATION = "毕业季"
    SPRING = "春季"


@dataclass(frozen=True)
class TermSpan:
    number: int  # 1 autumn, 2 spring
    start: date
    end: date


@dataclass(frozen=True)
class GradeSpan:
    """A grade at school now: its name as shown and where it sits in its stage."""

    name: str
    stage: str
    year_in_stage: int


@dataclass(frozen=True)
class CrisisCheck:
    time: CrisisTime
    start: date
    end: date
    grades: tuple[str, ...]  # the grades it is for; () for the whole school

    @property
    def text(self) -> str:
        """What to do, for the 今日 board."""
        who = f"{'、'.join(self.grades)}，" if self.grades else ""
        return f"{self.time.value}（{who}{day_text(self.start)}—{day_text(self.end)}）：{ADVICE[self.time]}"


ADVICE = {
    CrisisTime.NEW_STUDENTS: "请开展新生心理适应帮扶，入学一个月内完成新生心理测评和危机排查。",
    CrisisTime.TERM_START: "请组织开学危机排查：班主任、心理委员摸排学生返校后的情绪和适应情况，重点关注学生逐一回访。",
    CrisisTime.EXAMS: "请做考前危机排查，提醒班主任留意考试焦虑、情绪低落、作息异常的学生。",
    CrisisTime.GRADUATION: "请对毕业年级做升学压力与危机排查，重点关注学生逐一谈心。",
    CrisisTime.SPRING: "春季是心理危机易发期：请完成本学期心理普查，对重点关注学生加强排查和干预。",
}

NEW_STUDENT_WEEKS, TERM_START_WEEKS, EXAM_WEEKS, GRADUATION_WEEKS, SPRING_WEEKS = 4, 2, 2, 8, 6


def day_text(day: date) -> str:
    return f"{day.month}月{day.day}日"


def crisis_checks_due(today: date, terms: Sequence[TermSpan], grades: Sequence[GradeSpan]) -> list[CrisisCheck]:
    """The checks whose window holds `today`, in the order the seeds list them."""
    term = next((t for t in terms if t.start <= today <= t.end), None)
    if term is None:
        return []
    return [c for c in _windows(term, grades) if c.start <= today <= c.end]


def _windows(term: TermSpan, grades: Sequence[GradeSpan]) -> list[CrisisCheck]:
    starting = tuple(g.name for g in grades if g.year_in_stage == 1)
    final = tuple(g.name for g in grades if is_final_year(g.stage, g.year_in_stage))
    found = []
    if term.number == AUTUMN and starting:
        found.append(_first(term, NEW_STUDENT_WEEKS, CrisisTime.NEW_STUDENTS, starting))
    found.append(_first(term, TERM_START_WEEKS, CrisisTime.TERM_START))
    found.append(_last(term, EXAM_WEEKS, CrisisTime.EXAMS))
    if term.number == SPRING and final:
        found.append(_last(term, GRADUATION_WEEKS, CrisisTime.GRADUATION, final))
    if term.number == SPRING:
        found.append(_first(term, SPRING_WEEKS, CrisisTime.SPRING))
    return found


def _first(term: TermSpan, weeks: int, time: CrisisTime, grades: tuple[str, ...] = ()) -> CrisisCheck:
    return CrisisCheck(time, term.start, min(term.end, term.start + timedelta(weeks=weeks, days=-1)), grades)


def _last(term: TermSpan, weeks: int, time: CrisisTime, grades: tuple[str, ...] = ()) -> CrisisCheck:
    return CrisisCheck(time, max(term.start, term.end - timedelta(weeks=weeks, days=-1)), term.end, grades)
