"""调班: a counselor asks for a slot to go to a colleague, the lead approves or declines; the
lead (or admin) may also swap directly. Every request stays in the history with its reason.

A swap is checked like the generated roster — the new teacher's availability and limits — and
only an explicit override lets it through otherwise. Slots already over are not swapped: who
actually came is written in that slot's 值班记录."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.duty.duty_rota import DutyPerson
from counselroom.domain.duty.duty_swaps import Load, SwapStatus, check_swap, require_swap_reason
from counselroom.domain.errors import AlreadyExists, NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.services.accounts.session import Changes
from counselroom.services.duty.duty_slots import find_term, slot_of, slot_start, term_on
from counselroom.services.guard import authorize
from counselroom.store import audit_log
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.duty import duty_rota as duty
from counselroom.store.duty import duty_swaps


@dataclass(frozen=True)
class SwapLine:
    id: int
    assignment_id: int
    day: date
    start: time
    end: time
    from_name: str
    to_name: str
    reason: str
    status: str  # 待批准 / 已批准 / 未批准
    override: bool
    requested_by: str
    requested_at: str
    decided_by: str
    decided_at: str
    decision_note: str


def _line(r: duty_swaps.SwapRow) -> SwapLine:
    return SwapLine(
        r.id,
        r.assignment_id,
        r.day,
        r.start,
        r.end,
        r.from_name,
        r.to_name,
        r.reason,
        r.status.value,
        r.override,
        r.requested_by,
        r.requested_at.replace("T", " "),
        r.approved_by,
        r.approved_at.replace("T", " "),
        r.decision_note,
    )


def swap_duty(
    db: Database,
    actor: Actor,
    assignment_id: int,
    *,
    to_staff_id: int,
    reason: str,
    now: datetime,
    override: bool = False,
) -> Changes:
    """The lead's direct swap: requested and approved at once."""
    authorize(db, actor, Permission.MANAGE_ROOM_SETUP, now=now, object_type="duty_slot", object_id=assignment_id)
    text = require_swap_reason(reason)
    with db.transaction() as conn:
        slot = _future_slot(conn, assignment_id, now)
        problems = _check(conn, slot, to_staff_id, override=override)
        swap_id = duty_swaps.insert_swap(
            conn,
            assignment_id=slot.id,
            from_staff_id=slot.staff_id,
            to_staff_id=to_staff_id,
            reason=text,
            requested_by=actor.user_id,
            now=now,
        )
        _apply(conn, actor, swap_id, slot, to_staff_id, problems, now)
    return Changes.of(ChangeKind.DUTY, summary="已调班")


def request_duty_swap(
    db: Database, actor: Actor, assignment_id: int, *, to_staff_id: int, reason: str, now: datetime
) -> Changes:
    """A counselor's request; the lead decides (approve_duty_swap / decline_duty_swap)."""
    authorize(db, actor, Permission.WRITE_CARE_RECORDS, now=now, object_type="duty_slot", object_id=assignment_id)
    text = require_swap_reason(reason)
    with db.transaction() as conn:
        slot = _future_slot(conn, assignment_id, now)
        if slot.staff_id == to_staff_id or duty.staff_name(conn, to_staff_id) is None:
            raise ValidationError("请选择另一位老师", field="调给")
        if any(s.assignment_id == slot.id for s in duty_swaps.pending(conn)):
            raise AlreadyExists("这个班次已有待批准的调班申请", field="班次")
        swap_id = duty_swaps.insert_swap(
            conn,
            assignment_id=slot.id,
            from_staff_id=slot.staff_id,
            to_staff_id=to_staff_id,
            reason=text,
            requested_by=actor.user_id,
            now=now,
        )
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.DUTY_SWAPPED,
            object_type="duty_swap",
            object_id=swap_id,
            detail=f"申请 {slot.day} {slot.start:%H:%M}",
        )
    return Changes.of(ChangeKind.DUTY, summary="调班申请已提交，等待心理中心负责人批准")


def approve_duty_swap(db: Database, actor: Actor, swap_id: int, *, now: datetime, override: bool = False) -> Changes:
    authorize(db, actor, Permission.MANAGE_ROOM_SETUP, now=now, object_type="duty_swap", object_id=swap_id)
    with db.transaction() as conn:
        request = _pending(conn, swap_id)
        slot = _future_slot(conn, request.assignment_id, now)
        if slot.staff_id != duty_swaps.from_staff_id(conn, swap_id):
            raise ValidationError("这个班次在申请之后已经调整过，请重新申请", field="班次")
        problems = _check(conn, slot, request.to_staff_id, override=override)
        _apply(conn, actor, swap_id, slot, request.to_staff_id, problems, now)
    return Changes.of(ChangeKind.DUTY, summary="已批准调班")


def decline_duty_swap(db: Database, actor: Actor, swap_id: int, *, reason: str, now: datetime) -> Changes:
    authorize(db, actor, Permission.MANAGE_ROOM_SETUP, now=now, object_type="duty_swap", object_id=swap_id)
    with db.transaction() as conn:
        _pending(conn, swap_id)
        duty_swaps.decide_swap(
            conn, swap_id, status=SwapStatus.DECLINED, by=actor.user_id, now=now, note=reason.strip()
        )
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.DUTY_SWAPPED,
            object_type="duty_swap",
            object_id=swap_id,
            detail="未批准",
        )
    return Changes.of(ChangeKind.DUTY, summary="已退回调班申请")


def duty_swaps_history(
    db: Database, actor: Actor, *, now: datetime, assignment_id: int | None = None, term_id: int | None = None
) -> list[SwapLine]:
    """The swaps of one slot, or of a whole term, oldest first."""
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    if assignment_id is not None:
        rows = duty_swaps.swaps_between(db.conn, date.min, date.max, assignment_id=assignment_id)
    elif term_id is not None:
        term = find_term(db.conn, term_id)
        rows = duty_swaps.swaps_between(db.conn, term.start_date, term.end_date)
    else:
        raise ValidationError("请选择班次或学期", field="范围")
    return [_line(r) for r in rows]


def pending_duty_swaps(db: Database, actor: Actor, *, now: datetime) -> list[SwapLine]:
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    return [_line(r) for r in duty_swaps.pending(db.conn)]


# -- the checks -----------------------------------------------------------------------------------
def _future_slot(conn: Connection, assignment_id: int, now: datetime) -> duty.AssignmentRow:
    row = duty.assignment(conn, assignment_id)
    if row is None or not row.published:
        raise NotFound("这个班次不在当前值班表里（可能已重新排班）")
    if slot_start(row.day, row.start) <= now:
        raise ValidationError("这个班次已经开始或已过去，不能调班；实际到岗的老师请写在值班记录里", field="班次")
    return row


def _pending(conn: Connection, swap_id: int) -> duty_swaps.SwapRow:
    request = duty_swaps.swap(conn, swap_id)
    if request is None or request.status is not SwapStatus.PENDING:
        raise NotFound("没有这条待批准的调班申请")
    return request


def _check(conn: Connection, row: duty.AssignmentRow, to_staff_id: int, *, override: bool) -> list[str]:
    teacher = next((t for t in duty.staff_with_duty(conn) if t.staff_id == to_staff_id), None)
    if teacher is None:
        raise NotFound("没有这位老师")
    # Someone not (yet) on the duty list has no settings: no availability to break, no limits.
    person = DutyPerson(
        teacher.staff_id,
        teacher.name,
        teacher.available if teacher.on_duty else None,
        teacher.max_per_week,
        teacher.max_per_term,
    )
    return check_swap(
        slot_of(conn, row.day, row.start, row.end),
        row.staff_id,
        person,
        _load(conn, to_staff_id, row.day),
        override=override,
    )


def _load(conn: Connection, staff_id: int, day: date) -> Load:
    term = term_on(conn, day)
    start, end = (term.start_date, term.end_date) if term else (day, day)
    mine = [a for a in duty.in_force_between(conn, start, end) if a.staff_id == staff_id]
    monday = day - timedelta(days=day.weekday())
    week = sum(monday <= a.day <= monday + timedelta(days=6) for a in mine)
    return Load(week=week, term=len(mine), day=sum(a.day == day for a in mine))


def _apply(
    conn: Connection,
    actor: Actor,
    swap_id: int,
    slot: duty.AssignmentRow,
    to_staff_id: int,
    problems: list[str],
    now: datetime,
) -> None:
    duty.set_assignment_staff(conn, slot.id, to_staff_id)
    duty_swaps.decide_swap(
        conn,
        swap_id,
        status=SwapStatus.APPROVED,
        by=actor.user_id,
        now=now,
        override=bool(problems),
        note="；".join(problems),
    )
    detail = f"{slot.day} {slot.start:%H:%M} 调班" + ("（超出限制）" if problems else "")
    audit_log.append(
        conn,
        at=now,
        actor=actor,
        action=AuditAction.DUTY_SWAPPED,
        object_type="duty_swap",
        object_id=swap_id,
        detail=detail,
    )
