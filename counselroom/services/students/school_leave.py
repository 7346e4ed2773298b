"""休学 and 复学 (issue #11 item 3; S001 休、复学机制): a leave with its reason and expected return,
a return resting on a signed 复学评估, the documents received and a first-month check-in plan. The
rules are domain/students/leave_return.py; the check-ins and what the file shows are in
return_checkins.py. Both status changes also go into the student's status history (school store),
with the reason in the care store, in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.cases.access import may_read_case
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import CARE_ROLES, Actor, Permission
from counselroom.domain.students import leave_return as rules
from counselroom.domain.students.leave_return import LeaveAction, LeaveReason, ReturnDocument
from counselroom.domain.students.student_facts import StudentStatus
from counselroom.services.accounts.session import Changes
from counselroom.services.cases.cases import _access_of
from counselroom.services.guard import authorize, deny
from counselroom.services.students.student_records import _write_status_change
from counselroom.store import users
from counselroom.store.cases import attachments as attachment_store
from counselroom.store.cases import cases as case_store
from counselroom.store.cases import notes as note_store
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.students import leave_return as store
from counselroom.store.students import student_records as student_store


@dataclass(frozen=True)
class DocumentReceived:
    """One ticked line of the checklist: which document, when it came, who issued it (a hospital),
    and optionally its scan among the student's case attachments."""

    kind: ReturnDocument
    received_on: date
    issuer: str = ""
    attachment_id: int | None = None


@dataclass(frozen=True)
class AssessmentChoice:
    """A 复学评估 the actor may read and link to a return."""

    note_id: int
    held_on: str
    signed: bool
    conclusion: str
    usable: str  # "" when it can carry the return, else why not (草稿, 暂缓复学 …)


def take_leave(
    db: Database,
    actor: Actor,
    student_id: int,
    *,
    left_on: date,
    reason_kind: LeaveReason,
    reason: str,
    expected_return: date,
    counselor_id: int | None = None,
    now: datetime,
) -> Changes:
    """办理休学: the status becomes 休学, the mentorship ends, the counselor who follows the leave
    (the actor unless named) is kept with the kind of reason and the expected return."""
    authorize(db, actor, Permission.WRITE_CARE_RECORDS, now=now, object_type="student", object_id=student_id)
    row = _student(db, student_id)
    _require(db, actor, row, LeaveAction.TAKE_LEAVE, now)
    rules.check_leave(left_on=left_on, expected_return=expected_return, reason=reason, today=now.date())
    follower = _counselor(db, counselor_id or actor.user_id)
    with db.transaction() as conn:
        change_id = _write_status_change(
            conn, actor, row, StudentStatus.SUSPENDED, on_date=left_on, reason=reason.strip(), now=now
        )
        store.insert_leave(
            conn, student_id, change_id=change_id, reason_kind=reason_kind.value, left_on=left_on,
            expected_return=expected_return, counselor_id=follower, by=actor.user_id, now=now,
        )  # fmt: skip
    return Changes.of(ChangeKind.STUDENTS, summary=f"{row.name}：已办理休学，预计 {expected_return.isoformat()} 复学")


def return_assessments(db: Database, actor: Actor, student_id: int, *, now: datetime) -> list[AssessmentChoice]:
    """The student's 复学评估 notes the actor may read, newest first, each saying whether it can
    carry a return now (for the 办理复学 dialog's choice)."""
    authorize(db, actor, Permission.WRITE_CARE_RECORDS, now=now, object_type="student", object_id=student_id)
    _student(db, student_id)
    leave = store.open_leave(db.conn, student_id)
    choices = []
    for case in case_store.cases_of_student(db.conn, student_id):
        if not may_read_case(actor, _access_of(db, case.id)):
            continue
        for note in note_store.notes_of_case(db.conn, case.id):
            if note.template != rules.RETURN_TEMPLATE:
                continue
            conclusion = note.fields.get(rules.CONCLUSION_FIELD, "")
            usable = ""
            if leave is not None:
                try:
                    rules.check_assessment(
                        _assessment(db.conn, note), student_id=student_id, left_on=date.fromisoformat(leave.left_on),
                        returned_on=now.date(), reason=LeaveReason(leave.reason_kind),
                    )  # fmt: skip
                except ValidationError as refused:
                    usable = refused.message
            choices.append(AssessmentChoice(note.id, note.held_on, note.signed_at is not None, conclusion, usable))
    return sorted(choices, key=lambda c: (c.held_on, c.note_id), reverse=True)


def record_return(
    db: Database,
    actor: Actor,
    student_id: int,
    *,
    returned_on: date,
    assessment_note_id: int | None,
    documents: Sequence[DocumentReceived] = (),
    checkin_dates: Sequence[date] | None = None,
    counselor_id: int | None = None,
    now: datetime,
) -> Changes:
    """办理复学: the status becomes 复学; the return is linked to its signed 复学评估 (required after a
    leave for mental health), the documents received are ticked, and the check-ins (week 1, 2, 4
    unless given) are planned for the counselor who follows the return (the leave's unless named)."""
    authorize(db, actor, Permission.WRITE_CARE_RECORDS, now=now, object_type="student", object_id=student_id)
    row = _student(db, student_id)
    _require(db, actor, row, LeaveAction.RECORD_RETURN, now)
    leave = store.open_leave(db.conn, student_id)
    if leave is None:
        raise ValidationError("没有找到这次休学的登记，请先补登休学信息", field="学籍状态")
    left_on, reason = date.fromisoformat(leave.left_on), LeaveReason(leave.reason_kind)
    rules.check_return_day(left_on=left_on, returned_on=returned_on, today=now.date())
    assessment = _readable_assessment(db, actor, assessment_note_id, now)
    rules.check_assessment(assessment, student_id=student_id, left_on=left_on, returned_on=returned_on, reason=reason)
    dates = rules.check_checkin_dates(
        returned_on, rules.default_checkin_dates(returned_on) if checkin_dates is None else checkin_dates
    )
    _check_documents(db, student_id, documents, now.date())
    follower = _counselor(db, counselor_id or leave.counselor_id)
    with db.transaction() as conn:
        change_id = _write_status_change(
            conn, actor, row, StudentStatus.RESUMED, on_date=returned_on, reason="复学", now=now
        )
        return_id = store.insert_return(
            conn, leave.id, change_id=change_id, returned_on=returned_on, assessment_note_id=assessment_note_id,
            counselor_id=follower, by=actor.user_id, now=now,
        )  # fmt: skip
        for doc in documents:
            _write_document(conn, return_id, doc)
        for day in dates:
            store.add_checkin(conn, return_id, day)
    return Changes.of(ChangeKind.STUDENTS, summary=f"{row.name}：已办理复学，首月随访 {len(dates)} 次")


# -- building blocks ------------------------------------------------------------------------


def _student(db: Database, student_id: int) -> student_store.StudentRow:
    row = student_store.get(db.conn, student_id)
    if row is None:
        raise NotFound("没有这名学生")
    return row


def _require(db: Database, actor: Actor, row: student_store.StudentRow, action: LeaveAction, now: datetime) -> None:
    status = StudentStatus(row.status)
    if action not in rules.allowed_leave_actions(status, actor):
        raise ValidationError(f"学生当前为“{status}”，不能{action}", field="学籍状态")


def _counselor(db: Database, user_id: int) -> int:
    user = users.by_id(db.conn, user_id)
    if user is None or not user.active or user.role not in CARE_ROLES:
        raise ValidationError("负责随访的应是在用的心理教师或心理中心负责人账号", field="负责教师")
    return int(user.id)


def _assessment(conn: Connection, note: note_store.NoteRow) -> rules.Assessment:
    return rules.Assessment(
        note.template,
        frozenset(s.student_id for s in note_store.students_of(conn, note.id)),
        date.fromisoformat(note.held_on),
        note.signed_at is not None,
        note.fields.get(rules.CONCLUSION_FIELD, ""),
    )


def _readable_assessment(db: Database, actor: Actor, note_id: int | None, now: datetime) -> rules.Assessment | None:
    """The linked note, if the actor may read its case; a missing note and a forbidden one read the
    same, and the refusal is audited."""
    if note_id is None:
        return None
    note = note_store.get_note(db.conn, note_id)
    if note is None or note.case_id is None or not may_read_case(actor, _access_of(db, note.case_id)):
        deny(db, actor, "无权使用这条复学评估（只有能查看该个案的心理教师可以）", now=now,
             object_type="note", object_id=note_id)  # fmt: skip
    assert note is not None
    return _assessment(db.conn, note)


def _check_documents(db: Database, student_id: int, documents: Sequence[DocumentReceived], today: date) -> None:
    kinds = [d.kind for d in documents]
    if len(set(kinds)) != len(kinds):
        raise ValidationError("同一种材料只需勾选一次", field="复学材料")
    for doc in documents:
        _check_document(db, student_id, doc, today)


def _check_document(db: Database, student_id: int, doc: DocumentReceived, today: date) -> None:
    """Inside an authorised call: received by today, a short issuer, a scan that is an attachment
    of one of this student's cases."""
    ReturnDocument(doc.kind)
    if doc.received_on > today:
        raise ValidationError("收到日期不能晚于今天", field=doc.kind)
    if len(doc.issuer) > rules.MAX_DOCUMENT_NOTE:
        raise ValidationError(f"出具单位请控制在 {rules.MAX_DOCUMENT_NOTE} 字以内", field=doc.kind)
    if doc.attachment_id is not None:
        attachment = attachment_store.get(db.conn, doc.attachment_id)
        case = case_store.get_case(db.conn, attachment.case_id) if attachment else None
        if case is None or case.student_id != student_id:
            raise ValidationError("所选附件不是这名学生个案中的文件", field=doc.kind)


def _write_document(conn: Connection, return_id: int, doc: DocumentReceived) -> None:
    store.set_document(
        conn, return_id, kind=doc.kind.value, received_on=doc.received_on, issuer=doc.issuer.strip(),
        attachment_id=doc.attachment_id,
    )  # fmt: skip
