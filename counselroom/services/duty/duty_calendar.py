"""Reading the roster: a month or any range of days, who is on duty now (for 今日), and the
plain data of the door roster that the printouts print. Names of teachers on duty are not
sensitive, so every role may read these; the duty log is elsewhere (duty_log.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.school.hotlines import Hotline
from counselroom.domain.school.school_days import WEEKDAYS
from counselroom.services.duty.duty_slots import (
    DutyDay,
    DutySlot,
    days_with_duty,
    find_term,
    month_bounds,
    slot_start,
    term_name,
)
from counselroom.services.guard import authorize
from counselroom.services.school.hotlines import list_hotlines
from counselroom.store.database import Database
from counselroom.store.school import rooms, school

LOOK_AHEAD_DAYS = 60  # how far on_duty_now looks for the next slot


@dataclass(frozen=True)
class OnDuty:
    current: DutySlot | None  # the slot under way now, if any (may have nobody: staff_id None)
    next: DutySlot | None  # the next slot that has someone on duty


@dataclass(frozen=True)
class DoorSlot:
    time: str  # 12:10–13:30
    name: str  # '' when nobody is on duty


@dataclass(frozen=True)
class DoorDay:
    day: date
    weekday: str  # 周三
    open: bool
    reason: str  # why closed (国庆节, 寒假 …) or '' / 调休上班
    slots: tuple[DoorSlot, ...]


@dataclass(frozen=True)
class DoorRota:
    """Everything the door roster prints, as plain text and dates."""

    school_name: str
    title: str  # 心理辅导室值班表
    period_label: str  # 2026-2027学年第一学期 / 2026年10月
    start: date
    end: date
    opening_hours: tuple[str, ...]  # 周一 12:10–13:30 …
    days: tuple[DoorDay, ...]
    hotlines: tuple[Hotline, ...]
    printed_on: date


def rota_for_range(db: Database, actor: Actor, start: date, end: date, *, now: datetime) -> list[DutyDay]:
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    return days_with_duty(db.conn, start, end, now)


def rota_for_month(db: Database, actor: Actor, year: int, month: int, *, now: datetime) -> list[DutyDay]:
    """Each day of the month: open or closed (with the reason) and who is on duty when."""
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    first, last = month_bounds(year, month)
    return days_with_duty(db.conn, first, last, now)


def on_duty_now(db: Database, actor: Actor, *, now: datetime) -> OnDuty:
    """Who is on duty at `now`, and the next slot with someone on duty (within two months)."""
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    days = days_with_duty(db.conn, now.date(), now.date() + timedelta(days=LOOK_AHEAD_DAYS), now)
    slots = [s for d in days for s in d.slots]
    current = next((s for s in slots if slot_start(s.day, s.start) <= now < slot_start(s.day, s.end)), None)
    upcoming = next((s for s in slots if slot_start(s.day, s.start) > now and s.staff_id is not None), None)
    return OnDuty(current, upcoming)


def door_rota_data(
    db: Database,
    actor: Actor,
    *,
    now: datetime,
    term_id: int | None = None,
    year: int | None = None,
    month: int | None = None,
) -> DoorRota:
    """The door roster of a term (term_id) or of a month (year and month)."""
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    if term_id is not None:
        term = find_term(db.conn, term_id)
        start, end, label = term.start_date, term.end_date, term_name(term)
    elif year is not None and month is not None:
        start, end = month_bounds(year, month)
        label = f"{year}年{month}月"
    else:
        raise ValidationError("请选择学期或月份", field="范围")
    found = school.get_school(db.conn)
    days = tuple(_door_day(d) for d in days_with_duty(db.conn, start, end, now))
    return DoorRota(
        found.name if found else "",
        "心理辅导室值班表",
        label,
        start,
        end,
        _hours(db),
        days,
        tuple(list_hotlines(db, actor, now=now)),
        now.date(),
    )


def _door_day(d: DutyDay) -> DoorDay:
    return DoorDay(
        d.day,
        f"周{WEEKDAYS[d.day.weekday()]}",
        d.open,
        d.reason,
        tuple(DoorSlot(s.time_label, s.staff_name) for s in d.slots),
    )


def _hours(db: Database) -> tuple[str, ...]:
    return tuple(p.label for p in rooms.opening_hours(db.conn))
