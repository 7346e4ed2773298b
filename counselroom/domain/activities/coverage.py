"""Coverage of the school's activities against its policy profile: which rule applies to a class,
the two-week windows lessons are judged in, and each gap in words. Pure; the numbers come in.

Lessons (`lessons.per_two_weeks`): a term is cut into two-week windows from its first day —
window i is [start + 14·i, start + 14·i + 14), clipped to the term's end. Only a window that is
over is judged; the one holding the day looked at is 进行中, and a last window shorter than two
weeks is shown but not judged (a few days before the holiday cannot hold "every two weeks").
A class meets a window when its 课时 there reach the rule's value.

Per term (主题班团队会, 专题活动, 家长学校, 会议) and per class (家访) a count is judged against the
rule's value; a rule without a number (渭南 "定期召开") shows the count and judges nothing.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from counselroom.domain.activities.home_visits import VisitUnit
from counselroom.domain.school.policy_profiles import Rule

WINDOW_DAYS = 14


class WindowState(enum.StrEnum):
    ENDED = "已结束"  # judged
    RUNNING = "进行中"  # holds the day looked at: shown, not judged
    SHORT = "不足两周"  # the term's last days: shown, not judged


@dataclass(frozen=True)
class Window:
    index: int  # 0 for the term's first two weeks
    start: date
    end: date  # last day, inclusive
    state: WindowState
    first_week: int  # 第几周 of the term, from 1
    last_week: int

    @property
    def judged(self) -> bool:
        return self.state is WindowState.ENDED

    @property
    def label(self) -> str:
        return _weeks(self.first_week, self.last_week)


def _weeks(first: int, last: int) -> str:
    return f"第 {first} 周" if first == last else f"第 {first}–{last} 周"


def two_week_windows(start: date, end: date, as_of: date) -> tuple[Window, ...]:
    """The windows of the term [start, end] that have begun by `as_of`, in order."""
    found: list[Window] = []
    index = 0
    while (first := start + timedelta(days=WINDOW_DAYS * index)) <= min(end, as_of):
        last = min(first + timedelta(days=WINDOW_DAYS - 1), end)
        if as_of <= last:
            state = WindowState.RUNNING
        else:
            state = WindowState.ENDED if (last - first).days == WINDOW_DAYS - 1 else WindowState.SHORT
        found.append(Window(index, first, last, state, 2 * index + 1, (last - start).days // 7 + 1))
        index += 1
    return tuple(found)


def applies_to(rule: Rule, stage: str, year_in_stage: int) -> bool:
    """Whether a per-class rule covers a class of this stage and year (南昌 lessons: 起始或关键年级,
    the first and final year; 渭南 and 江西: every class)."""
    return (not rule.stages or stage in rule.stages) and (not rule.years or year_in_stage in rule.years)


def missed_windows(windows: Sequence[Window], hours: Mapping[int, int], value: int) -> tuple[Window, ...]:
    """The judged windows whose 课时 (window index → hours) fall short of `value`."""
    return tuple(w for w in windows if w.judged and hours.get(w.index, 0) < value)


def lesson_gap_text(class_name: str, missed: Sequence[Window], hours: Mapping[int, int], value: int) -> str:
    """ "初一(3)班 第 5–6 周没有心理课"; runs of missed windows read as one span of weeks."""
    none = [w for w in missed if hours.get(w.index, 0) == 0]
    few = [w for w in missed if hours.get(w.index, 0) > 0]
    parts = []
    if none:
        parts.append(f"{_spans(none)}没有心理课")
    if few:
        parts.append(f"{_spans(few)}心理课不足 {value} 课时")
    return f"{class_name} {'，'.join(parts)}" if parts else ""


def _spans(windows: Sequence[Window]) -> str:
    runs: list[list[Window]] = []
    for w in windows:
        if runs and runs[-1][-1].index == w.index - 1:
            runs[-1].append(w)
        else:
            runs.append([w])
    weeks = [_weeks(run[0].first_week, run[-1].last_week).removeprefix("第 ").removesuffix(" 周") for run in runs]
    return f"第 {'、'.join(weeks)} 周"


def short_of(value: int | None, ours: int) -> bool:
    """A gap: the rule has a number and ours is below it. No number, no verdict."""
    return value is not None and ours < value


def count_gap_text(subject: str, what: str, ours: int, rule: Rule, *, period: str = "本学期") -> str:
    """ "初一(3)班 本学期还没有主题班团队会" or "本学期会议 1 次，应至少 2 次"; "" when no gap."""
    if not short_of(rule.value, ours):
        return ""
    lead = f"{subject} {period}" if subject else period
    if ours == 0:
        return f"{lead}还没有{what}"
    return f"{lead}{what} {ours} {rule.unit}，应至少 {rule.value} {rule.unit}"


@dataclass(frozen=True)
class VisitCoverage:
    unit: VisitUnit
    units: int  # families (or students) of the class
    visited: int

    @property
    def not_visited(self) -> int:
        return max(0, self.units - self.visited)


def visit_unit(rule: Rule) -> VisitUnit:
    """家庭 or 学生 as the profile's home_visits.count says; a rule that does not say counts students."""
    return VisitUnit.FAMILY if rule.per == VisitUnit.FAMILY.value else VisitUnit.STUDENT


def visit_coverage(
    rule: Rule, *, students: int, students_visited: int, families: int, families_visited: int
) -> VisitCoverage:
    """A class's home visits by the rule's unit. The counts say whether each unit was visited at
    all in the term, so a rule asking 1 visit (every profile's) is judged exactly."""
    unit = visit_unit(rule)
    if unit is VisitUnit.FAMILY:
        return VisitCoverage(unit, families, families_visited)
    return VisitCoverage(unit, students, students_visited)


def visit_gap_text(class_name: str, coverage: VisitCoverage) -> str:
    """ "初二(1)班 本学期还有 12 个家庭未家访" / "…还有 3 名学生未家访"; "" when all are visited."""
    if coverage.not_visited == 0:
        return ""
    counted = "个家庭" if coverage.unit is VisitUnit.FAMILY else "名学生"
    return f"{class_name} 本学期还有 {coverage.not_visited} {counted}未家访"
