"""The input of each printout, assembled from the services: the appointment slip (预约单), the
counselor's day sheet (日程表) and the door roster (值班表). The reports layer only lays out the
dataclasses it is given; reading the data, and checking who may read it, happens here.

Who may print what follows who may read it: the slip and the day sheet come from the calendar
(SCHEDULE_APPOINTMENTS: counselor, lead); the door roster holds teachers' names only, so every
role may print it (VIEW_SCHOOL). print_jobs lays the data out as a document; putting it on paper
or in a file is audited by printouts.

The slip is built without ever copying a student's name or class: SlipData has no field for
them, and the room label is taken from the room and the channel, never from the note."""

from __future__ import annotations

from datetime import date, datetime, time

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.scheduling.appointments import AppointmentStatus, Channel
from counselroom.domain.school.class_names import print_name
from counselroom.reports.appointment_slip import SlipData
from counselroom.reports.day_sheet import DaySheetData, DaySheetRow, DutyLine
from counselroom.reports.door_rota import ClosedDay, DoorRotaData, DutySlot
from counselroom.services.accounts.session import Changes
from counselroom.services.duty import duty_calendar
from counselroom.services.duty.duty_calendar import DoorDay
from counselroom.services.duty.duty_slots import days_with_duty
from counselroom.services.guard import authorize
from counselroom.services.scheduling import appointment_views
from counselroom.services.scheduling.appointment_views import AppointmentItem
from counselroom.services.scheduling.appointments import SCHEDULING_ROLES
from counselroom.services.school.hotlines import local_hotlines, profile_hotlines
from counselroom.store import audit_log, settings, users
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.school import rooms, school, staff

ROOM_LOCATION_KEY = "room_location"
DEFAULT_ROOM_LOCATION = "心理辅导室"
ROOM_LOCATION_MAX = 40
# Days the room never opens are not closures: they are simply not in the weekly hours.
NOT_CLOSURES = frozenset({"", "周末", "不开放"})
STATUS_TEXT = {AppointmentStatus.CANCELLED: "已取消"}


# -- the room's location (printed on the door roster, the slip and the day sheet) -------------
def get_room_location(db: Database, actor: Actor, *, now: datetime) -> str:
    """Where the counseling room is, as printed: 行政楼三楼东侧 心理辅导室（阳光驿站）."""
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    return room_location(db.conn)


def room_location(conn: Connection) -> str:
    """Building block for services that print it inside their own authorised call."""
    return settings.get_setting(conn, ROOM_LOCATION_KEY, DEFAULT_ROOM_LOCATION).strip() or DEFAULT_ROOM_LOCATION


def set_room_location(db: Database, actor: Actor, location: str, *, now: datetime) -> Changes:
    authorize(db, actor, Permission.MANAGE_ROOM_SETUP, now=now, object_type="setting", object_id=ROOM_LOCATION_KEY)
    text = " ".join(location.split())
    if not text:
        raise ValidationError("请填写辅导室的位置，例如“行政楼三楼东侧 心理辅导室”", field="位置")
    if len(text) > ROOM_LOCATION_MAX:
        raise ValidationError(f"位置请写在 {ROOM_LOCATION_MAX} 字以内（印在门贴和预约单上）", field="位置")
    with db.transaction() as conn:
        settings.set_setting(conn, ROOM_LOCATION_KEY, text)
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.SETTINGS_CHANGED,
            object_type="setting",
            object_id=ROOM_LOCATION_KEY,
            detail=text,
        )
    return Changes.of(ChangeKind.SETTINGS, summary=f"辅导室位置已保存：{text}")


# -- the slip --------------------------------------------------------------------------------
def slip_data(db: Database, actor: Actor, appointment_id: int, *, now: datetime) -> SlipData:
    """When and where, nothing more (see reports.appointment_slip): no name, class or type."""
    item = appointment_views.get_appointment(db, actor, appointment_id, now=now)  # SCHEDULE_APPOINTMENTS
    if item.status is AppointmentStatus.CANCELLED:
        raise ValidationError("这次预约已取消，不能打印预约单", field="预约")
    hotlines = (*profile_hotlines(db.conn), *local_hotlines(db.conn))  # the policy profile's, then the room's
    return SlipData(_school_name(db.conn), item.start, item.end, _slip_place(item, room_location(db.conn)), hotlines)


def _slip_place(item: AppointmentItem, location: str) -> str:
    """心理辅导室（个别辅导室一）; 行政楼三楼 心理辅导室（阳光驿站） 个别辅导室一 — no nested brackets."""
    if item.channel is not Channel.FACE:
        return item.channel.value  # 电话 / 网络: the student is called, nowhere to go
    if not item.room_name:
        return location
    return f"{location} {item.room_name}" if location.endswith("）") else f"{location}（{item.room_name}）"


# -- the day sheet ---------------------------------------------------------------------------
def day_sheet_data(db: Database, actor: Actor, *, day: date, counselor_id: int, now: datetime) -> DaySheetData:
    """One counselor's appointments of the day in time order (cancelled ones marked), and their
    duty slots that day when they have a staff row. Names students: a named printout."""
    authorize(
        db,
        actor,
        Permission.SCHEDULE_APPOINTMENTS,
        now=now,
        object_type="day_sheet",
        object_id=f"{day.isoformat()}/{counselor_id}",
    )
    counselor = users.by_id(db.conn, counselor_id)
    if counselor is None or counselor.role not in SCHEDULING_ROLES:
        raise NotFound("没有这位心理教师")
    view = appointment_views.day_view(db, actor, day=day, counselor_id=counselor_id, include_cancelled=True, now=now)
    rows = tuple(_sheet_row(item) for item in sorted(view.rows, key=lambda r: (r.start, r.end, r.id)))
    return DaySheetData(
        _school_name(db.conn),
        day,
        counselor.display_name,
        f"{actor.display_name}（{actor.role.label}）",
        now,
        rows,
        _duty_of(db.conn, counselor_id, day, now),
    )


def _sheet_row(item: AppointmentItem) -> DaySheetRow:
    classes = "、".join(dict.fromkeys(print_name(s.class_name) for s in item.students if s.class_name))
    status = STATUS_TEXT.get(item.status, item.status.value)
    if item.status is AppointmentStatus.CANCELLED and item.late_cancel:
        status = "临时取消"
    return DaySheetRow(
        item.start.time(),
        item.end.time(),
        item.student_names or "—",
        classes or "—",
        item.type.value,
        item.channel.value,
        item.place,
        status,
    )


def _duty_of(conn: Connection, user_id: int, day: date, now: datetime) -> tuple[DutyLine, ...]:
    staff_ids = staff.ids_of_user(conn, user_id)
    if not staff_ids:
        return ()
    # No place: duty is always in the counseling room, which the counselor knows.
    return tuple(
        DutyLine(s.start, s.end, s.staff_name)
        for d in days_with_duty(conn, day, day, now)
        for s in d.slots
        if s.staff_id in staff_ids
    )


# -- the door roster -------------------------------------------------------------------------
def door_rota_pdf_data(
    db: Database,
    actor: Actor,
    *,
    now: datetime,
    term_id: int | None = None,
    year: int | None = None,
    month: int | None = None,
) -> DoorRotaData:
    """The door roster of a term (term_id) or a month (year and month), shaped for the PDF."""
    door = duty_calendar.door_rota_data(
        db,
        actor,
        now=now,
        term_id=term_id,
        year=year,  # VIEW_SCHOOL
        month=month,
    )
    return DoorRotaData(
        school_name=door.school_name,
        period_label=door.period_label,
        first_day=door.start,
        last_day=door.end,
        room_location=room_location(db.conn),
        opening_hours=tuple(rooms.opening_hours(db.conn)),
        slots=tuple(slot for d in door.days if d.open for slot in _door_slots(d)),
        closed_days=tuple(ClosedDay(d.day, d.reason) for d in door.days if not d.open and d.reason not in NOT_CLOSURES),
        hotlines=tuple(profile_hotlines(db.conn)),
        local_numbers=tuple(local_hotlines(db.conn)),
    )


def _door_slots(day: DoorDay) -> list[DutySlot]:
    found = []
    for s in day.slots:
        start, end = parse_time_range(s.time)
        found.append(DutySlot(day.day, start, end, (s.name,) if s.name else ()))
    return found


def parse_time_range(text: str) -> tuple[time, time]:
    """12:10–13:30 (as duty_calendar writes a slot's time) back into its two times."""
    first, dash, last = text.partition("–")
    start, end = time.fromisoformat(first.strip()), time.fromisoformat(last.strip())  # ValueError if not
    if not dash or end <= start:
        raise ValueError(f"not a time range: {text!r}")
    return start, end


def _school_name(conn: Connection) -> str:
    found = school.get_school(conn)
    return found.name if found else ""
