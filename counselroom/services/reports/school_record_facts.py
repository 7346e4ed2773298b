"""The school store's own records for one term, as the reports show them: staff and their
qualifications, activities that name no student (团体辅导, 宣传, 家长学校 …), meetings, 心理委员 per class
and lessons per grade. Nothing here reads the care store or names a student."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from counselroom.domain.activities.school_activities import ActivityKind
from counselroom.domain.school.peer_monitors import check_class, monitor_rule
from counselroom.domain.school.policy_profiles import PolicyProfile
from counselroom.domain.students.student_facts import StaffPosition
from counselroom.services.activities.coverage_lines import LESSONS, CoverageLine
from counselroom.services.reports.report_term import ReportTerm
from counselroom.store.activities import coverage_queries as queries
from counselroom.store.care import care_records
from counselroom.store.connection import Connection
from counselroom.store.school import school_activities, staff

COUNSELOR_POSITIONS = (StaffPosition.FULL_TIME_COUNSELOR.value, StaffPosition.PART_TIME_COUNSELOR.value)
OTHER_OCCASION = "其他"


@dataclass(frozen=True)
class Counselor:
    name: str  # staff, not a student
    position: str  # 专职心理教师 / 兼职心理教师
    qualifications: str


@dataclass(frozen=True)
class StaffFacts:
    by_position: tuple[tuple[str, int], ...]  # every position, in StaffPosition's order
    counselors: tuple[Counselor, ...]  # 专职 first, then 兼职
    students: int  # at school now

    def count(self, position: StaffPosition) -> int:
        return dict(self.by_position).get(position.value, 0)

    @property
    def students_per_counselor(self) -> int | None:
        """Students ÷ (专职 + 兼职), rounded; None without a counselor."""
        n = len(self.counselors)
        return round(self.students / n) if n else None


@dataclass(frozen=True)
class ActivityCount:
    kind: str  # ActivityKind value
    held: int
    participants: int  # as recorded (人次)


@dataclass(frozen=True)
class ActivityFacts:
    by_kind: tuple[ActivityCount, ...]  # every ActivityKind, in its order
    publicity_by_occasion: tuple[tuple[str, int], ...]  # 5·25心理健康日 … then 其他
    meetings_by_body: tuple[tuple[str, int], ...]

    def held(self, kind: ActivityKind) -> int:
        return next((a.held for a in self.by_kind if a.kind == kind.value), 0)


@dataclass(frozen=True)
class PeerMonitorFacts:
    rule: str  # 初中、普通高中每班男、女心理委员各 1 名（S001，鼓励）; "" when the profile sets none
    required: int  # classes the rule covers
    complete: int
    short: tuple[str, ...]  # 初二(3)班：缺女生心理委员


@dataclass(frozen=True)
class GradeLessons:
    grade: str
    classes: int  # classes the lesson rule covers (0 when it covers none of the grade)
    classes_met: int  # of those, every judged two-week window met
    hours: int  # 课时 in the term, every class of the grade


def staff_facts(conn: Connection, students: int) -> StaffFacts:
    members = staff.active_staff(conn)
    by_position = {p.value: 0 for p in StaffPosition}
    for m in members:
        by_position[m.position] = by_position.get(m.position, 0) + 1
    counselors = sorted(
        (Counselor(m.name, m.position, m.qualifications) for m in members if m.position in COUNSELOR_POSITIONS),
        key=lambda c: COUNSELOR_POSITIONS.index(c.position),
    )
    return StaffFacts(tuple(by_position.items()), tuple(counselors), students)


def activity_facts(conn: Connection, term: ReportTerm) -> ActivityFacts:
    rows = school_activities.between(conn, term.start, term.end)
    by_kind = tuple(
        ActivityCount(k.value, sum(1 for r in rows if r.kind == k), sum(r.participants for r in rows if r.kind == k))
        for k in ActivityKind
    )
    occasions: dict[str, int] = {}
    for r in rows:
        if r.kind == ActivityKind.PUBLICITY:
            occasion = r.occasion.strip() or OTHER_OCCASION
            occasions[occasion] = occasions.get(occasion, 0) + 1
    other = occasions.pop(OTHER_OCCASION, 0)
    ordered = sorted(occasions.items(), key=lambda item: (-item[1], item[0]))
    ordered += [(OTHER_OCCASION, other)] if other else []
    meetings = queries.meetings_per_body(conn, term.start, term.end)
    return ActivityFacts(by_kind, tuple(ordered), tuple(sorted(meetings.items())))


def peer_monitor_facts(conn: Connection, profile: PolicyProfile) -> PeerMonitorFacts:
    """心理委员 per class now (school store: who they are is school information)."""
    rule = monitor_rule(profile)
    if rule is None:
        return PeerMonitorFacts("", 0, 0, ())
    checks = [(row.class_name, check_class(rule, row.stage, row.boys, row.girls)) for row in
              care_records.classes_with_monitor_counts(conn)]  # fmt: skip
    required = [(name, c) for name, c in checks if c.required]
    return PeerMonitorFacts(
        f"{rule.text}（{rule.source}，{rule.strength}）",
        len(required),
        sum(1 for _name, c in required if c.complete),
        tuple(f"{name}：{c.text}" for name, c in required if not c.complete),
    )


def grade_lessons(conn: Connection, term: ReportTerm, lines: Sequence[CoverageLine]) -> tuple[GradeLessons, ...]:
    """课时 per grade for every class at school in the term; classes judged from the 达标情况 lines."""
    classes = queries.classes_during(conn, term.start, term.end)
    hours = queries.lesson_hours_per_class(conn, term.start, term.end)
    lesson_lines = [line for line in lines if line.area == LESSONS]
    found = []
    for grade in dict.fromkeys(c.grade_name for c in classes):
        judged = [line for line in lesson_lines if line.group == grade]
        found.append(
            GradeLessons(
                grade,
                len(judged),
                sum(1 for line in judged if not line.gap),
                sum(hours.get(c.id, 0) for c in classes if c.grade_name == grade),
            )
        )
    return tuple(found)
