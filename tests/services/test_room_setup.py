"""Rooms, opening hours and the school calendar: when the room is open, and why not."""

from __future__ import annotations

from datetime import date, time

import pytest

from counselroom.domain.errors import AccessDenied, AlreadyExists, ValidationError
from counselroom.domain.roles import Role
from counselroom.domain.school.school_days import Period, SchoolDay
from counselroom.domain.school.terms import TermDates
from counselroom.services.accounts.session import Session
from counselroom.services.school import room_setup, school_calendar
from tests.conftest import FIXED_NOW

HOURS = [Period(d, time(12, 10), time(13, 30)) for d in range(5)] + [Period(2, time(16, 30), time(18, 0))]


@pytest.fixture
def room(sessions: dict[Role, Session]) -> dict[Role, Session]:
    lead = sessions[Role.LEAD]
    room_setup.set_opening_hours(lead.db, lead.actor, HOURS, now=FIXED_NOW)
    admin = sessions[Role.ADMIN]
    school_calendar.add_school_year(
        admin.db,
        admin.actor,
        start_year=2026,
        first=TermDates(1, date(2026, 9, 1), date(2027, 1, 22)),
        second=TermDates(2, date(2027, 2, 22), date(2027, 7, 9)),
        now=FIXED_NOW,
    )
    return sessions


def _status(s: Session, day: date) -> tuple[bool, str, int]:
    found = room_setup.calendar_days(s.db, s.actor, day, day, now=FIXED_NOW)[0].status
    return found.open, found.reason, len(found.periods)


def test_national_holidays_weekends_and_makeup_days(room: dict[Role, Session]) -> None:
    c = room[Role.COUNSELOR]
    assert _status(c, date(2026, 10, 1)) == (False, "国庆节", 0)
    assert _status(c, date(2026, 10, 14)) == (True, "", 2)  # a Wednesday: two periods
    assert _status(c, date(2026, 10, 17))[:2] == (False, "周末")
    assert _status(c, date(2026, 10, 10))[0] is True  # 调休上班 on a Saturday
    assert _status(c, date(2026, 8, 20)) == (False, "假期", 0)  # before the term


def test_school_entries_override_for_years_the_library_lacks(room: dict[Role, Session]) -> None:
    lead, c = room[Role.LEAD], room[Role.COUNSELOR]
    assert _status(c, date(2027, 3, 3))[0] is True  # 2027: no national data, term day
    room_setup.set_school_day(lead.db, lead.actor, SchoolDay(date(2027, 3, 3), False, "春季运动会"), now=FIXED_NOW)
    assert _status(c, date(2027, 3, 3)) == (False, "春季运动会", 0)
    room_setup.set_school_day(
        lead.db, lead.actor, SchoolDay(date(2027, 3, 6), True, "补课", follows_weekday=2), now=FIXED_NOW
    )
    assert _status(c, date(2027, 3, 6)) == (True, "补课", 2)
    with pytest.raises(ValidationError, match="按周几"):
        room_setup.set_school_day(lead.db, lead.actor, SchoolDay(date(2027, 3, 13), True, "补课"), now=FIXED_NOW)
    room_setup.remove_school_day(lead.db, lead.actor, date(2027, 3, 3), now=FIXED_NOW)
    assert _status(c, date(2027, 3, 3))[0] is True


def test_opening_hours_must_not_overlap(room: dict[Role, Session]) -> None:
    lead = room[Role.LEAD]
    with pytest.raises(ValidationError, match="重叠"):
        room_setup.set_opening_hours(
            lead.db,
            lead.actor,
            [Period(0, time(12, 0), time(13, 0)), Period(0, time(12, 30), time(14, 0))],
            now=FIXED_NOW,
        )
    assert room_setup.get_opening_hours(lead.db, lead.actor, now=FIXED_NOW) == sorted(
        HOURS, key=lambda p: (p.weekday, p.start)
    )


def test_rooms_are_named_once_and_only_lead_or_admin_edit(room: dict[Role, Session]) -> None:
    lead, c = room[Role.LEAD], room[Role.COUNSELOR]
    room_setup.save_room(lead.db, lead.actor, name="个别辅导室一", kind="个别辅导室", capacity=2, now=FIXED_NOW)
    room_setup.save_room(lead.db, lead.actor, name="团体活动室", kind="团体活动室", capacity=20, now=FIXED_NOW)
    with pytest.raises(AlreadyExists):
        room_setup.save_room(lead.db, lead.actor, name="团体活动室", kind="团体活动室", capacity=12, now=FIXED_NOW)
    with pytest.raises(AccessDenied):
        room_setup.save_room(c.db, c.actor, name="沙盘室", kind="沙盘室", capacity=2, now=FIXED_NOW)
    assert [r.name for r in room_setup.list_rooms(c.db, c.actor, now=FIXED_NOW)] == ["个别辅导室一", "团体活动室"]
