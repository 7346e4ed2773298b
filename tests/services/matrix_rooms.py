"""Role-matrix entries for the room setup (rooms, opening hours, school days)."""

from __future__ import annotations

import itertools
from datetime import date, time, timedelta
from typing import Any

from counselroom.domain.roles import Role
from counselroom.domain.school.school_days import Period, SchoolDay
from counselroom.services.accounts.session import Session
from counselroom.services.school import room_setup, setup_checklist
from tests.conftest import FIXED_NOW

ALL = frozenset(Role)
SETUP = frozenset({Role.LEAD, Role.ADMIN})
_n = itertools.count(1)


def _remove_day(s: Session, all_: dict[Role, Session], _keys: object = None) -> object:
    day = date(2027, 1, 1) + timedelta(days=next(_n))
    lead = all_.get(Role.LEAD, s)
    room_setup.set_school_day(lead.db, lead.actor, SchoolDay(day, False, "寒假"), now=FIXED_NOW)
    return room_setup.remove_school_day(s.db, s.actor, day, now=FIXED_NOW)


ROOM_MATRIX: dict[str, tuple[frozenset[Role], Any]] = {
    "room_setup.list_rooms": (ALL, lambda s, a, k: room_setup.list_rooms(s.db, s.actor, now=FIXED_NOW)),
    "setup_checklist.setup_checklist": (
        ALL,
        lambda s, a, k: setup_checklist.setup_checklist(s.db, s.actor, now=FIXED_NOW),
    ),
    "room_setup.save_room": (
        SETUP,
        lambda s, a, k: room_setup.save_room(
            s.db, s.actor, name=f"辅导室{next(_n)}", kind="个别辅导室", capacity=2, now=FIXED_NOW
        ),
    ),
    "room_setup.get_opening_hours": (ALL, lambda s, a, k: room_setup.get_opening_hours(s.db, s.actor, now=FIXED_NOW)),
    "room_setup.set_opening_hours": (
        SETUP,
        lambda s, a, k: room_setup.set_opening_hours(
            s.db, s.actor, [Period(0, time(12, 0), time(13, 0))], now=FIXED_NOW
        ),
    ),
    "room_setup.list_school_days": (ALL, lambda s, a, k: room_setup.list_school_days(s.db, s.actor, now=FIXED_NOW)),
    "room_setup.set_school_day": (
        SETUP,
        lambda s, a, k: room_setup.set_school_day(
            s.db, s.actor, SchoolDay(date(2027, 1, 30), False, "寒假"), now=FIXED_NOW
        ),
    ),
    "room_setup.remove_school_day": (SETUP, _remove_day),
    "room_setup.calendar_days": (
        ALL,
        lambda s, a, k: room_setup.calendar_days(s.db, s.actor, date(2026, 10, 1), date(2026, 10, 7), now=FIXED_NOW),
    ),
}
