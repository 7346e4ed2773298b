"""A small school with the 2025-2026 school year and records of lessons, activities, trainings and
meetings, for the coverage tests. Records are written with plain SQL (the recording services are
built beside this one); each helper writes one record as those services store it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from counselroom.domain.school.terms import TermDates
from counselroom.services.accounts.session import Session
from counselroom.services.school import school_calendar
from counselroom.store.students import enrolment
from tests.conftest import FIXED_NOW
from tests.school_data import SmallSchool, add_small_school

TERM_START, TERM_END = date(2025, 9, 1), date(2026, 1, 16)
STAMP = FIXED_NOW.isoformat(timespec="seconds")


@dataclass(frozen=True)
class CoverageSchool:
    term_id: int
    classes: dict[str, int]  # 初一1 → id
    grades: dict[str, int]  # 初一 → id
    staff: dict[str, int]  # 周老师 → id


def add_coverage_school(admin: Session) -> CoverageSchool:
    """add_small_school's three classes (初一1, 初二1, 初三1) and four staff, two psychology
    teachers besides, and the 2025-2026 year (first term 2025-09-01 – 2026-01-16)."""
    small: SmallSchool = add_small_school(admin)
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
    with s.db.transaction() as conn:
        conn.execute(
            "INSERT INTO lessons (class_id, held_on, hours, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)",
            (class_id, day.isoformat(), hours, s.actor.user_id, STAMP),
        )


def add_activity(
    s: Session, kind: str, day: date, *, scope: str = "全校", grade_id: int | None = None, class_ids: Sequence[int] = ()
) -> int:
    with s.db.transaction() as conn:
        cur = conn.execute(
            "INSERT INTO school_activities (kind, held_on, title, scope, grade_id, recorded_by, recorded_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (kind, day.isoformat(), f"{kind}{day}", scope, grade_id, s.actor.user_id, STAMP),
        )
        activity_id = int(cur.lastrowid or 0)
        conn.executemany(
            "INSERT INTO school_activity_classes (activity_id, class_id) VALUES (?, ?)",
            [(activity_id, c) for c in class_ids],
        )
    return activity_id


def add_training(
    s: Session, staff_id: int, day: date, hours: int, *, level: str = "校级", kind: str = "专题培训"
) -> None:
    with s.db.transaction() as conn:
        conn.execute(
            "INSERT INTO trainings (staff_id, title, held_on, hours, level, kind, recorded_by, recorded_at)"
            " VALUES (?, '心理健康教育培训', ?, ?, ?, ?, ?, ?)",
            (staff_id, day.isoformat(), hours, level, kind, s.actor.user_id, STAMP),
        )


def add_meeting(s: Session, body: str, day: date) -> None:
    with s.db.transaction() as conn:
        conn.execute(
            "INSERT INTO meetings (body, held_on, topic, recorded_by, recorded_at) VALUES (?, ?, '工作部署', ?, ?)",
            (body, day.isoformat(), s.actor.user_id, STAMP),
        )
