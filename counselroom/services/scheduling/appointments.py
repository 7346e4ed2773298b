"""预约: book, move, cancel, mark attendance, register a walk-in (SPEC §3 item 4).

The conflict rules are domain.appointment_rules: hard clashes are refused with
AppointmentConflict; soft ones (closed day, outside opening hours, over capacity) only with
`confirm_conflicts` and a reason, which is kept and audited. Checks and writes share one
BEGIN IMMEDIATE transaction, so two PCs' bookings cannot slip past each other. Audit rows carry
ids, never students' names (the admin reads the audit log)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission, Role
from counselroom.domain.scheduling.appointment_rules import Booking, Conflict, find_conflicts, require_no_conflicts
from counselroom.domain.scheduling.appointments import (
    AppointmentSource,
    AppointmentStatus,
    AppointmentType,
    Channel,
    check_attendance,
    check_cancel,
    check_movable,
    check_shape,
    check_times,
    is_late_cancel,
    span_text,
)
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.services.school.room_setup import days_between
from counselroom.store import audit_log, users
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.scheduling import appointments as store
from counselroom.store.school import rooms
from counselroom.store.students import student_records as student_store

CHANGED = ChangeKind.APPOINTMENTS
SCHEDULING_ROLES = (Role.COUNSELOR, Role.LEAD)
_GONE = ("转出", "毕业")


def resolve_booking(
    conn: Connection,
    *,
    counselor_id: int,
    room_id: int | None,
    student_ids: Sequence[int],
    start: datetime,
    end: datetime,
    type_: AppointmentType,
    exclude_id: int | None = None,
) -> Booking:
    """Names for the messages, and refusal of an unknown counselor, room or student."""
    counselor = users.by_id(conn, counselor_id)
    if counselor is None or not counselor.active or counselor.role not in SCHEDULING_ROLES:
        raise ValidationError("请选择一位在岗的心理教师", field="老师")
    room = next((r for r in rooms.all_rooms(conn) if r.id == room_id), None)
    if room_id is not None and room is None:
        raise ValidationError("请选择一间在用的辅导室", field="辅导室")
    students = []
    for student_id in dict.fromkeys(student_ids):
        row = student_store.get(conn, student_id)
        if row is None:
            raise NotFound("没有这名学生", field="学生")
        if row.status in _GONE:
            raise ValidationError(f"{row.name}已{row.status}，不能预约", field="学生")
        students.append((row.id, row.name))
    return Booking(
        counselor_id,
        counselor.display_name,
        room_id,
        room.name if room else "",
        room.capacity if room else 0,
        start,
        end,
        type_,
        tuple(students),
        exclude_id,
    )


def conflicts_of(conn: Connection, booking: Booking) -> list[Conflict]:
    day = days_between(conn, booking.start.date(), booking.start.date())[0].status
    others = store.holding_time_around(conn, booking.start, booking.end)
    return find_conflicts(booking, others, day, hours_configured=bool(rooms.opening_hours(conn)))


def find_booking_conflicts(
    db: Database,
    actor: Actor,
    *,
    student_ids: Sequence[int],
    counselor_id: int,
    room_id: int | None,
    start: datetime,
    end: datetime,
    type: AppointmentType,
    now: datetime,
    exclude_id: int | None = None,
) -> list[Conflict]:
    """What booking (or moving `exclude_id`) would clash with — the dialog shows it as it is filled."""
    authorize(db, actor, Permission.SCHEDULE_APPOINTMENTS, now=now)
    check_times(start, end)
    booking = resolve_booking(
        db.conn,
        counselor_id=counselor_id,
        room_id=room_id,
        student_ids=student_ids,
        start=start,
        end=end,
        type_=type,
        exclude_id=exclude_id,
    )
    return conflicts_of(db.conn, booking)


def insert_booking(
    conn: Connection,
    actor: Actor,
    *,
    student_ids: Sequence[int],
    counselor_id: int,
    room_id: int | None,
    start: datetime,
    end: datetime,
    type: AppointmentType,
    channel: Channel,
    source: AppointmentSource,
    note: str,
    now: datetime,
    confirm_conflicts: bool,
    confirm_reason: str,
    walk_in: bool = False,
) -> tuple[int, Booking]:
    """Inside a transaction: check, insert and audit one appointment. A walk-in records what
    happened, so only the hard clashes (a person or room twice at once) refuse it."""
    check_times(start, end)
    check_shape(type, channel, room_id=room_id, students=len(set(student_ids)), note=note)
    booking = resolve_booking(
        conn, counselor_id=counselor_id, room_id=room_id, student_ids=student_ids, start=start, end=end, type_=type
    )
    found = [c for c in conflicts_of(conn, booking) if c.hard or not walk_in]
    reason = require_no_conflicts(found, confirmed=confirm_conflicts, reason=confirm_reason)
    status = AppointmentStatus.ATTENDED if walk_in else AppointmentStatus.BOOKED
    appointment_id = store.insert(
        conn,
        counselor_id=counselor_id,
        room_id=room_id,
        start=start,
        end=end,
        type_=type,
        channel=channel,
        source=source,
        status=status,
        is_walk_in=walk_in,
        note=note.strip(),
        confirm_reason=reason,
        student_ids=student_ids,
        user_id=actor.user_id,
        now=now,
    )
    _audit(
        conn,
        actor,
        appointment_id,
        ("登记来访 " if walk_in else "预约 ") + f"{type.value} {span_text(start, end)}",
        now=now,
        reason=reason,
        conflicts=found,
    )
    return appointment_id, booking


def _audit(
    conn: Connection,
    actor: Actor,
    appointment_id: int,
    detail: str,
    *,
    now: datetime,
    reason: str = "",
    conflicts: Sequence[Conflict] = (),
) -> None:
    if reason:  # the soft conflicts confirmed; their messages hold no student names
        detail += "；仍然安排：" + "；".join(c.message for c in conflicts)
    audit_log.append(
        conn,
        at=now,
        actor=actor,
        action=AuditAction.APPOINTMENT_CHANGED,
        object_type="appointment",
        object_id=appointment_id,
        reason=reason,
        detail=detail,
    )


def book_appointment(
    db: Database,
    actor: Actor,
    *,
    student_ids: Sequence[int],
    counselor_id: int,
    room_id: int | None,
    start: datetime,
    end: datetime,
    type: AppointmentType,
    channel: Channel,
    source: AppointmentSource,
    note: str,
    now: datetime,
    confirm_conflicts: bool = False,
    confirm_reason: str = "",
) -> Changes:
    authorize(db, actor, Permission.SCHEDULE_APPOINTMENTS, now=now)
    with db.transaction() as conn:
        _id, booking = insert_booking(
            conn,
            actor,
            student_ids=student_ids,
            counselor_id=counselor_id,
            room_id=room_id,
            start=start,
            end=end,
            type=type,
            channel=channel,
            source=source,
            note=note,
            now=now,
            confirm_conflicts=confirm_conflicts,
            confirm_reason=confirm_reason,
        )
    return Changes.of(CHANGED, summary=f"已预约：{span_text(start, end)}（{booking.counselor_name}）")


def register_walk_in(
    db: Database,
    actor: Actor,
    *,
    student_ids: Sequence[int],
    counselor_id: int,
    room_id: int | None,
    type: AppointmentType,
    channel: Channel,
    now: datetime,
    minutes: int | None = None,
    source: AppointmentSource = AppointmentSource.SELF,
    note: str = "",
) -> Changes:
    """登记来访: a student who came without booking, seen now — recorded as 已到."""
    authorize(db, actor, Permission.SCHEDULE_APPOINTMENTS, now=now)
    start = now.replace(second=0, microsecond=0)
    end = min(
        start + timedelta(minutes=minutes or type.default_minutes),
        datetime.combine(start.date(), datetime.max.time()).replace(second=0, microsecond=0),
    )
    with db.transaction() as conn:
        insert_booking(
            conn,
            actor,
            student_ids=student_ids,
            counselor_id=counselor_id,
            room_id=room_id,
            start=start,
            end=end,
            type=type,
            channel=channel,
            source=source,
            note=note,
            now=now,
            confirm_conflicts=False,
            confirm_reason="",
            walk_in=True,
        )
    return Changes.of(CHANGED, summary=f"已登记来访：{span_text(start, end)}")


def _existing(conn: Connection, appointment_id: int) -> store.AppointmentRow:
    row = store.get(conn, appointment_id)
    if row is None:
        raise NotFound("没有这次预约，可能已被删除")
    return row


def move_appointment(
    db: Database,
    actor: Actor,
    appointment_id: int,
    *,
    start: datetime,
    now: datetime,
    end: datetime | None = None,
    counselor_id: int | None = None,
    room_id: int | None = None,
    confirm_conflicts: bool = False,
    confirm_reason: str = "",
) -> Changes:
    """改期 (a drag in the calendar, or the dialog): the same checks as booking, excluding itself.
    Without `end` the length is kept; without counselor or room those stay as they were."""
    authorize(db, actor, Permission.SCHEDULE_APPOINTMENTS, now=now, object_type="appointment", object_id=appointment_id)
    with db.transaction() as conn:
        row = _existing(conn, appointment_id)
        check_movable(row.status)
        end = end or start + (row.end - row.start)
        check_times(start, end)
        counselor = counselor_id or row.counselor_id
        room = room_id if room_id is not None else row.room_id
        students = [s.id for s in store.students_of(conn, [row.id])[row.id]]
        booking = resolve_booking(
            conn,
            counselor_id=counselor,
            room_id=room,
            student_ids=students,
            start=start,
            end=end,
            type_=row.type,
            exclude_id=row.id,
        )
        found = conflicts_of(conn, booking)
        reason = require_no_conflicts(found, confirmed=confirm_conflicts, reason=confirm_reason)
        store.move(
            conn, row.id, counselor_id=counselor, room_id=room, start=start, end=end, confirm_reason=reason, now=now
        )
        _audit(
            conn,
            actor,
            row.id,
            f"改期 {span_text(row.start, row.end)} → {span_text(start, end)}",
            now=now,
            reason=reason,
            conflicts=found,
        )
    return Changes.of(CHANGED, summary=f"已改期到 {span_text(start, end)}")


def cancel_appointment(db: Database, actor: Actor, appointment_id: int, *, reason: str, now: datetime) -> Changes:
    """取消 with a reason; less than 24 h before the start it is a 临时取消 — never a 未到."""
    authorize(db, actor, Permission.SCHEDULE_APPOINTMENTS, now=now, object_type="appointment", object_id=appointment_id)
    with db.transaction() as conn:
        row = _existing(conn, appointment_id)
        text = check_cancel(row.status, reason)
        late = is_late_cancel(row.start, now)
        store.cancel(conn, row.id, reason=text, late=late, now=now)
        _audit(conn, actor, row.id, f"取消 {span_text(row.start, row.end)}" + ("（临时取消）" if late else ""), now=now)
    return Changes.of(CHANGED, summary="已取消预约" + ("（24 小时内取消，记为临时取消）" if late else ""))


def mark_attendance(
    db: Database, actor: Actor, appointment_id: int, *, status: AppointmentStatus, now: datetime
) -> Changes:
    """已到 or 未到, set by the counselor once the time has come; nothing sets it by itself."""
    authorize(db, actor, Permission.SCHEDULE_APPOINTMENTS, now=now, object_type="appointment", object_id=appointment_id)
    with db.transaction() as conn:
        row = _existing(conn, appointment_id)
        check_attendance(row.status, status, start=row.start, now=now)
        store.set_status(conn, row.id, status, now=now)
        _audit(conn, actor, row.id, f"出勤 {row.status.value} → {status.value}", now=now)
    return Changes.of(CHANGED, summary=f"已记为{status.value}")


def timeline_events(db: Database, actor: Actor, student_id: int) -> list[tuple[str, str, str]]:
    """The student's appointments for the 一生一档 chronology (listed in services/registry.py)."""
    return store.student_events(db.conn, student_id)
