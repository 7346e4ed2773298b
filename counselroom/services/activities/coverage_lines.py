"""The lines of the 达标情况 view, one builder per area, each from the school store's counts
(store/activities/coverage_queries.py) and the profile's rule. A rule the profile lacks gives no
line (江西 has no home-visit rule, so no 家访 lines)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from counselroom.domain.activities import coverage as rules
from counselroom.domain.activities import training_needs as needs
from counselroom.domain.activities.coverage import Window
from counselroom.domain.activities.home_visits import VisitUnit
from counselroom.domain.activities.school_activities import ActivityKind
from counselroom.domain.school.policy_profiles import PolicyProfile, Rule
from counselroom.domain.school.terms import term_code
from counselroom.store.activities import activity_counts
from counselroom.store.activities import coverage_queries as queries
from counselroom.store.activities.activity_counts import ClassVisitCount
from counselroom.store.activities.coverage_queries import TermSpan
from counselroom.store.connection import Connection

LESSONS = "心理课"
HOME_VISITS = "家访"
TRAININGS = "培训"
MEETINGS = "会议"
AREAS = (
    LESSONS,
    HOME_VISITS,
    ActivityKind.CLASS_MEETING.value,
    ActivityKind.THEMED.value,
    ActivityKind.PARENT_SCHOOL.value,
    MEETINGS,
    TRAININGS,
)
WHOLE_SCHOOL = "全校"


@dataclass(frozen=True)
class CoverageLine:
    area: str  # one of AREAS
    subject: str  # 初一(3)班 / 初一 / 王老师 / 全校
    subject_id: int | None  # the class, grade or staff id; None for the whole school
    group: str  # the class's or grade's 年级, the person's 专职心理教师/兼职心理教师/班主任/其他教师; else ""
    rule_key: str
    item: str  # the rule's item: 心理健康活动课
    requirement: str  # the rule with its number: 每两周 1 课时
    value: int | None  # None: the rule has no number, so the line judges nothing
    unit: str
    source: str  # S001
    quote: str  # the document's own words
    ours: int  # what the records give, in `ours_text`'s unit (lessons: windows met)
    needed: int | None  # what the rule asks of this subject; None: no verdict
    ours_text: str  # 5/6 个两周达标 · 30/42 个家庭已家访 · 12 学时
    gap: bool
    gap_text: str  # the words for `gaps`; "" when none
    by_window: tuple[int, ...] = ()  # 心理课: 课时 in each of the view's windows


@dataclass(frozen=True)
class _Verdict:
    ours: int
    needed: int | None
    ours_text: str
    gap_text: str  # "" when no gap


def _line(
    area: str,
    subject: str,
    subject_id: int | None,
    group: str,
    rule: Rule,
    verdict: _Verdict,
    by_window: tuple[int, ...] = (),
) -> CoverageLine:
    gap = rules.short_of(verdict.needed, verdict.ours)
    return CoverageLine(
        area, subject, subject_id, group, rule.key, rule.item, rule.text(), rule.value, rule.unit, rule.source,
        rule.quote, verdict.ours, verdict.needed, verdict.ours_text, gap, verdict.gap_text if gap else "", by_window,
    )  # fmt: skip


def all_lines(
    conn: Connection, profile: PolicyProfile, term: TermSpan, windows: Sequence[Window]
) -> tuple[CoverageLine, ...]:
    classes = queries.classes_during(conn, term.start, term.end)
    return (
        *lesson_lines(conn, profile, term, windows, classes),
        *visit_lines(conn, profile, term, classes),
        *class_meeting_lines(conn, profile, term, classes),
        *themed_lines(conn, profile, term, classes),
        *term_lines(conn, profile, term),
        *training_lines(conn, profile, term),
    )


def lesson_lines(
    conn: Connection,
    profile: PolicyProfile,
    term: TermSpan,
    windows: Sequence[Window],
    classes: Sequence[queries.CoveredClass],
) -> list[CoverageLine]:
    rule = profile.rule("lessons.per_two_weeks")
    if rule is None or rule.value is None:
        return []
    hours = queries.lesson_hours_by_window(conn, term.start, term.end)
    found = []
    for c in (c for c in classes if rules.applies_to(rule, c.stage, c.year_in_stage)):
        per_window = {w.index: hours.get((c.id, w.index), 0) for w in windows}
        missed = rules.missed_windows(windows, per_window, rule.value)
        judged = sum(1 for w in windows if w.judged)
        met = judged - len(missed)
        gap_text = rules.lesson_gap_text(c.name, missed, per_window, rule.value)
        verdict = _Verdict(met, judged, f"{met}/{judged} 个两周达标", gap_text)
        found.append(
            _line(LESSONS, c.name, c.id, c.grade_name, rule, verdict, tuple(per_window[w.index] for w in windows))
        )
    return found


def _count_line(area: str, subject: str, subject_id: int | None, group: str, rule: Rule, ours: int) -> CoverageLine:
    """A count against the rule's number; one without a number shows the count and no verdict."""
    gap_text = rules.count_gap_text("" if subject == WHOLE_SCHOOL else subject, area, ours, rule)
    return _line(
        area, subject, subject_id, group, rule, _Verdict(ours, rule.value, f"{ours} {rule.unit or '次'}", gap_text)
    )


def class_meeting_lines(
    conn: Connection, profile: PolicyProfile, term: TermSpan, classes: Sequence[queries.CoveredClass]
) -> list[CoverageLine]:
    """A 全校 or 年级 主题班团队会 counts for every class it reaches."""
    rule, kind = profile.rule("activities.class_meetings"), ActivityKind.CLASS_MEETING
    if rule is None:
        return []
    counts = queries.activities_per_class(conn, kind.value, term.start, term.end)
    return [_count_line(kind.value, c.name, c.id, c.grade_name, rule, counts.get(c.id, 0)) for c in classes]


def themed_lines(
    conn: Connection, profile: PolicyProfile, term: TermSpan, classes: Sequence[queries.CoveredClass]
) -> list[CoverageLine]:
    rule, kind = profile.rule("activities.themed"), ActivityKind.THEMED
    if rule is None:
        return []
    counts = queries.activities_per_grade(conn, kind.value, term.start, term.end)
    grades = dict.fromkeys((c.grade_id, c.grade_name) for c in classes)  # in school order, once each
    return [_count_line(kind.value, name, gid, name, rule, counts.get(gid, 0)) for gid, name in grades]


def term_lines(conn: Connection, profile: PolicyProfile, term: TermSpan) -> list[CoverageLine]:
    """家长学校 and meetings (every body's together) per term, for the whole school."""
    found = []
    if (parents := profile.rule("parent_lectures.count")) is not None:
        held = queries.activity_count(conn, ActivityKind.PARENT_SCHOOL.value, term.start, term.end)
        found.append(_count_line(ActivityKind.PARENT_SCHOOL.value, WHOLE_SCHOOL, None, "", parents, held))
    if (meetings := profile.rule("meetings.count")) is not None:
        held = sum(queries.meetings_per_body(conn, term.start, term.end).values())
        found.append(_count_line(MEETINGS, WHOLE_SCHOOL, None, "", meetings, held))
    return found


def training_lines(conn: Connection, profile: PolicyProfile, term: TermSpan) -> list[CoverageLine]:
    """Each active person's trainings for the term's school year, against their group's rules."""
    totals = queries.training_totals(
        conn, year_start=term.year_start, year_end=term.year_end, recent_start=needs.recent_start(term.year_start)
    )
    found = []
    people = [
        (person, *needs.training_rules(profile, person.position, leads_a_class=person.leads_a_class))
        for person in queries.staff_for_training(conn)
    ]
    people.sort(key=lambda p: list(needs.TrainingGroup).index(p[1]))  # 专职, 兼职, 班主任, 其他教师
    for person, group, person_rules in people:
        t = totals.get(person.id)
        tally = needs.TrainingTally(*(t.hours, t.sessions, t.courses, t.provincial_recent, t.city_ever) if t else ())
        for rule in person_rules:
            ours = needs.measured(rule, tally)
            text, gap_text = needs.measured_text(rule, ours), needs.training_gap_text(person.name, rule, ours)
            found.append(
                _line(TRAININGS, person.name, person.id, group.value, rule, _Verdict(ours, rule.value, text, gap_text))
            )
    return found


def visit_lines(
    conn: Connection, profile: PolicyProfile, term: TermSpan, classes: Sequence[queries.CoveredClass]
) -> list[CoverageLine]:
    """家访 per class by the profile's unit (南昌 家庭, 渭南 学生), from the counts the care side keeps
    in the school store: whether each family or student was visited at all in the term."""
    rule = profile.rule("home_visits.count")
    if rule is None:
        return []
    counts = activity_counts.home_visit_counts(conn, term_code(term.year_name, term.number))
    found = []
    for c in classes:
        n = counts.get(c.id) or ClassVisitCount(c.id, 0, 0, 0, 0)
        visits = rules.visit_coverage(
            rule,
            students=n.students,
            students_visited=n.students_visited,
            families=n.families,
            families_visited=n.families_visited,
        )
        counted = "个家庭" if visits.unit is VisitUnit.FAMILY else "名学生"
        needed = visits.units if rule.value is not None else None
        text = f"{visits.visited}/{visits.units} {counted}已家访"
        verdict = _Verdict(visits.visited, needed, text, rules.visit_gap_text(c.name, visits))
        found.append(_line(HOME_VISITS, c.name, c.id, c.grade_name, rule, verdict))
    return found
