"""Where a new booking should start, so the first thing a teacher sees is a free time rather than a
red conflict: the next start inside the opening hours, on an open day, that the counselor and the
room are both free for; and a click on the calendar's half-hour row moved into the opening period
it touches (a click on the 12:00 row when the room opens at 12:10 starts at 12:10)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from counselroom.domain.scheduling.appointment_rules import merged_periods
from counselroom.domain.school.school_days import Period

Busy = Sequence[tuple[datetime, datetime]]  # times already taken (start, end)
ROUND_MINUTES = 5  # a start worked out from "now" or from the end of a booking: 09:32 → 09:35


def round_up(moment: datetime, minutes: int = ROUND_MINUTES) -> datetime:
    whole = moment.replace(second=0, microsecond=0)
    if whole < moment:
        whole += timedelta(minutes=1)
    return whole + timedelta(minutes=-whole.minute % minutes)


def snap_into_period(moment: datetime, periods: Sequence[Period], row_minutes: int) -> datetime:
    """The start for a click on the row [moment, moment + row_minutes): the period's start when the
    period begins inside the row, never before the period; unchanged outside opening hours."""
    row_end = moment + timedelta(minutes=row_minutes)
    for start, end in merged_periods(periods):
        begins, ends = datetime.combine(moment.date(), start), datetime.combine(moment.date(), end)
        if begins < row_end and moment < ends:
            return max(moment, begins)
    return moment


def first_free_start(
    days: Sequence[tuple[date, Sequence[Period]]],
    busy: Busy,
    *,
    earliest: datetime,
    minutes: int,
) -> datetime | None:
    """The earliest start at or after `earliest` where `minutes` fit inside one opening block of an
    open day (`days`: each day with its periods, closed days with none) and overlap nothing `busy`."""
    length = timedelta(minutes=minutes)
    for day, periods in sorted(days, key=lambda d: d[0]):
        for start, end in merged_periods(periods):
            found = _free_in_block(
                datetime.combine(day, start), datetime.combine(day, end), busy, earliest=earliest, length=length
            )
            if found is not None:
                return found
    return None


def _free_in_block(
    begins: datetime, ends: datetime, busy: Busy, *, earliest: datetime, length: timedelta
) -> datetime | None:
    moment = begins if earliest <= begins else max(begins, round_up(earliest))
    while moment + length <= ends:
        clashing = [until for since, until in busy if since < moment + length and moment < until]
        if not clashing:
            return moment
        moment = round_up(max(clashing))
    return None
