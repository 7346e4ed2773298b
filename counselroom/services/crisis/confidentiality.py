"""保密例外 (SECURITY.md 13): its own action — category (生命安全风险, 虐待/性侵犯, 法律要求),
recipients and justification — producing a notice with only the fields the recipient needs. The
audit row (school store) carries the exception's id and the category word: never the
justification, the recipients, what was disclosed, or a name.

Who may record one: the lead; or a counselor who works the incident or is assigned to the case it
is linked to (the student must be that incident's or case's). Reading the record or its notice:
the same people, and the counselor who recorded it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.cases.access import CaseAccess, is_lead, may_write_case
from counselroom.domain.crisis.confidentiality import ExceptionCategory, Recipient, check_exception
from counselroom.domain.crisis.incident_rules import may_work_incident
from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Actor, Permission, UserId
from counselroom.services.crisis.incident_access import access_of as incident_access_of
from counselroom.services.guard import authorize, deny
from counselroom.store import audit_log, users
from counselroom.store.cases import cases as case_store
from counselroom.store.connection import Connection
from counselroom.store.crisis import aftercare as aftercare_store
from counselroom.store.crisis import confidentiality as store
from counselroom.store.crisis import incidents as incident_store
from counselroom.store.database import Database
from counselroom.store.school import school as school_store
from counselroom.store.students import student_records as student_store

NO_ACCESS = "无权查看此保密例外记录"
OBJECT = "confidentiality_exception"


@dataclass(frozen=True)
class ExceptionNotice:
    """保密例外告知书: exactly what the recipient needs — and a test lists these fields."""

    school_name: str
    notice_no: str
    student_name: str
    class_name: str
    category: str
    basis: str
    recipients: tuple[str, ...]  # "母亲 李某"
    disclosed: str
    disclosed_at: str
    counselor: str


@dataclass(frozen=True)
class ExceptionView:
    id: int
    student_id: int
    category: str
    recipients: tuple[Recipient, ...]
    justification: str
    disclosed: str
    incident_id: int | None
    case_id: int | None
    disclosed_at: str
    decided_by: str


def record_confidentiality_exception(
    db: Database,
    actor: Actor,
    student_id: int,
    *,
    category: str,
    recipients: list[Recipient],
    justification: str,
    disclosed: str,
    disclosed_at: datetime,
    incident_id: int | None = None,
    case_id: int | None = None,
    now: datetime,
) -> int:
    """Record a 保密例外 (audited with its category word). Returns its id, for the notice."""
    object_type, object_id = _refusal_subject(incident_id, case_id)
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type=object_type, object_id=object_id)
    if not _may_record(db.conn, actor, student_id, incident_id, case_id):
        deny(
            db, actor, "只有处置该危机事件或负责该个案的心理教师、心理中心负责人可以记录保密例外",
            now=now, object_type=object_type, object_id=object_id,
        )  # fmt: skip
    kind, people, reason, what = check_exception(category, recipients, justification, disclosed)
    if student_store.get(db.conn, student_id) is None:
        raise ValidationError("没有这名学生", field="学生")
    if disclosed_at > now:
        raise ValidationError("告知时间不能晚于现在", field="告知时间")
    with db.transaction() as conn:
        exception_id = store.insert_exception(
            conn, student_id=student_id, category=kind.value, recipients=[(p.name, p.relation) for p in people],
            justification=reason, disclosed=what, incident_id=incident_id, case_id=case_id,
            disclosed_at=disclosed_at, by=actor.user_id, now=now,
        )  # fmt: skip
        _audit(conn, actor, exception_id, kind.value, now)
    return exception_id


@dataclass(frozen=True)
class ExceptionListed:
    """A line of the list: which exception, about whom, when, by whom — not the justification, the
    recipients or what was told (opening it is a read of its own, audited)."""

    id: int
    student_name: str
    category: str
    disclosed_at: str
    decided_by: str


def list_exceptions(
    db: Database, actor: Actor, *, incident_id: int | None = None, student_id: int | None = None, now: datetime
) -> list[ExceptionListed]:
    """The exceptions of one incident or one student that the actor may read, newest first."""
    authorize(db, actor, Permission.READ_ASSIGNED_CASES, now=now, object_type=OBJECT)
    if (incident_id is None) == (student_id is None):
        raise ValidationError("请指定一起危机事件或一名学生")
    rows = (
        store.exceptions_of_incident(db.conn, incident_id)
        if incident_id is not None
        else store.exceptions_of_student(db.conn, student_id)  # type: ignore[arg-type]
    )
    readable = [
        r
        for r in rows
        if r.decided_by == actor.user_id or _may_record(db.conn, actor, r.student_id, r.incident_id, r.case_id)
    ]
    return [
        ExceptionListed(r.id, _student_name(db, r.student_id), r.category, r.disclosed_at, _name(db, r.decided_by))
        for r in readable
    ]


def get_confidentiality_exception(db: Database, actor: Actor, exception_id: int, *, now: datetime) -> ExceptionView:
    authorize(db, actor, Permission.READ_ASSIGNED_CASES, now=now, object_type=OBJECT, object_id=exception_id)
    row = _readable(db, actor, exception_id, now)
    with db.transaction() as conn:
        _audit(conn, actor, exception_id, f"{row.category} 查看", now)
    return ExceptionView(
        row.id, row.student_id, row.category, tuple(Recipient(n, r) for n, r in row.recipients), row.justification,
        row.disclosed, row.incident_id, row.case_id, row.disclosed_at, _name(db, row.decided_by),
    )  # fmt: skip


def exception_notice(db: Database, actor: Actor, exception_id: int, *, now: datetime) -> ExceptionNotice:
    """The data of the printed 保密例外告知书: only the needed fields (no justification, no case or
    incident content, no diagnosis). Audited."""
    authorize(db, actor, Permission.READ_ASSIGNED_CASES, now=now, object_type=OBJECT, object_id=exception_id)
    row = _readable(db, actor, exception_id, now)
    student = student_store.get(db.conn, row.student_id)
    school = school_store.get_school(db.conn)
    kind = ExceptionCategory(row.category)
    with db.transaction() as conn:
        _audit(conn, actor, exception_id, f"{row.category} 告知书", now)
    return ExceptionNotice(
        school.name if school else "",
        f"保密例外第 {row.id} 号",
        student.name if student else "",
        student.class_name if student else "",
        kind.value,
        kind.basis,
        tuple(f"{relation} {name}" for name, relation in row.recipients),
        row.disclosed,
        row.disclosed_at,
        _name(db, row.decided_by),
    )


# -- helpers -----------------------------------------------------------------------------------


def _may_record(conn: Connection, actor: Actor, student_id: int, incident_id: int | None, case_id: int | None) -> bool:
    if incident_id is not None:
        incident = incident_store.get_incident(conn, incident_id)
        if incident is None or student_id not in _incident_people(conn, incident_id):
            return False
        return may_work_incident(actor, incident_access_of(conn, incident))
    if case_id is not None:
        case = case_store.get_case(conn, case_id)
        return case is not None and case.student_id == student_id and may_write_case(actor, _case_access(conn, case_id))
    return is_lead(actor)


def _refusal_subject(incident_id: int | None, case_id: int | None) -> tuple[str, int | str]:
    """What a refused 保密例外 is audited against: the incident or case it was to be linked to —
    never the student, whom the school store's audit must not tie to a crisis or a disclosure."""
    if incident_id is not None:
        return "incident", incident_id
    if case_id is not None:
        return "case", case_id
    return OBJECT, ""


def _incident_people(conn: Connection, incident_id: int) -> set[int]:
    found = set(incident_store.students(conn, incident_id))
    return found | {p.student_id for p in aftercare_store.people(conn, incident_id) if p.student_id is not None}


def _case_access(conn: Connection, case_id: int) -> CaseAccess:
    people = case_store.people(conn, case_id)
    return CaseAccess(
        assigned=frozenset(UserId(p.user_id) for p in people if p.part == case_store.ASSIGNED),
        shared=frozenset(UserId(p.user_id) for p in people if p.part == case_store.SHARED),
    )


def _readable(db: Database, actor: Actor, exception_id: int, now: datetime) -> store.ExceptionRow:
    row = store.get_exception(db.conn, exception_id)
    allowed = row is not None and (
        row.decided_by == actor.user_id or _may_record(db.conn, actor, row.student_id, row.incident_id, row.case_id)
    )
    if not allowed:
        deny(db, actor, NO_ACCESS, now=now, object_type=OBJECT, object_id=exception_id)
    assert row is not None
    return row


def _audit(conn: Connection, actor: Actor, exception_id: int, detail: str, now: datetime) -> None:
    """`detail`: the category word (and a fixed word for a read) — nothing else."""
    audit_log.append(
        conn,
        at=now,
        actor=actor,
        action=AuditAction.CONFIDENTIALITY_EXCEPTION,
        object_type=OBJECT,
        object_id=exception_id,
        detail=detail,
    )


def _student_name(db: Database, student_id: int) -> str:
    student = student_store.get(db.conn, student_id)
    return student.name if student else ""


def _name(db: Database, user_id: int) -> str:
    row = users.by_id(db.conn, user_id)
    return row.display_name if row else ""
