"""值班记录: per slot, who actually came, visitors, calls, events and hand-over notes; and the
slots already over that still have no log (待补值班记录, shown on 今日).

The text may name students, so it is read like a care record (VIEW_CARE_RECORDS, each read
audited) and written by the room's teachers (WRITE_CARE_RECORDS); the principal sees the
roster but never the log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.services.accounts.session import Changes
from counselroom.services.duty.duty_slots import DutySlot, days_with_duty, slot_start, term_on
from counselroom.services.guard import authorize
from counselroom.store import audit_log
from counselroom.store.database import Database
from counselroom.store.duty import duty_log as log_store
from counselroom.store.duty import duty_rota as duty

MAX_COUNT = 9999
MAX_TEXT = 2000
DEFAULT_LOOK_BACK_DAYS = 30  # when today is outside every term


@dataclass(frozen=True)
class DutyLogEntry:
    assignment_id: int | None
    day: date
    start: time
    end: time
    came_staff_id: int | None  # None: nobody came
    came_name: str
    visitors: int
    calls: int
    events: str
    handover: str
    written_by: str
    written_at: str


def write_duty_log(
    db: Database,
    actor: Actor,
    assignment_id: int,
    *,
    came_staff_id: int | None,
    visitors: int,
    calls: int,
    events: str,
    handover: str,
    now: datetime,
) -> Changes:
    """Write (or correct) the log of a slot that has begun."""
    authorize(db, actor, Permission.WRITE_CARE_RECORDS, now=now, object_type="duty_slot", object_id=assignment_id)
    slot = _slot(db, assignment_id)
    if not slot.published:
        raise NotFound("这个班次不在当前值班表里（已重新排班）")
    if slot_start(slot.day, slot.start) > now:
        raise ValidationError("这个班次还没开始，不能提前写值班记录", field="班次")
    _check_counts(visitors, calls)
    events, handover = _text(events, "值班情况"), _text(handover, "交接事项")
    if came_staff_id is not None and duty.staff_name(db.conn, came_staff_id) is None:
        raise NotFound("没有这位老师", field="实际到岗")
    row = log_store.DutyLogRow(
        slot.day, slot.start, slot.end, slot.id, came_staff_id, "", visitors, calls, events, handover, "", ""
    )
    with db.transaction() as conn:
        new = log_store.save_log(conn, row, by=actor.user_id, now=now)
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.DUTY_LOG_WRITTEN,
            object_type="duty_slot",
            object_id=slot.id,
            detail=f"{slot.day} {slot.start:%H:%M} {'新写' if new else '修改'}",
        )
    return Changes.of(ChangeKind.DUTY, summary="值班记录已保存")


def duty_log(db: Database, actor: Actor, assignment_id: int, *, now: datetime) -> DutyLogEntry | None:
    """The slot's log, or None when nobody has written it yet. Each read is audited."""
    authorize(db, actor, Permission.VIEW_CARE_RECORDS, now=now, object_type="duty_slot", object_id=assignment_id)
    slot = _slot(db, assignment_id)
    found = log_store.log_for_slot(db.conn, slot.day, slot.start)
    if found is None:
        return None
    with db.transaction() as conn:
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.DUTY_LOG_VIEWED, object_type="duty_slot", object_id=slot.id
        )
    return DutyLogEntry(
        found.assignment_id,
        found.day,
        found.start,
        found.end,
        found.came_staff_id,
        found.came_name,
        found.visitors,
        found.calls,
        found.events,
        found.handover,
        found.written_by,
        found.written_at.replace("T", " "),
    )


def missing_duty_logs(db: Database, actor: Actor, *, now: datetime, since: date | None = None) -> list[DutySlot]:
    """Slots with someone on duty that are over by `now` and have no log, oldest first. By default
    from the start of the current term (or the last 30 days outside a term)."""
    authorize(db, actor, Permission.VIEW_CARE_RECORDS, now=now)
    if since is None:
        term = term_on(db.conn, now.date())
        since = term.start_date if term else now.date() - timedelta(days=DEFAULT_LOOK_BACK_DAYS)
    since = max(since, now.date() - timedelta(days=400))  # the calendar answers at most 400 days
    days = days_with_duty(db.conn, since, now.date(), now)
    return [s for d in days for s in d.slots if s.assignment_id is not None and s.ended and not s.has_log]


def _slot(db: Database, assignment_id: int) -> duty.AssignmentRow:
    row = duty.assignment(db.conn, assignment_id)
    if row is None:
        raise NotFound("没有这个值班班次")
    return row


def _check_counts(visitors: int, calls: int) -> None:
    for value, label in ((visitors, "来访人数"), (calls, "来电次数")):
        if not 0 <= value <= MAX_COUNT:
            raise ValidationError(f"{label}应在 0 到 {MAX_COUNT} 之间", field=label)


def _text(value: str, label: str) -> str:
    text = value.strip()
    if len(text) > MAX_TEXT:
        raise ValidationError(f"{label}请控制在 {MAX_TEXT} 字以内", field=label)
    return text
