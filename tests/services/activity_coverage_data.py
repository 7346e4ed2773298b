"""A small school with the 2024-2025 and 2025-2026 school years, and one-line helpers that record
lessons, activities, trainings and meetings through their services (as the 活动 page does), for
the coverage tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from counselroom.domain.activities.home_visits import VisitMode
from counselroom.domain.activities.meetings import MeetingBody
from counselroom.domain.activities.school_activities import ActivityKind, ActivityScope
from counselroom.domain.activities.trainings import TrainingKind, TrainingLevel
from counselroom.domain.school.terms import TermDates, default_terms
from counselroom.services.accounts.session import Session
from counselroom.services.activities import home_visits, lessons, meetings, school_activities, trainings
from counselroom.services.activities.home_visits import VisitInput
from counselroom.services.activities.lessons import LessonInput
from counselroom.services.activities.meetings import MeetingInput
from counselroom.services.activities.school_activities import ActivityInput
from counselroom.services.activities.trainings import TrainingInput
from counselroom.services.school import school_calendar
from counselroom.store.students import enrolment
from tests.conftest import FIXED_NOW
from tests.school_data import SmallSchool, add_small_school

TERM_START, TERM_END = date(2025, 9, 1), date(2026, 1, 16)


@dataclass(frozen=True)
class CoverageSchool:
    term_id: int
    classes: dict[str, int]  # 初一1 → id
    grades: dict[str, int]  # 初一 → id
    staff: dict[str, int]  # 周老师 → id


def add_coverage_school(admin: Session) -> CoverageSchool:
    """add_small_school's three classes (初一1, 初二1, 初三1) and four staff, two psychology
    teachers besides, the 2024-2025 year (for last year's records) and the 2025-2026 year (first
    term 2025-09-01 – 2026-01-16)."""
    small: SmallSchool = add_small_school(admin)
    last_first, last_second = default_terms(2024)
    school_calendar.add_school_year(
        admin.db, admin.actor, start_year=2024, first=last_first, second=last_second, now=FIXED_NOW
    )
    school_calendar.add_school_year(
        admin.db,
        admin.actor,
        start_year=2025,
        first=TermDates(1, TERM_START, TERM_END),
        second=TermDates(2, date(2026, 2, 23), date(2026, 7, 10)),
        now=FIXED_NOW,
    )
    with admin.db.transaction() as conn:
        staff = dict(small.staff)
        for i, (name, position) in enumerate((("王老师", "专职心理教师"), ("李老师", "兼职心理教师"))):
            staff[name] = enrolment.insert_staff(conn, name=name, gender="女", staff_no=f"P{i}", position=position)
        grades = {str(r[0]): int(r[1]) for r in conn.execute("SELECT name, id FROM grades")}
        term_id = int(
            conn.execute("SELECT id FROM terms WHERE start_date = ?", (TERM_START.isoformat(),)).fetchone()[0]
        )
    return CoverageSchool(term_id, small.classes, grades, staff)


def add_lesson(s: Session, class_id: int, day: date, *, hours: int = 1) -> None:
    lessons.record_lessons(s.db, s.actor, [LessonInput((class_id,), day, hours=hours)], now=FIXED_NOW)


def add_activity(
    s: Session, kind: str, day: date, *, scope: str = "全校", grade_id: int | None = None, class_ids: Sequence[int] = ()
) -> None:
    entry = ActivityInput(
        ActivityKind(kind), day, f"{kind}{day}", ActivityScope(scope), grade_id=grade_id, class_ids=tuple(class_ids)
    )
    school_activities.record_activities(s.db, s.actor, [entry], now=FIXED_NOW)


def add_training(
    s: Session, staff_id: int, day: date, hours: int, *, level: str = "校级", kind: str = "专题培训"
) -> None:
    entry = TrainingInput((staff_id,), "心理健康教育培训", day, hours, TrainingLevel(level), TrainingKind(kind))
    trainings.record_trainings(s.db, s.actor, [entry], now=FIXED_NOW)


def add_meeting(s: Session, body: str, day: date) -> None:
    meetings.record_meetings(s.db, s.actor, [MeetingInput(MeetingBody(body), day, "工作部署")], now=FIXED_NOW)


def add_guardians(s: Session, rows: Sequence[tuple[int, str]]) -> None:
    """(student id, the primary guardian's phone) for each student."""
    with s.db.transaction() as conn:
        enrolment.insert_guardians(conn, [(student, "家长", "母亲", phone, 1) for student, phone in rows])


def add_visit(s: Session, student_ids: Sequence[int], day: date, visitor_id: int) -> None:
    entry = VisitInput(tuple(student_ids), day, VisitMode.IN_PERSON, visitor_id, met_with="母亲")
    home_visits.record_home_visits(s.db, s.actor, [entry], now=FIXED_NOW)
