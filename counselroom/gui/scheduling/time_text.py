"""Reading a time as a teacher types it, without Qt: 14:10, 14：10, 14.10, 1410, 14点10, 14点半,
9 (09:00). And the times offered for a day: each opening period's start, then the half hours
inside the periods."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, time, timedelta

from counselroom.domain.school.school_days import Period

_SEPARATORS = re.compile(r"[:：.．点时]")
HALF_HOUR = 30


def parse_time_text(text: str) -> time | None:
    """The time written, or None when it is not one (25:00, 12:75, letters)."""
    cleaned = text.strip().replace("半", "30").removesuffix("分").replace(" ", "")
    if not cleaned:
        return None
    parts = _SEPARATORS.split(cleaned, maxsplit=1)
    if len(parts) == 2:
        hour, minute = parts[0], parts[1] or "0"
    elif cleaned.isdigit() and len(cleaned) in (3, 4):
        hour, minute = cleaned[:-2], cleaned[-2:]
    else:
        hour, minute = cleaned, "0"
    if not (hour.isdigit() and minute.isdigit() and len(hour) <= 2 and len(minute) <= 2):
        return None
    h, m = int(hour), int(minute)
    return time(h, m) if h < 24 and m < 60 else None


def offered_times(periods: Sequence[Period]) -> list[time]:
    """Each period's start, and every half hour inside a period after it, in order."""
    found: set[time] = set()
    day = datetime(2000, 1, 1)
    for p in periods:
        found.add(p.start)
        moment = datetime.combine(day, p.start)
        moment += timedelta(minutes=-moment.minute % HALF_HOUR or HALF_HOUR)
        while moment.time() < p.end and moment.date() == day.date():
            found.add(moment.time())
            moment += timedelta(minutes=HALF_HOUR)
    return sorted(found)
