"""A school ready for a duty roster: opening hours, the 2026-2027 school year, psychology teachers
and other staff, and who takes duty. Shared by the duty service, role-matrix and GUI tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from counselroom.domain.school.school_days import Period
from counselroom.domain.school.terms import TermDates
from counselroom.services.accounts.session import Session
from counselroom.services.duty import duty_rota as duty
from counselroom.services.school import room_setup, school_calendar
from counselroom.store.students import enrolment
from tests.conftest import FIXED_NOW

# Lunch Monday to Friday, and a longer after-school period on Wednesday.
HOURS = [Period(d, time(12, 10), time(13, 30)) for d in range(5)] + [Period(2, time(16, 30), time(18, 0))]
TERM_START, TERM_END = date(2026, 9, 1), date(2027, 1, 22)
TEACHERS = (("王老师", "专职心理教师"), ("李老师", "兼职心理教师"), ("赵老师", "兼职心理教师"), ("钱老师", "班主任"))


def add_duty_school(admin: Session, *, on_duty: int = 3) -> dict[str, int]:
    """Hours, the year, four teachers (the first `on_duty` take duty); returns name -> staff id.
    All done by the admin, who holds both MANAGE_SETTINGS and MANAGE_ROOM_SETUP."""
    room_setup.set_opening_hours(admin.db, admin.actor, HOURS, now=FIXED_NOW)
    school_calendar.add_school_year(
        admin.db,
        admin.actor,
        start_year=2026,
        first=TermDates(1, TERM_START, TERM_END),
        second=TermDates(2, date(2027, 2, 22), date(2027, 7, 9)),
        now=FIXED_NOW,
    )
    with admin.db.transaction() as conn:
        ids = {
            name: enrolment.insert_staff(conn, name=name, gender="女", staff_no=f"D{i}", position=position)
            for i, (name, position) in enumerate(TEACHERS)
        }
    chosen = [n for n, _ in TEACHERS[:on_duty]]
    teachers = [
        replace(t, on_duty=t.name in chosen) for t in duty.list_duty_staff(admin.db, admin.actor, now=FIXED_NOW)
    ]
    duty.set_duty_staff(admin.db, admin.actor, teachers, now=FIXED_NOW)
    return ids


def first_term_id(s: Session) -> int:
    return next(t.id for t in school_calendar.list_terms(s.db, s.actor, now=FIXED_NOW) if t.start == TERM_START)


def publish_first_term(s: Session) -> int:
    term_id = first_term_id(s)
    duty.publish_rota(s.db, s.actor, term_id, now=FIXED_NOW)
    return term_id
