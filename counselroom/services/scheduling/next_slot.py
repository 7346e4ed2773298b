"""The next open slot for a new booking (新建预约): inside the room's opening hours, on a day it
is open, with the counselor and the room both free — so the form opens on a time that works."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from counselroom.domain.roles import Actor, Permission
from counselroom.domain.scheduling.open_slots import first_free_start
from counselroom.services.guard import authorize
from counselroom.services.school.room_setup import days_between
from counselroom.store.database import Database
from counselroom.store.scheduling import appointments as store

DAYS_AHEAD = 28  # four school weeks: beyond that a teacher picks the day


def next_open_slot(
    db: Database,
    actor: Actor,
    *,
    counselor_id: int,
    minutes: int,
    now: datetime,
    room_id: int | None = None,
    after: datetime | None = None,
) -> datetime | None:
    """The first start at or after `after` (never before now) where `minutes` fit in an opening
    period and neither the counselor nor the room (if any) is booked. None when the school has no
    opening hours yet, or nothing is free in the next DAYS_AHEAD days."""
    authorize(db, actor, Permission.SCHEDULE_APPOINTMENTS, now=now)
    earliest = max(after or now, now)
    first = earliest.date()
    last = first + timedelta(days=DAYS_AHEAD - 1)
    days = [(d.day, d.status.periods if d.status.open else ()) for d in days_between(db.conn, first, last)]
    held = store.holding_time_around(
        db.conn, datetime.combine(first, time()), datetime.combine(last + timedelta(days=1), time())
    )
    busy = [
        (b.start, b.end)
        for b in held
        if b.counselor_id == counselor_id or (room_id is not None and b.room_id == room_id)
    ]
    return first_free_start(days, busy, earliest=earliest, minutes=minutes)
