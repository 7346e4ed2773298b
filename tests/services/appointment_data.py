"""A small school with rooms and opening hours, and a booking helper, for the appointment tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from counselroom.domain.roles import Role
from counselroom.domain.scheduling.appointments import AppointmentSource, AppointmentType, Channel
from counselroom.domain.school.school_days import Period
from counselroom.services.accounts.session import Changes, Session
from counselroom.services.scheduling import appointment_views, appointments
from counselroom.services.school import room_setup
from counselroom.store import users
from tests.conftest import FIXED_NOW
from tests.school_data import add_small_school

# Weekdays 08:00–12:00 and 13:30–17:30.
HOURS = [Period(d, time(8, 0), time(12, 0)) for d in range(5)] + [
    Period(d, time(13, 30), time(17, 30)) for d in range(5)
]
TUESDAY = datetime(2025, 10, 14)  # the day after FIXED_NOW (a Monday), an ordinary school day


@dataclass(frozen=True)
class Scheduling:
    counselor: int  # user ids
    lead: int
    room: int  # 个别辅导室一 (2 places)
    group_room: int  # 团体活动室 (12 places)


def at(hour: int, minute: int = 0, day: datetime = TUESDAY) -> datetime:
    return day.replace(hour=hour, minute=minute)


def set_up_scheduling(all_: dict[Role, Session]) -> Scheduling:
    """Idempotent: the role matrix calls it once per test, maybe several times."""
    admin = all_[Role.ADMIN]
    if not admin.db.conn.execute("SELECT count(*) FROM students").fetchone()[0]:  # a locked session stops here
        add_small_school(admin)
    lead = all_[Role.LEAD]
    if not room_setup.list_rooms(lead.db, lead.actor, now=FIXED_NOW):
        room_setup.set_opening_hours(lead.db, lead.actor, HOURS, now=FIXED_NOW)
        room_setup.save_room(lead.db, lead.actor, name="个别辅导室一", kind="个别辅导室", capacity=2, now=FIXED_NOW)
        room_setup.save_room(lead.db, lead.actor, name="团体活动室", kind="团体活动室", capacity=12, now=FIXED_NOW)
    rooms = {r.name: r.id for r in room_setup.list_rooms(lead.db, lead.actor, now=FIXED_NOW)}
    ids = {u.username: u.id for u in users.all_users(lead.db.conn)}
    return Scheduling(ids["counselor"], ids["lead"], rooms["个别辅导室一"], rooms["团体活动室"])


def book(s: Session, setup: Scheduling, start: datetime, **changes: Any) -> Changes:
    """王老师 sees 张晓明 for 50 minutes in 个别辅导室一, unless told otherwise."""
    values: dict[str, Any] = {
        "student_ids": [1],
        "counselor_id": setup.counselor,
        "room_id": setup.room,
        "start": start,
        "end": start + timedelta(minutes=50),
        "type": AppointmentType.INDIVIDUAL,
        "channel": Channel.FACE,
        "source": AppointmentSource.SELF,
        "note": "",
        "now": FIXED_NOW,
    }
    values.update(changes)
    return appointments.book_appointment(s.db, s.actor, **values)


def only_id(s: Session, start: datetime) -> int:
    """The id of the one appointment starting at `start`."""
    monday = start.date() - timedelta(days=start.weekday())
    view = appointment_views.week_view(s.db, s.actor, start=monday, now=FIXED_NOW)
    found = [r.id for r in view.rows if r.start == start]
    assert len(found) == 1, found
    return found[0]
