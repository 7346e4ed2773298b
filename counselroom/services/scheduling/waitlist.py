"""候补名单: students waiting for a time; when a time is found, booking it and taking the student
off the list happen in one transaction, so neither is left half done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.errors import AlreadyExists, NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.scheduling.appointments import (
    AppointmentSource,
    AppointmentType,
    Channel,
    WaitlistStatus,
    span_text,
)
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.services.scheduling.appointments import CHANGED, SCHEDULING_ROLES, insert_booking
from counselroom.store import audit_log, users
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.scheduling import waitlist as store
from counselroom.store.students import student_records as student_store


@dataclass(frozen=True)
class WaitlistEntry:
    id: int
    student_id: int
    student_name: str
    class_name: str
    counselor_id: int | None
    counselor_name: str  # the preferred counselor, '' for anyone
    preferred_times: str
    reason: str
    added_on: date
    waited_days: int


def _audit(conn: Connection, actor: Actor, entry_id: int, detail: str, now: datetime, reason: str = "") -> None:
    audit_log.append(
        conn,
        at=now,
        actor=actor,
        action=AuditAction.APPOINTMENT_CHANGED,
        object_type="waitlist",
        object_id=entry_id,
        detail=detail,
        reason=reason,
    )


def list_waitlist(db: Database, actor: Actor, *, now: datetime) -> list[WaitlistEntry]:
    """Still waiting, first come first."""
    authorize(db, actor, Permission.SCHEDULE_APPOINTMENTS, now=now)
    return [
        WaitlistEntry(
            r.id,
            r.student_id,
            r.student_name,
            r.class_name,
            r.counselor_id,
            r.counselor_name,
            r.preferred_times,
            r.reason,
            r.added_on,
            (now.date() - r.added_on).days,
        )
        for r in store.waiting(db.conn)
    ]


def add_to_waitlist(
    db: Database,
    actor: Actor,
    *,
    student_id: int,
    now: datetime,
    counselor_id: int | None = None,
    preferred_times: str = "",
    reason: str = "",
) -> Changes:
    authorize(db, actor, Permission.SCHEDULE_APPOINTMENTS, now=now, object_type="student", object_id=student_id)
    student = student_store.get(db.conn, student_id)
    if student is None:
        raise NotFound("没有这名学生", field="学生")
    if counselor_id is not None:
        counselor = users.by_id(db.conn, counselor_id)
        if counselor is None or not counselor.active or counselor.role not in SCHEDULING_ROLES:
            raise ValidationError("请选择一位在岗的心理教师，或选“不限”", field="老师")
    if len(preferred_times.strip()) > 100 or len(reason.strip()) > 200:
        raise ValidationError("候补说明请简短（时间 100 字、原因 200 字以内）", field="原因")
    with db.transaction() as conn:
        if store.is_waiting(conn, student_id):
            raise AlreadyExists(f"{student.name}已在候补名单上", field="学生")
        entry_id = store.insert(
            conn,
            student_id=student_id,
            counselor_id=counselor_id,
            preferred_times=preferred_times.strip(),
            reason=reason.strip(),
            user_id=actor.user_id,
            now=now,
        )
        _audit(conn, actor, entry_id, "加入候补", now)
    return Changes.of(CHANGED, summary=f"已将{student.name}加入候补名单")


def _waiting_entry(conn: Connection, entry_id: int) -> store.WaitlistRow:
    row = store.get(conn, entry_id)
    if row is None or row.status is not WaitlistStatus.WAITING:
        raise NotFound("这条候补已安排、已移出或不存在")
    return row


def schedule_from_waitlist(
    db: Database,
    actor: Actor,
    entry_id: int,
    *,
    counselor_id: int,
    room_id: int | None,
    start: datetime,
    end: datetime,
    type: AppointmentType,
    channel: Channel,
    source: AppointmentSource,
    now: datetime,
    note: str = "",
    confirm_conflicts: bool = False,
    confirm_reason: str = "",
) -> Changes:
    """Book the waiting student (the same checks as any booking) and mark the entry 已安排."""
    authorize(db, actor, Permission.SCHEDULE_APPOINTMENTS, now=now, object_type="waitlist", object_id=entry_id)
    with db.transaction() as conn:
        entry = _waiting_entry(conn, entry_id)
        appointment_id, _booking = insert_booking(
            conn,
            actor,
            student_ids=[entry.student_id],
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
        store.close(conn, entry_id, WaitlistStatus.SCHEDULED, appointment_id=appointment_id, now=now)
        _audit(conn, actor, entry_id, f"候补已安排 预约 {appointment_id}", now)
    return Changes.of(CHANGED, summary=f"已为{entry.student_name}安排 {span_text(start, end)}")


def remove_from_waitlist(db: Database, actor: Actor, entry_id: int, *, reason: str, now: datetime) -> Changes:
    authorize(db, actor, Permission.SCHEDULE_APPOINTMENTS, now=now, object_type="waitlist", object_id=entry_id)
    text = reason.strip()
    if len(text) < 2:
        raise ValidationError("请写明移出原因（例如：学生表示暂不需要）", field="原因")
    with db.transaction() as conn:
        entry = _waiting_entry(conn, entry_id)
        store.close(conn, entry_id, WaitlistStatus.CANCELLED, appointment_id=None, now=now)
        _audit(conn, actor, entry_id, "移出候补", now, reason=text)
    return Changes.of(CHANGED, summary=f"已将{entry.student_name}移出候补名单")
