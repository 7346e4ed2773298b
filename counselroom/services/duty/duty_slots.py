"""What the duty services share: a term's open slots from the calendar, the slots in force on
a range of days, and the plain records they return. Building blocks only — every function here
takes a connection and runs inside a service call that has already been authorised."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from counselroom.domain.duty.duty_rota import Assignment, DutyPerson, Slot
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.school.school_days import WEEKDAYS, Period
from counselroom.domain.school.terms import term_label
from counselroom.services.school.room_setup import days_between
from counselroom.store.connection import Connection
from counselroom.store.duty import duty_rota as duty
from counselroom.store.school import school
from counselroom.store.school.school import TermRow


@dataclass(frozen=True)
class DutySlot:
    """One slot as the pages show it; `assignment_id` None: open but nobody is on duty."""

    assignment_id: int | None
    day: date
    start: time
    end: time
    staff_id: int | None
    staff_name: str
    has_log: bool
    swapped: bool
    ended: bool

    @property
    def time_label(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"

    @property
    def label(self) -> str:
        return f"{self.day:%Y-%m-%d} 周{WEEKDAYS[self.day.weekday()]} {self.time_label}"

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


@dataclass(frozen=True)
class DutyTerm:
    """A term as the duty services plan it."""

    id: int
    year_name: str  # 2025-2026
    number: int  # 1 or 2
    start_date: date
    end_date: date


@dataclass(frozen=True)
class DutyDay:
    day: date
    open: bool
    reason: str  # 国庆节, 寒假, 周末 … ('' on an ordinary open day)
    slots: tuple[DutySlot, ...]


def _duty_term(t: TermRow) -> DutyTerm:
    return DutyTerm(t.id, t.year_name, t.number, t.start_date, t.end_date)


def find_term(conn: Connection, term_id: int) -> DutyTerm:
    term = next((t for t in school.all_terms(conn) if t.id == term_id), None)
    if term is None:
        raise NotFound("没有这个学期")
    return _duty_term(term)


def term_on(conn: Connection, day: date) -> DutyTerm | None:
    term = next((t for t in school.all_terms(conn) if t.start_date <= day <= t.end_date), None)
    return _duty_term(term) if term else None


def term_name(term: DutyTerm) -> str:
    return term_label(term.year_name, term.number)


def slot_start(day: date, start: time) -> datetime:
    return datetime.combine(day, start)


def open_slots(conn: Connection, start: date, end: date) -> list[Slot]:
    """Every opening period of every open day: holidays, 调休 and vacations already applied."""
    return [Slot(d.day, p) for d in days_between(conn, start, end) if d.status.open for p in d.status.periods]


def slot_of(conn: Connection, day: date, start: time, end: time) -> Slot:
    """The slot with the weekly period it follows (a 调休 Saturday follows another weekday)."""
    periods = days_between(conn, day, day)[0].status.periods
    period = next((p for p in periods if p.start == start), Period(day.weekday(), start, end))
    return Slot(day, period)


def duty_people(conn: Connection) -> list[DutyPerson]:
    return [
        DutyPerson(r.staff_id, r.name, r.available, r.max_per_week, r.max_per_term)
        for r in duty.staff_with_duty(conn)
        if r.on_duty
    ]


def as_assignment(a: duty.AssignmentRow) -> Assignment:
    """For counting loads: the day, week and minutes are what matter, not the weekly pattern."""
    return Assignment(Slot(a.day, Period(a.day.weekday(), a.start, a.end)), a.staff_id)


def fixed_assignments(conn: Connection, term: DutyTerm, now: datetime) -> list[Assignment]:
    """Slots of the term that have begun: they stay, and count toward loads and limits."""
    return [
        as_assignment(a)
        for a in duty.in_force_between(conn, term.start_date, term.end_date)
        if slot_start(a.day, a.start) <= now
    ]


def days_with_duty(conn: Connection, start: date, end: date, now: datetime) -> list[DutyDay]:
    """Each day in [start, end]: open or closed with the reason, and its slots with who is on duty."""
    if end < start:
        raise ValidationError("结束日期应不早于开始日期", field="日期")
    by_day: dict[date, list[duty.AssignmentRow]] = {}
    for a in duty.in_force_between(conn, start, end):
        by_day.setdefault(a.day, []).append(a)
    return [
        _day(d.day, d.status.open, d.status.reason, d.status.periods, by_day.get(d.day, []), now)
        for d in days_between(conn, start, end)
    ]


def _day(
    day: date,
    is_open: bool,
    reason: str,
    periods: tuple[Period, ...],
    assigned: list[duty.AssignmentRow],
    now: datetime,
) -> DutyDay:
    if not is_open:  # a day closed after the roster was published shows no duty
        return DutyDay(day, False, reason, ())
    slots = [to_duty_slot(a, now) for a in assigned]
    starts = {a.start for a in assigned}
    slots += [
        DutySlot(None, day, p.start, p.end, None, "", False, False, slot_start(day, p.end) <= now)
        for p in periods
        if p.start not in starts
    ]
    return DutyDay(day, True, reason, tuple(sorted(slots, key=lambda s: s.start)))


def to_duty_slot(a: duty.AssignmentRow, now: datetime) -> DutySlot:
    return DutySlot(
        a.id, a.day, a.start, a.end, a.staff_id, a.staff_name, a.has_log, a.swaps > 0, slot_start(a.day, a.end) <= now
    )


def month_bounds(year: int, month: int) -> tuple[date, date]:
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise ValidationError("年月不正确", field="月份")
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return first, following - timedelta(days=1)
