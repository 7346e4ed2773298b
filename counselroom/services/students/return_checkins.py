"""What the student file shows of 休学 and 复学 — each leave, its return, the documents checklist
with what is still 待补, the first-month check-ins with their 完成 action — and the changes made
after the return: a check-in done with its note, one more check-in, a document that came later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.students import leave_return as rules
from counselroom.domain.students.leave_return import CheckinAction, LeaveAction, LeaveReason, ReturnDocument
from counselroom.domain.students.student_facts import StudentStatus
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.services.students.school_leave import DocumentReceived, _check_document, _write_document
from counselroom.store import audit_log, users
from counselroom.store.cases import notes as note_store
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.students import leave_return as store
from counselroom.store.students import student_records as student_store


@dataclass(frozen=True)
class DocumentLine:
    """One line of the checklist: every kind is listed, ticked or not."""

    kind: ReturnDocument
    received_on: str  # "" when not received
    issuer: str
    attachment_id: int | None
    expected: bool  # the school asks for it after this kind of leave


@dataclass(frozen=True)
class CheckinView:
    id: int
    due_on: str
    done_on: str  # "" while open
    note: str
    done_by: str
    overdue: bool
    actions: frozenset[CheckinAction]


@dataclass(frozen=True)
class ReturnView:
    id: int
    returned_on: str
    assessment_note_id: int | None
    assessment_on: str  # the 复学评估's date, "" without one
    counselor: str
    documents: tuple[DocumentLine, ...]
    missing: tuple[ReturnDocument, ...]  # 待补
    checkins: tuple[CheckinView, ...]


@dataclass(frozen=True)
class LeaveView:
    id: int
    left_on: str
    reason_kind: LeaveReason
    reason: str
    expected_return: str
    counselor: str
    back: ReturnView | None


@dataclass(frozen=True)
class StudentLeaves:
    actions: frozenset[LeaveAction]  # 办理休学 / 办理复学, as the student's status allows
    leaves: tuple[LeaveView, ...]  # oldest first


def student_leaves(db: Database, actor: Actor, student_id: int, *, now: datetime) -> StudentLeaves:
    """The student's leaves and returns, a confidential care record."""
    authorize(db, actor, Permission.VIEW_CARE_RECORDS, now=now, object_type="student", object_id=student_id)
    student = student_store.get(db.conn, student_id)
    if student is None:
        raise NotFound("没有这名学生")
    names = {int(u.id): u.display_name for u in users.all_users(db.conn)}
    leaves = tuple(_leave_view(db.conn, row, names, actor, now.date()) for row in store.leaves_of(db.conn, student_id))
    return StudentLeaves(rules.allowed_leave_actions(StudentStatus(student.status), actor), leaves)


def complete_checkin(
    db: Database, actor: Actor, checkin_id: int, *, done_on: date, note: str, now: datetime
) -> Changes:
    """完成 one check-in with a short note (what was seen; never a diagnosis)."""
    authorize(db, actor, Permission.WRITE_CARE_RECORDS, now=now, object_type="return_checkin", object_id=checkin_id)
    leave, checkin = _checkin(db, checkin_id)
    actions = rules.allowed_checkin_actions(
        done=checkin.done_on is not None, due_on=date.fromisoformat(checkin.due_on), today=now.date(), actor=actor
    )
    if CheckinAction.COMPLETE not in actions:
        raise ValidationError("这次随访已完成，或离约定日期还早", field="随访")
    assert leave.returned_on is not None and leave.return_id is not None
    returned_on = date.fromisoformat(leave.returned_on)
    rules.check_checkin_done(returned_on=returned_on, done_on=done_on, note=note, today=now.date())
    with db.transaction() as conn:
        store.mark_checkin_done(conn, checkin_id, done_on=done_on, note=note.strip(), by=actor.user_id)
        _audit(conn, actor, leave.return_id, "复学随访完成", now)
    return Changes.of(ChangeKind.STUDENTS, summary="已记录复学随访")


def add_return_checkin(db: Database, actor: Actor, return_id: int, *, due_on: date, now: datetime) -> Changes:
    """One more check-in within the first six weeks (a check-in showed the need)."""
    authorize(db, actor, Permission.WRITE_CARE_RECORDS, now=now, object_type="student_return", object_id=return_id)
    leave = _return(db, return_id)
    assert leave.returned_on is not None
    planned = [date.fromisoformat(c.due_on) for c in store.checkins_of(db.conn, return_id)]
    rules.check_extra_checkin(date.fromisoformat(leave.returned_on), planned, due_on)
    with db.transaction() as conn:
        store.add_checkin(conn, return_id, due_on)
        _audit(conn, actor, return_id, "复学随访增加", now)
    return Changes.of(ChangeKind.STUDENTS, summary=f"已增加 {due_on.isoformat()} 的复学随访")


def receive_return_document(
    db: Database, actor: Actor, return_id: int, document: DocumentReceived, *, now: datetime
) -> Changes:
    """A document that came after the return (or a scan attached later): ticked on the checklist."""
    authorize(db, actor, Permission.WRITE_CARE_RECORDS, now=now, object_type="student_return", object_id=return_id)
    leave = _return(db, return_id)
    _check_document(db, leave.student_id, document, now.date())
    with db.transaction() as conn:
        _write_document(conn, return_id, document)
        _audit(conn, actor, return_id, "复学材料", now)
    return Changes.of(ChangeKind.STUDENTS, summary=f"已登记{document.kind}")


# -- building blocks ------------------------------------------------------------------------


def _leave_view(conn: Connection, row: store.LeaveRow, names: dict[int, str], actor: Actor, today: date) -> LeaveView:
    reason = LeaveReason(row.reason_kind)
    back = None
    if row.return_id is not None and row.returned_on is not None:
        back = _return_view(conn, row, reason, names, actor, today)
    return LeaveView(
        row.id, row.left_on, reason, row.reason, row.expected_return, names.get(row.counselor_id, ""), back
    )


def _return_view(
    conn: Connection, row: store.LeaveRow, reason: LeaveReason, names: dict[int, str], actor: Actor, today: date
) -> ReturnView:
    assert row.return_id is not None and row.returned_on is not None
    received = {ReturnDocument(d.kind): d for d in store.documents_of(conn, row.return_id)}
    expected = rules.expected_documents(reason)
    lines = tuple(
        DocumentLine(
            kind,
            received[kind].received_on if kind in received else "",
            received[kind].issuer if kind in received else "",
            received[kind].attachment_id if kind in received else None,
            kind in expected,
        )
        for kind in ReturnDocument
    )
    note = note_store.get_note(conn, row.assessment_note_id) if row.assessment_note_id else None
    checkins = tuple(_checkin_view(c, names, actor, today) for c in store.checkins_of(conn, row.return_id))
    return ReturnView(
        row.return_id, row.returned_on, row.assessment_note_id, note.held_on if note else "",
        names.get(row.return_counselor_id or 0, ""), lines, rules.missing_documents(reason, received), checkins,
    )  # fmt: skip


def _checkin_view(c: store.CheckinRow, names: dict[int, str], actor: Actor, today: date) -> CheckinView:
    done, due = c.done_on is not None, date.fromisoformat(c.due_on)
    return CheckinView(
        c.id, c.due_on, c.done_on or "", c.note, names.get(c.done_by or 0, ""),
        rules.checkin_overdue(due_on=due, done=done, today=today),
        rules.allowed_checkin_actions(done=done, due_on=due, today=today, actor=actor),
    )  # fmt: skip


def _checkin(db: Database, checkin_id: int) -> tuple[store.LeaveRow, store.CheckinRow]:
    checkin = store.get_checkin(db.conn, checkin_id)
    leave = store.return_of_checkin(db.conn, checkin_id) if checkin else None
    if checkin is None or leave is None:
        raise NotFound("没有这次复学随访")
    return leave, checkin


def _return(db: Database, return_id: int) -> store.LeaveRow:
    leave = store.leave_of_return(db.conn, return_id)
    if leave is None:
        raise NotFound("没有这次复学登记")
    return leave


def _audit(conn: Connection, actor: Actor, return_id: int, detail: str, now: datetime) -> None:
    """The school store's audit row: the return's id and the action word. Never the student's id —
    that would link a student to a return after a leave (a care event) outside the care store."""
    audit_log.append(
        conn, at=now, actor=actor, action=AuditAction.STUDENT_UPDATED, object_type="student_return",
        object_id=return_id, detail=detail,
    )  # fmt: skip
