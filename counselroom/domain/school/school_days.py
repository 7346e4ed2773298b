"""Whether the counseling room is open on a day, and its opening periods.

Order of authority: the school's own entry for the day, then the national calendar (法定节假日
and 调休 workdays) where known, then term dates (outside every term is a vacation), then the
weekly opening hours."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import pairwise

from counselroom.domain.errors import ValidationError

WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class Period:
    """One opening period (值班时段) of a weekday, e.g. 周一 12:10–13:30."""

    weekday: int
    start: time
    end: time

    @property
    def label(self) -> str:
        return f"周{WEEKDAYS[self.weekday]} {self.start:%H:%M}–{self.end:%H:%M}"

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


@dataclass(frozen=True)
class SchoolDay:
    """The school's own entry: closed (寒假、运动会) or open (调休上课, following a weekday)."""

    day: date
    open: bool
    name: str
    follows_weekday: int | None = None


@dataclass(frozen=True)
class NationalDay:
    """What the national calendar says of a day it knows: holiday or 调休 workday."""

    holiday: bool
    workday_on_weekend: bool
    name: str


@dataclass(frozen=True)
class DayStatus:
    open: bool
    reason: str  # 国庆节, 寒假, 周末, 调休上班 …
    periods: tuple[Period, ...]


NationalLookup = Callable[[date], NationalDay | None]  # None: the library lacks that year


def day_status(
    day: date,
    *,
    hours: Sequence[Period],
    school_day: SchoolDay | None,
    national: NationalLookup,
    terms: Sequence[tuple[date, date]],
) -> DayStatus:
    weekday = day.weekday()
    if school_day is not None:
        if not school_day.open:
            return DayStatus(False, school_day.name or "学校安排停开", ())
        follows = school_day.follows_weekday if school_day.follows_weekday is not None else weekday
        return DayStatus(True, school_day.name or "调休上课", _periods(hours, follows))
    known = national(day)
    if known is not None and known.holiday:
        return DayStatus(False, known.name or "法定节假日", ())
    if terms and not any(start <= day <= end for start, end in terms):
        return DayStatus(False, "假期", ())
    if known is not None and known.workday_on_weekend:
        return DayStatus(True, f"调休上班（{known.name}）" if known.name else "调休上班", _periods(hours, 0))
    periods = _periods(hours, weekday)
    return DayStatus(bool(periods), "" if periods else ("周末" if weekday >= 5 else "不开放"), periods)


def _periods(hours: Sequence[Period], weekday: int) -> tuple[Period, ...]:
    return tuple(sorted((p for p in hours if p.weekday == weekday), key=lambda p: p.start))


def parse_clock(text: str, *, field: str) -> time:
    try:
        parsed = datetime.strptime(text.strip().replace("：", ":"), "%H:%M").time()
    except ValueError as exc:
        raise ValidationError(f"时间应写成 08:30 这样的形式，而不是“{text}”", field=field) from exc
    return parsed


def check_periods(periods: Sequence[Period]) -> None:
    """Periods of one weekday must not overlap, and each must end after it starts."""
    by_day: dict[int, list[Period]] = {}
    for p in periods:
        if p.end <= p.start:
            raise ValidationError(f"{p.label}：结束时间应晚于开始时间", field="开放时间")
        by_day.setdefault(p.weekday, []).append(p)
    for day_periods in by_day.values():
        ordered = sorted(day_periods, key=lambda p: p.start)
        for a, b in pairwise(ordered):
            if b.start < a.end:
                raise ValidationError(f"{a.label} 与 {b.label} 时间重叠", field="开放时间")
