"""Every number the 学期自查报告 needs for one term (docs/reports-design.md §2), from the school store
only — the counts the care side keeps there and the school's own records — so the principal, who
never holds the care key, builds the same facts as a counselor or the lead. VIEW_AGGREGATES.

Counts of students (warnings, cases by issue type, screening positives, referrals, incidents,
sessions) are protected at the profile's threshold (domain/small_counts.py) whoever reads them: a
report printed by the counselor and one printed by the principal agree. The 达标情况 lines
(services/activities/coverage.py) are taken as they are — lessons, 班团队会, 专题活动, 家长学校,
meetings, trainings, home visits — and judged there, not here. Reading is not audited: these are
aggregates, as the 达标情况 view is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.small_counts import is_small_count, shown_count
from counselroom.services.activities import room_facts as rooms
from counselroom.services.activities.coverage import ActivityCoverage, activity_coverage
from counselroom.services.activities.room_facts import RoomBudget, RoomFacts, RoomUse
from counselroom.services.guard import authorize
from counselroom.services.reports import care_count_facts as care
from counselroom.services.reports import school_record_facts as records
from counselroom.services.reports.care_count_facts import (
    CaseFacts,
    IncidentFacts,
    ReferralFacts,
    ScreeningFacts,
    SessionFacts,
    TalkLine,
    WarningFacts,
)
from counselroom.services.reports.report_term import ReportTerm, report_term
from counselroom.services.reports.school_record_facts import (
    ActivityFacts,
    GradeLessons,
    PeerMonitorFacts,
    StaffFacts,
)
from counselroom.services.school.hotlines import local_hotlines
from counselroom.services.school.policy import policy_of
from counselroom.store.activities import activity_counts
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.school import classes, report_notes, school, trainings
from counselroom.store.students import enrolment


@dataclass(frozen=True)
class RoomUseFacts:
    """RoomUse (services/activities/room_facts.py) with its session count protected: the hours and
    the rate are left out while the count is small, as they would give it back."""

    school_days: int
    rooms: int
    open_hours: float
    sessions: str  # 已到, "<5" when small
    booked_hours: float | None
    rate: float | None
    duty_days: int
    duty_logs: int


@dataclass(frozen=True)
class RoomSummary:
    facts: RoomFacts  # areas and sizes, the four rules, budgets
    use: RoomUseFacts  # the term so far
    budget: RoomBudget | None  # the term's school year's, if entered
    contacts: tuple[str, ...]  # the room's own public contacts: 心理热线 0791-…


@dataclass(frozen=True)
class TermFacts:
    school: str
    term: ReportTerm
    profile_id: str  # nanchang
    profile: str  # 南昌市
    threshold: int  # counts from 1 to this read "<N"
    students: int  # at school now (在读, 复学)
    classes: int  # at school now
    grades: tuple[str, ...]  # in school order
    staff: StaffFacts
    room: RoomSummary
    coverage: ActivityCoverage  # the 达标情况 lines and gaps, judged there
    lessons: tuple[GradeLessons, ...]
    activities: ActivityFacts
    sessions: SessionFacts
    screening: ScreeningFacts
    warnings: WarningFacts
    referrals: ReferralFacts
    incidents: IncidentFacts
    talks: tuple[TalkLine, ...]  # 六谈, in S000's order
    cases: CaseFacts
    peer_monitors: PeerMonitorFacts
    notes: str  # 问题与改进措施 ("" until written)
    notes_saved_at: str  # "" until written
    visits: VisitTotals  # 家访 in the term over the classes at school
    trainings: TrainingTotals  # 培训 in the school year, every staff member


@dataclass(frozen=True)
class VisitTotals:
    families: int
    families_visited: int
    students: int
    students_visited: int


@dataclass(frozen=True)
class TrainingTotals:
    people: int  # staff members with a training recorded
    sessions: int
    hours: int


def term_facts(db: Database, actor: Actor, term_id: int, *, now: datetime) -> TermFacts:
    authorize(db, actor, Permission.VIEW_AGGREGATES, now=now, object_type="term", object_id=term_id)
    conn = db.conn
    term = report_term(conn, term_id, now.date())
    if term.start > now.date():  # nothing to inspect yet: every count would read 0 as 未达标
        raise ValidationError(f"{term.label}还没有开始（{term.start} 开学），不能出自查报告", field="学期")
    profile = policy_of(conn)
    threshold = profile.small_count_threshold
    students = enrolment.counts(conn).students
    current = classes.current_classes(conn)
    grades = tuple(dict.fromkeys(c.grade_name for c in current))
    coverage = activity_coverage(db, actor, term_id, now=now)
    notes = report_notes.get(conn, term_id)
    row = school.get_school(conn)
    return TermFacts(
        school=row.name if row else "",
        term=term,
        profile_id=profile.id,
        profile=profile.name,
        threshold=threshold,
        students=students,
        classes=len(current),
        grades=grades,
        staff=records.staff_facts(conn, students),
        room=_room(db, actor, term, threshold, now),
        coverage=coverage,
        lessons=records.grade_lessons(conn, term, coverage.lines),
        activities=records.activity_facts(conn, term),
        sessions=care.session_facts(conn, term, threshold),
        screening=care.screening_facts(conn, term, students, grades, threshold),
        warnings=care.warning_facts(conn, term, grades, threshold),
        referrals=care.referral_facts(conn, term, threshold),
        incidents=care.incident_facts(conn, term, threshold),
        talks=care.talk_lines(conn, term),
        cases=care.case_facts(conn, term, threshold),
        peer_monitors=records.peer_monitor_facts(conn, profile),
        notes=notes.text if notes else "",
        notes_saved_at=notes.updated_at if notes else "",
        visits=_visits(conn, term),
        trainings=_trainings(conn, term),
    )


def _visits(conn: Connection, term: ReportTerm) -> VisitTotals:
    found = activity_counts.home_visit_counts(conn, term.code).values()
    return VisitTotals(
        sum(c.families for c in found),
        sum(c.families_visited for c in found),
        sum(c.students for c in found),
        sum(c.students_visited for c in found),
    )


def _trainings(conn: Connection, term: ReportTerm) -> TrainingTotals:
    rows = trainings.between(conn, term.year_start, min(term.year_end, term.as_of))
    return TrainingTotals(len({r.staff_id for r in rows}), len(rows), sum(r.hours for r in rows))


def _room(db: Database, actor: Actor, term: ReportTerm, threshold: int, now: datetime) -> RoomSummary:
    facts = rooms.room_facts(db, actor, now=now)
    budget = next((b for b in facts.budgets if b.year_name == term.year_name), None)
    contacts = tuple(f"{h.label} {h.number}".strip() for h in local_hotlines(db.conn))
    return RoomSummary(facts, _use(rooms.room_use(db, actor, term.id, now=now), threshold), budget, contacts)


def _use(use: RoomUse, threshold: int) -> RoomUseFacts:
    small = is_small_count(use.sessions, threshold)
    return RoomUseFacts(
        use.school_days,
        use.rooms,
        use.open_hours,
        shown_count(use.sessions, threshold),
        None if small else use.booked_hours,
        None if small else use.rate,
        use.duty_days,
        use.duty_logs,
    )
