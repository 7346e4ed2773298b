"""Role-matrix entries for appointments, the waitlist and the `.ics` export (merged into MATRIX in
test_role_matrix.py). Counselors and the lead schedule; the principal gets counts only."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from counselroom.domain.roles import Role
from counselroom.domain.scheduling.appointments import AppointmentSource, AppointmentStatus, AppointmentType, Channel
from counselroom.services.accounts.session import Session
from counselroom.services.scheduling import appointment_views, appointments, ics_export, next_slot, waitlist
from tests.conftest import FIXED_NOW
from tests.services.appointment_data import TUESDAY, at, book, set_up_scheduling

ALL = frozenset(Role)
CARE = frozenset({Role.COUNSELOR, Role.LEAD})
MONDAY = FIXED_NOW.date()


def _booked(all_: dict[Role, Session], start: Any = None) -> int:
    """An appointment of the lead's with 张晓明, made by the lead; its id."""
    setup = set_up_scheduling(all_)
    lead = all_[Role.LEAD]
    start = start or at(10)
    book(lead, setup, start, counselor_id=setup.lead)
    return int(lead.db.conn.execute("SELECT max(id) FROM appointments").fetchone()[0])


def _waiting(all_: dict[Role, Session]) -> int:
    set_up_scheduling(all_)
    lead = all_[Role.LEAD]
    waitlist.add_to_waitlist(lead.db, lead.actor, student_id=2, now=FIXED_NOW)
    return waitlist.list_waitlist(lead.db, lead.actor, now=FIXED_NOW)[0].id


def _book(s: Session, a: dict[Role, Session], _k: object = None) -> object:
    return book(s, set_up_scheduling(a), at(14), student_ids=[3])


def _walk_in(s: Session, a: dict[Role, Session], _k: object = None) -> object:
    setup = set_up_scheduling(a)
    return appointments.register_walk_in(
        s.db,
        s.actor,
        student_ids=[4],
        counselor_id=setup.counselor,
        room_id=setup.room,
        type=AppointmentType.INDIVIDUAL,
        channel=Channel.FACE,
        now=FIXED_NOW,
    )


def _conflicts(s: Session, a: dict[Role, Session], _k: object = None) -> object:
    setup = set_up_scheduling(a)
    return appointments.find_booking_conflicts(
        s.db,
        s.actor,
        student_ids=[1],
        counselor_id=setup.counselor,
        room_id=setup.room,
        start=at(10),
        end=at(10, 50),
        type=AppointmentType.INDIVIDUAL,
        now=FIXED_NOW,
    )


def _schedule(s: Session, a: dict[Role, Session], _k: object = None) -> object:
    entry = _waiting(a)
    setup = set_up_scheduling(a)
    return waitlist.schedule_from_waitlist(
        s.db,
        s.actor,
        entry,
        counselor_id=setup.counselor,
        room_id=setup.room,
        start=at(15),
        end=at(15, 50),
        type=AppointmentType.INDIVIDUAL,
        channel=Channel.FACE,
        source=AppointmentSource.SELF,
        now=FIXED_NOW,
    )


def _export(s: Session, a: dict[Role, Session], _k: object = None) -> object:
    _booked(a)
    setup = set_up_scheduling(a)
    target = Path(tempfile.mkdtemp()) / "预约.ics"  # in the test's own temp folder (see conftest)
    return ics_export.save_ics(
        s.db, s.actor, target, counselor_id=setup.lead, start=MONDAY, end=MONDAY + timedelta(days=6), now=FIXED_NOW
    )


APPOINTMENT_MATRIX: dict[str, tuple[frozenset[Role], Any]] = {
    "appointments.find_booking_conflicts": (CARE, _conflicts),
    "next_slot.next_open_slot": (
        CARE,
        lambda s, a, k: next_slot.next_open_slot(
            s.db, s.actor, counselor_id=set_up_scheduling(a).counselor, minutes=50, now=FIXED_NOW
        ),
    ),
    "appointments.book_appointment": (CARE, _book),
    "appointments.register_walk_in": (CARE, _walk_in),
    "appointments.move_appointment": (
        CARE,
        lambda s, a, k: appointments.move_appointment(s.db, s.actor, _booked(a), start=at(11), now=FIXED_NOW),
    ),
    "appointments.cancel_appointment": (
        CARE,
        lambda s, a, k: appointments.cancel_appointment(s.db, s.actor, _booked(a), reason="学生考试", now=FIXED_NOW),
    ),
    "appointments.mark_attendance": (
        CARE,
        lambda s, a, k: appointments.mark_attendance(
            s.db, s.actor, _booked(a), status=AppointmentStatus.ATTENDED, now=TUESDAY + timedelta(days=1)
        ),
    ),
    "appointment_views.week_view": (
        CARE,
        lambda s, a, k: (set_up_scheduling(a), appointment_views.week_view(s.db, s.actor, start=MONDAY, now=FIXED_NOW)),
    ),
    "appointment_views.day_view": (
        CARE,
        lambda s, a, k: (set_up_scheduling(a), appointment_views.day_view(s.db, s.actor, day=MONDAY, now=FIXED_NOW)),
    ),
    "appointment_views.get_appointment": (
        CARE,
        lambda s, a, k: appointment_views.get_appointment(s.db, s.actor, _booked(a), now=FIXED_NOW),
    ),
    "appointment_views.list_counselors": (
        CARE,
        lambda s, a, k: appointment_views.list_counselors(s.db, s.actor, now=FIXED_NOW),
    ),
    "appointment_views.appointment_counts": (
        ALL,
        lambda s, a, k: (
            _booked(a),
            appointment_views.appointment_counts(
                s.db, s.actor, start=MONDAY, end=MONDAY + timedelta(days=6), now=FIXED_NOW
            ),
        ),
    ),
    "waitlist.list_waitlist": (
        CARE,
        lambda s, a, k: (_waiting(a), waitlist.list_waitlist(s.db, s.actor, now=FIXED_NOW)),
    ),
    "waitlist.add_to_waitlist": (
        CARE,
        lambda s, a, k: (
            set_up_scheduling(a),
            waitlist.add_to_waitlist(s.db, s.actor, student_id=5, reason="班主任推荐", now=FIXED_NOW),
        ),
    ),
    "waitlist.schedule_from_waitlist": (CARE, _schedule),
    "waitlist.remove_from_waitlist": (
        CARE,
        lambda s, a, k: waitlist.remove_from_waitlist(s.db, s.actor, _waiting(a), reason="暂不需要", now=FIXED_NOW),
    ),
    "ics_export.save_ics": (CARE, _export),
}
