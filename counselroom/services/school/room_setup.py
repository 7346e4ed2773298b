"""The room's setup: rooms, weekly opening hours, the school's own days; and, from them,
whether the room is open on a day. Appointments, duty and 今日 all ask here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import AlreadyExists, NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.school.school_days import DayStatus, Period, SchoolDay, check_periods, day_status
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.store import audit_log
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.school import rooms, school
from counselroom.system.holidays import national_day

ROOM_KINDS = ("个别辅导室", "团体活动室", "沙盘室", "放松室", "测评室", "办公接待区", "其他")
MAX_RANGE_DAYS = 400


@dataclass(frozen=True)
class Room:
    id: int
    name: str
    kind: str
    capacity: int
    active: bool


@dataclass(frozen=True)
class CalendarDay:
    day: date
    status: DayStatus


def list_rooms(db: Database, actor: Actor, *, now: datetime, include_inactive: bool = False) -> list[Room]:
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    return [
        Room(r.id, r.name, r.kind, r.capacity, r.active)
        for r in rooms.all_rooms(db.conn, include_inactive=include_inactive)
    ]


def save_room(
    db: Database,
    actor: Actor,
    *,
    name: str,
    kind: str,
    capacity: int,
    now: datetime,
    room_id: int | None = None,
    active: bool = True,
) -> Changes:
    authorize(db, actor, Permission.MANAGE_ROOM_SETUP, now=now)
    name = name.strip()
    if not name:
        raise ValidationError("请填写辅导室名称", field="名称")
    if kind not in ROOM_KINDS:
        raise ValidationError(f"类型应为：{'、'.join(ROOM_KINDS)}", field="类型")
    if not 1 <= capacity <= 200:
        raise ValidationError("容纳人数应在 1 到 200 之间", field="容纳人数")
    existing = {r.name: r.id for r in rooms.all_rooms(db.conn, include_inactive=True)}
    if name in existing and existing[name] != room_id:
        raise AlreadyExists(f"已有名为“{name}”的辅导室", field="名称")
    with db.transaction() as conn:
        if room_id is None:
            room_id = rooms.insert_room(conn, name=name, kind=kind, capacity=capacity)
        else:
            rooms.update_room(conn, room_id, name=name, kind=kind, capacity=capacity, active=active)
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.SETTINGS_CHANGED,
            object_type="room",
            object_id=room_id,
            detail=name,
        )
    return Changes.of(ChangeKind.ROOMS, summary=f"已保存辅导室“{name}”")


def get_opening_hours(db: Database, actor: Actor, *, now: datetime) -> list[Period]:
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    return rooms.opening_hours(db.conn)


def set_opening_hours(db: Database, actor: Actor, periods: list[Period], *, now: datetime) -> Changes:
    """Replace the weekly opening periods (each is one 值班时段)."""
    authorize(db, actor, Permission.MANAGE_ROOM_SETUP, now=now)
    check_periods(periods)
    with db.transaction() as conn:
        rooms.replace_opening_hours(conn, periods)
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.SETTINGS_CHANGED,
            object_type="setting",
            object_id="opening_hours",
            detail=f"{len(periods)} 个时段",
        )
    return Changes.of(ChangeKind.ROOMS, summary="开放时间已保存")


def list_school_days(db: Database, actor: Actor, *, now: datetime) -> list[SchoolDay]:
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    return rooms.school_days(db.conn)


def set_school_day(db: Database, actor: Actor, entry: SchoolDay, *, now: datetime) -> Changes:
    """The school's own closed day (寒假、运动会) or open day (调休上课)."""
    authorize(db, actor, Permission.MANAGE_ROOM_SETUP, now=now)
    if entry.open and entry.follows_weekday is None and entry.day.weekday() >= 5:
        raise ValidationError("周末调休上课，请选择按周几的开放时间", field="按周几")
    with db.transaction() as conn:
        rooms.set_school_day(conn, entry)
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.SETTINGS_CHANGED,
            object_type="setting",
            object_id="school_days",
            detail=f"{entry.day} {'开放' if entry.open else '停开'} {entry.name}",
        )
    return Changes.of(ChangeKind.ROOMS, summary=f"{entry.day:%Y-%m-%d} 已设为{'开放' if entry.open else '停开'}")


def remove_school_day(db: Database, actor: Actor, day: date, *, now: datetime) -> Changes:
    authorize(db, actor, Permission.MANAGE_ROOM_SETUP, now=now)
    if not any(d.day == day for d in rooms.school_days(db.conn, day, day)):
        raise NotFound("这一天没有学校自定的安排")
    with db.transaction() as conn:
        rooms.remove_school_day(conn, day)
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.SETTINGS_CHANGED,
            object_type="setting",
            object_id="school_days",
            detail=f"删除 {day}",
        )
    return Changes.of(ChangeKind.ROOMS, summary="已删除")


def calendar_days(db: Database, actor: Actor, start: date, end: date, *, now: datetime) -> list[CalendarDay]:
    """Open or closed, with the reason and the opening periods, for each day in [start, end]."""
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    return days_between(db.conn, start, end)


def days_between(conn: Connection, start: date, end: date) -> list[CalendarDay]:
    """For other services inside their own authorised call."""
    if end < start or (end - start).days > MAX_RANGE_DAYS:
        raise ValidationError("日期范围不正确", field="日期")
    hours = rooms.opening_hours(conn)
    overrides = {d.day: d for d in rooms.school_days(conn, start, end)}
    terms = [(t.start_date, t.end_date) for t in school.all_terms(conn)]
    days = []
    day = start
    while day <= end:
        status = day_status(day, hours=hours, school_day=overrides.get(day), national=national_day, terms=terms)
        days.append(CalendarDay(day, status))
        day += timedelta(days=1)
    return days
