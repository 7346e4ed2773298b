"""新建预约 opens on the next open slot (issue 8, item 18): inside the opening hours of an open day,
free for the counselor and the room — never 07:30 with a red conflict."""

from __future__ import annotations

from datetime import datetime

from counselroom.domain.roles import Role
from counselroom.domain.scheduling.appointments import AppointmentType
from counselroom.services.accounts.session import Session
from counselroom.services.scheduling import appointments
from counselroom.services.scheduling.next_slot import next_open_slot
from tests.conftest import FIXED_NOW
from tests.services.appointment_data import Scheduling, at, book, set_up_scheduling

EARLY = FIXED_NOW.replace(hour=7, minute=0)  # Monday before school


def slot(s: Session, setup: Scheduling, *, now: datetime = FIXED_NOW, minutes: int = 50, **kw: object) -> object:
    return next_open_slot(
        s.db, s.actor, counselor_id=setup.counselor, room_id=setup.room, minutes=minutes, now=now, **kw
    )


def test_before_school_it_is_the_first_opening_period(sessions: dict[Role, Session]) -> None:
    setup = set_up_scheduling(sessions)
    found = slot(sessions[Role.COUNSELOR], setup, now=EARLY)
    assert found == EARLY.replace(hour=8)
    c = sessions[Role.COUNSELOR]
    assert appointments.find_booking_conflicts(
        c.db, c.actor, student_ids=[1], counselor_id=setup.counselor, room_id=setup.room,
        start=found, end=found.replace(hour=8, minute=50), type=AppointmentType.INDIVIDUAL,
        now=EARLY,
    ) == []  # fmt: skip


def test_during_the_day_it_is_now_rounded_up(sessions: dict[Role, Session]) -> None:
    setup = set_up_scheduling(sessions)
    assert slot(sessions[Role.COUNSELOR], setup, now=FIXED_NOW.replace(minute=32)) == FIXED_NOW.replace(minute=35)


def test_it_skips_the_counselors_bookings_and_the_rooms(sessions: dict[Role, Session]) -> None:
    setup = set_up_scheduling(sessions)
    c, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    book(c, setup, at(8))  # 王老师 08:00–08:50, 个别辅导室一
    book(lead, setup, at(9), counselor_id=setup.lead, student_ids=[2])  # the room 09:00–09:50
    tuesday = at(7)
    assert slot(c, setup, after=tuesday) == at(9, 50)
    phone = next_open_slot(c.db, c.actor, counselor_id=setup.counselor, minutes=50, now=FIXED_NOW, after=tuesday)
    assert phone == at(8, 50), "without a room only the counselor's time counts"


def test_a_session_that_does_not_fit_before_lunch_goes_after_it(sessions: dict[Role, Session]) -> None:
    setup = set_up_scheduling(sessions)
    c = sessions[Role.COUNSELOR]
    assert slot(c, setup, after=at(11, 30)) == at(13, 30)


def test_weekends_are_skipped(sessions: dict[Role, Session]) -> None:
    setup = set_up_scheduling(sessions)
    friday_evening = datetime(2025, 10, 17, 18, 0)
    assert slot(sessions[Role.COUNSELOR], setup, after=friday_evening) == datetime(2025, 10, 20, 8, 0)


def test_without_opening_hours_there_is_no_slot_to_suggest(sessions: dict[Role, Session]) -> None:
    c = sessions[Role.COUNSELOR]
    found = next_open_slot(c.db, c.actor, counselor_id=c.actor.user_id, minutes=50, now=FIXED_NOW)
    assert found is None
