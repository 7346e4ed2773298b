"""The statuses of the demo's planned appointments (part of appointment_plan): booked a day to
a week ahead (a crisis within the hour or two before); past ones mostly 已到, some 未到 or 取消
(some of those late cancellations), the ones to come 已预约 (a few already cancelled); walk-ins
已到 as they happened. One past appointment of 'counselor' is left unmarked, so 今日 asks for its
attendance.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from counselroom.demo import schedule_texts as texts
from counselroom.demo.appointment_book import Planned
from counselroom.domain.scheduling.appointments import AppointmentStatus, AppointmentType, is_late_cancel

T = AppointmentType


def settle(rng: random.Random, planned: Sequence[Planned], *, now: datetime, counselor: int) -> None:
    """Booked some days before; past ones 已到 (most), 未到 or 取消; to come 已预约 (a few already
    cancelled); walk-ins 已到 as they happened. The latest of 'counselor''s ended appointments is
    left unmarked: attendance is set by a person, and 今日 reminds of it."""
    for a in planned:
        if a.walk_in:
            a.status, a.created_at, a.updated_at = AppointmentStatus.ATTENDED, a.start, a.end
            continue
        a.created_at = a.updated_at = _booked_at(rng, a, now)
        roll = rng.random()
        sure = a.type in (T.CRISIS, T.GROUP)  # not cancelled, and nobody misses them
        if a.end > now:
            if a.start > now and not sure and roll < 0.03:
                _cancel(rng, a, now)
        elif sure or not (roll < 0.07 and _cancel(rng, a, now)):
            missed = not sure and roll > 0.95
            a.status = AppointmentStatus.NO_SHOW if missed else AppointmentStatus.ATTENDED
            a.updated_at = _marked_at(rng, a, now)
    mine = [
        a
        for a in planned
        if a.counselor == counselor
        and a.end <= now
        and not a.walk_in
        and a.status in (AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW)
    ]
    if mine:
        last = max(mine, key=lambda a: a.start)
        last.status, last.updated_at = AppointmentStatus.BOOKED, last.created_at


def _office_time(rng: random.Random, day: date, *, until: time = time(18, 0)) -> datetime:
    """A moment of the working day (from 07:30 until `until`) on `day`."""
    first = datetime.combine(day, time(7, 30))
    span = max(1, int((datetime.combine(day, until) - first).total_seconds() // 60))
    return first + timedelta(minutes=rng.randrange(span))


def _booked_at(rng: random.Random, a: Planned, now: datetime) -> datetime:
    """A crisis is booked within the hour or two before; the rest a day to a week ahead."""
    if a.type is T.CRISIS:
        at = a.start - timedelta(minutes=rng.randint(20, 120))
    else:
        at = min(
            _office_time(rng, a.start.date() - timedelta(days=rng.choice((1, 1, 2, 3, 4, 6, 7)))),
            a.start - timedelta(minutes=30),
        )
    return at if at < now else now - timedelta(minutes=rng.randint(5, 60))


def _marked_at(rng: random.Random, a: Planned, now: datetime) -> datetime:
    return min(a.end + timedelta(minutes=rng.randint(1, 90)), now)


def _cancel(rng: random.Random, a: Planned, now: datetime) -> bool:
    """Cancelled a few days before, or on the day (临时取消, which is never a 未到)."""
    assert a.created_at is not None
    if rng.random() < 0.35:
        at = _office_time(rng, a.start.date(), until=(a.start - timedelta(minutes=15)).time())
    else:
        at = _office_time(rng, a.start.date() - timedelta(days=rng.randint(1, 4)))
    at = max(at, a.created_at + timedelta(minutes=rng.randint(1, 30)))
    if at >= min(a.start, now):  # booked at the last minute: no time to cancel, so it stands
        return False
    late = is_late_cancel(a.start, at)
    a.status, a.cancelled_at, a.late_cancel, a.updated_at = AppointmentStatus.CANCELLED, at, late, at
    a.cancel_reason = rng.choice(texts.LATE_CANCEL_REASONS if late else texts.CANCEL_REASONS)
    return True
