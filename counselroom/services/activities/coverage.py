"""达标情况: a term's activities against the school's policy profile — lessons every two weeks per
class, 主题班团队会 per class, 专题活动 per grade, 家长学校 and meetings per term, trainings per person
for the school year, and home visits per class by the profile's unit (家庭 or 学生).

VIEW_AGGREGATES: the counselor, the lead, the principal and the admin see the same numbers. Nothing
here opens the care store — home-visit numbers are the counts the care side keeps in the school
store (care_counts), and no line names a student. Each line carries its rule (value, unit, source,
the document's own words), ours, and whether it falls short; `gaps` says each shortfall in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from counselroom.domain.activities.coverage import WindowState, two_week_windows
from counselroom.domain.errors import NotFound
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.school.terms import term_label
from counselroom.services.activities import coverage_lines as lines
from counselroom.services.activities.coverage_lines import CoverageLine
from counselroom.services.guard import authorize
from counselroom.services.school.policy import policy_of
from counselroom.store.activities import coverage_queries as queries
from counselroom.store.database import Database

# The areas in the order the view shows them (CoverageLine.area).
AREAS = lines.AREAS

__all__ = ["AREAS", "ActivityCoverage", "CoverageLine", "LessonWindow", "activity_coverage"]


@dataclass(frozen=True)
class LessonWindow:
    """A two-week window of the term, the columns of the lesson table."""

    index: int
    label: str  # 第 5–6 周
    start: date
    end: date  # last day
    state: str  # 已结束 (judged) / 进行中 / 不足两周

    @property
    def judged(self) -> bool:
        return self.state == WindowState.ENDED.value


@dataclass(frozen=True)
class ActivityCoverage:
    term_id: int
    term: str  # 2025-2026学年第一学期
    school_year: str  # 2025-2026: trainings count "每年" as this 学年
    profile: str  # 南昌市
    as_of: date
    term_over: bool  # False: the term's counts may still grow
    windows: tuple[LessonWindow, ...]
    lines: tuple[CoverageLine, ...]  # in AREAS order, then class, grade or person
    gaps: list[str] = field(default_factory=list)

    def area(self, name: str) -> tuple[CoverageLine, ...]:
        return tuple(line for line in self.lines if line.area == name)


def activity_coverage(db: Database, actor: Actor, term_id: int, *, now: datetime) -> ActivityCoverage:
    authorize(db, actor, Permission.VIEW_AGGREGATES, now=now)
    term = queries.term_span(db.conn, term_id)
    if term is None:
        raise NotFound("没有这个学期", field="学期")
    profile, as_of = policy_of(db.conn), now.date()
    windows = two_week_windows(term.start, term.end, as_of)
    found = lines.all_lines(db.conn, profile, term, windows)
    return ActivityCoverage(
        term.id,
        term_label(term.year_name, term.number),
        term.year_name,
        profile.name,
        as_of,
        as_of > term.end,
        tuple(LessonWindow(w.index, w.label, w.start, w.end, w.state.value) for w in windows),
        found,
        [line.gap_text for line in found if line.gap and line.gap_text],
    )
