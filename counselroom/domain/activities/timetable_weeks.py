"""Which dates a weekly lesson falls on: its weekday every week from a start to the term's end,
on the days the school has classes.

Order of authority as for the room's calendar (domain/school/school_days.py): the school's own
entry for a day (closed: 运动会, 寒假; open on a weekend: 调休上课 following a weekday's timetable),
then the national calendar's holidays. The caller keeps the range inside the term."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from counselroom.domain.school.school_days import NationalLookup, SchoolDay


def lesson_weeks(
    start: date, end: date, *, school_days: Mapping[date, SchoolDay], national: NationalLookup
) -> dict[int, tuple[date, ...]]:
    """Weekday (1 Monday … 5 Friday) → the dates in [start, end] that keep its timetable.
    Worked out once for a whole sheet: every row of one weekday falls on the same dates."""
    found: dict[int, list[date]] = {weekday: [] for weekday in range(1, 6)}
    day = start
    while day <= end:
        weekday = timetable_weekday(day, school_days.get(day), national)
        if weekday in found:
            found[weekday].append(day)
        day += timedelta(days=1)
    return {weekday: tuple(days) for weekday, days in found.items()}


def timetable_weekday(day: date, entry: SchoolDay | None, national: NationalLookup) -> int | None:
    """Whose timetable a day keeps (1–7), or None when there are no lessons that day."""
    if entry is not None:
        if not entry.open:
            return None
        follows = entry.follows_weekday if entry.follows_weekday is not None else day.weekday()
        return follows + 1
    known = national(day)
    if known is not None and known.holiday:
        return None
    return day.weekday() + 1
