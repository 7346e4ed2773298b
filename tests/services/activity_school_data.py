"""A school for the activity records that name no student: the small school (tests/school_data.py)
with 初一(2)–(6)班 added (eight classes at school), a graduated class, and the 2025-2026 school
year (FIXED_NOW, 2025-10-13, is in its first term, which began 2025-09-01)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from counselroom.domain.roles import Role
from counselroom.domain.school.terms import default_terms
from counselroom.services.accounts.session import Session
from counselroom.services.school import school_calendar
from counselroom.store.school import classes as class_store
from counselroom.store.students import enrolment
from tests.conftest import FIXED_NOW
from tests.school_data import add_small_school

TODAY = FIXED_NOW.date()
TERM_START = date(2025, 9, 1)
LAST_WEEK = date(2025, 10, 9)


@dataclass(frozen=True)
class ActivitySchool:
    classes: dict[str, int]  # 初一(1)班 … 初三(1)班: the eight at school
    graduated_class: int
    grades: dict[str, int]
    staff: dict[str, int]

    @property
    def eight_classes(self) -> tuple[int, ...]:
        return tuple(self.classes.values())


def add_activity_school(sessions: dict[Role, Session]) -> ActivitySchool:
    """Once per database: the small school, the extra classes and the school year."""
    admin = sessions[Role.ADMIN]
    conn = admin.db.conn
    if not conn.execute("SELECT count(*) FROM classes").fetchone()[0]:
        add_small_school(admin)
        first, second = default_terms(2025)
        school_calendar.add_school_year(
            admin.db, admin.actor, start_year=2025, first=first, second=second, now=FIXED_NOW
        )
        grade_one = conn.execute("SELECT id FROM grades WHERE name = '初一'").fetchone()[0]
        with admin.db.transaction() as tx:
            for number in range(2, 7):
                enrolment.insert_class(
                    tx, grade_id=grade_one, number=number, name=f"初一({number})班", head_teacher_id=None
                )
            gone = enrolment.insert_class(
                tx, grade_id=grade_one, number=9, name="2022届初三(9)班", head_teacher_id=None
            )
            class_store.mark_graduated(tx, gone, date(2025, 7, 1))
    rows = conn.execute(
        "SELECT c.id, c.name, c.graduated_on FROM classes c JOIN grades g ON g.id = c.grade_id"
        " ORDER BY g.sort_order, c.number"
    ).fetchall()
    return ActivitySchool(
        classes={name: cid for cid, name, graduated in rows if graduated is None},
        graduated_class=next(cid for cid, _n, graduated in rows if graduated is not None),
        grades=dict(conn.execute("SELECT name, id FROM grades").fetchall()),
        staff=dict(conn.execute("SELECT name, id FROM staff").fetchall()),
    )
