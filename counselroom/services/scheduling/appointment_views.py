"""Reading the calendar: week and day views per counselor or room, one appointment, the
counselors to filter by, and for the principal counts only (SPEC §1: no names).

Every read that shows a student's name needs SCHEDULE_APPOINTMENTS (counselor, lead). A short
note is shown to the appointment's own counselor, its author and the lead — not to colleagues."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.scheduling.appointments import (
    AppointmentSource,
    AppointmentStatus,
    AppointmentType,
    Channel,
    awaiting_attendance,
)
from counselroom.domain.school.school_days import Period
from counselroom.domain.small_counts import protect_row, shown_count
from counselroom.services.guard import authorize
from counselroom.services.scheduling.appointments import SCHEDULING_ROLES
from counselroom.services.school.policy import policy_of
from counselroom.services.school.room_setup import days_between
from counselroom.store import care_counts, users
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.scheduling import appointments as store

__all__ = [
    "AppointmentCounts",
    "AppointmentItem",
    "CalendarDay",
    "CounselorChoice",
    "DayView",
    "StudentRef",
    "WeekView",
]


@dataclass(frozen=True)
class StudentRef:
    id: int
    name: str
    class_name: str


@dataclass(frozen=True)
class AppointmentItem:
    id: int
    counselor_id: int
    counselor_name: str
    room_id: int | None
    room_name: str
    start: datetime
    end: datetime
    type: AppointmentType
    channel: Channel
    status: AppointmentStatus
    source: AppointmentSource
    is_walk_in: bool
    students: tuple[StudentRef, ...]
    note: str  # '' unless the viewer may read it
    cancel_reason: str
    late_cancel: bool
    awaiting_attendance: bool  # begun, still 已预约: the counselor has not marked it yet

    @property
    def student_names(self) -> str:
        return "、".join(s.name for s in self.students)

    @property
    def place(self) -> str:
        return self.room_name or self.channel.value


@dataclass(frozen=True)
class CalendarDay:
    day: date
    open: bool
    reason: str  # 国庆节, 周末, 寒假 … ('' on an ordinary open day)
    periods: tuple[Period, ...]


@dataclass(frozen=True)
class WeekView:
    start: date  # a Monday
    days: tuple[CalendarDay, ...]  # Monday to Sunday
    rows: tuple[AppointmentItem, ...]


@dataclass(frozen=True)
class DayView:
    day: CalendarDay
    rows: tuple[AppointmentItem, ...]


@dataclass(frozen=True)
class CounselorChoice:
    id: int
    name: str
    role_label: str


@dataclass(frozen=True)
class AppointmentCounts:
    """Aggregates only, as texts: exact for a care-key holder; for anyone else (the principal) each
    breakdown is protected as a row with its total shown — "<5" and "*" (SECURITY.md 11): a user
    test read "危机评估 1" for a single day off the unprotected breakdown."""

    total_text: str
    by_type: dict[str, str]
    by_status: dict[str, str]
    walk_ins: str
    late_cancels: str


def _items(
    conn: Connection, actor: Actor, rows: list[store.AppointmentRow], now: datetime
) -> tuple[AppointmentItem, ...]:
    students = store.students_of(conn, [r.id for r in rows])
    reads_all = actor.can(Permission.READ_ALL_CASES)
    return tuple(
        AppointmentItem(
            r.id,
            r.counselor_id,
            r.counselor_name,
            r.room_id,
            r.room_name,
            r.start,
            r.end,
            r.type,
            r.channel,
            r.status,
            r.source,
            r.is_walk_in,
            tuple(StudentRef(s.id, s.name, s.class_name) for s in students[r.id]),
            r.note if reads_all or actor.user_id in (r.counselor_id, r.created_by) else "",
            r.cancel_reason,
            r.late_cancel,
            awaiting_attendance(r.status, r.start, now),
        )
        for r in rows
    )


def _days(conn: Connection, first: date, last: date) -> tuple[CalendarDay, ...]:
    return tuple(
        CalendarDay(d.day, d.status.open, d.status.reason, d.status.periods) for d in days_between(conn, first, last)
    )


def week_view(
    db: Database,
    actor: Actor,
    *,
    start: date,
    now: datetime,
    counselor_id: int | None = None,
    room_id: int | None = None,
    include_cancelled: bool = False,
) -> WeekView:
    """Monday to Sunday from `start`, with each day's opening periods or closing reason."""
    authorize(db, actor, Permission.SCHEDULE_APPOINTMENTS, now=now)
    if start.weekday() != 0:
        raise ValidationError("周视图应从周一开始", field="日期")
    begin = datetime.combine(start, time())
    rows = store.in_range(
        db.conn,
        begin,
        begin + timedelta(days=7),
        counselor_id=counselor_id,
        room_id=room_id,
        include_cancelled=include_cancelled,
    )
    return WeekView(start, _days(db.conn, start, start + timedelta(days=6)), _items(db.conn, actor, rows, now))


def day_view(
    db: Database,
    actor: Actor,
    *,
    day: date,
    now: datetime,
    counselor_id: int | None = None,
    room_id: int | None = None,
    include_cancelled: bool = False,
) -> DayView:
    authorize(db, actor, Permission.SCHEDULE_APPOINTMENTS, now=now)
    begin = datetime.combine(day, time())
    rows = store.in_range(
        db.conn,
        begin,
        begin + timedelta(days=1),
        counselor_id=counselor_id,
        room_id=room_id,
        include_cancelled=include_cancelled,
    )
    return DayView(_days(db.conn, day, day)[0], _items(db.conn, actor, rows, now))


def get_appointment(db: Database, actor: Actor, appointment_id: int, *, now: datetime) -> AppointmentItem:
    authorize(db, actor, Permission.SCHEDULE_APPOINTMENTS, now=now, object_type="appointment", object_id=appointment_id)
    row = store.get(db.conn, appointment_id)
    if row is None:
        raise NotFound("没有这次预约，可能已被删除")
    return _items(db.conn, actor, [row], now)[0]


def list_counselors(db: Database, actor: Actor, *, now: datetime) -> list[CounselorChoice]:
    """Active counselor and lead accounts — who can be booked — for the filter and the dialog."""
    authorize(db, actor, Permission.SCHEDULE_APPOINTMENTS, now=now)
    found = [u for u in users.all_users(db.conn) if u.active and u.role in SCHEDULING_ROLES]
    return [CounselorChoice(u.id, u.display_name, u.role.label) for u in sorted(found, key=lambda u: u.id)]


def appointment_counts(db: Database, actor: Actor, *, start: date, end: date, now: datetime) -> AppointmentCounts:
    """Counts for [start, end] by type and status: no names, no ids — for 报表 and the principal."""
    authorize(db, actor, Permission.VIEW_AGGREGATES, now=now)
    since, until = datetime.combine(start, time()), datetime.combine(end + timedelta(days=1), time())
    rows = care_counts.appointment_counts(db.conn, since, until)  # kept in the school store by the care side
    by_type: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    for r in rows:
        by_type[r.type] += r.count
        by_status[r.status] += r.count
    threshold = (
        0 if db.has_care and actor.can(Permission.VIEW_CARE_RECORDS) else policy_of(db.conn).small_count_threshold
    )
    types = protect_row([t.value for t in AppointmentType], [by_type[t.value] for t in AppointmentType], threshold)
    statuses = protect_row(
        [s.value for s in AppointmentStatus], [by_status[s.value] for s in AppointmentStatus], threshold
    )
    return AppointmentCounts(
        types.total.text,
        {label: cell.text for label, cell in zip(types.labels, types.cells, strict=True)},
        {label: cell.text for label, cell in zip(statuses.labels, statuses.cells, strict=True)},
        shown_count(sum(r.count for r in rows if r.is_walk_in), threshold),
        shown_count(sum(r.count for r in rows if r.late_cancel), threshold),
    )
