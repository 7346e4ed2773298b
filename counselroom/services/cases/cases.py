"""个案: open one for a student, assign and share it, close and reopen it, list "my cases". Every
read and write goes through the one access rule (domain/cases/access.py) and the one table of
what may be done now (domain/cases/case_rules.py); reading a case is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.cases.access import CaseAccess, may_read_case
from counselroom.domain.cases.case_rules import CaseAction, CaseStatus, IssueType, allowed_case_actions
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import CARE_ROLES, Actor, Permission, UserId
from counselroom.services.accounts.session import Changes
from counselroom.services.cases import search_documents
from counselroom.services.guard import authorize, deny
from counselroom.store import audit_log, users
from counselroom.store.cases import cases as store
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.students import student_records as student_store

MAX_TEXT = 2000
NO_ACCESS = "无权查看此个案（只有负责或共享的心理教师和心理中心负责人可以查看）"


@dataclass(frozen=True)
class CaseSummary:
    id: int
    student_id: int
    student_name: str
    class_name: str
    status: str
    opened_on: str
    last_contact: str  # the latest note's date, or ""
    next_step: str
    my_part: str  # 负责 / 共享 / "" (the lead reading all)


@dataclass(frozen=True)
class CasePersonView:
    user_id: int
    name: str
    part: str


@dataclass(frozen=True)
class CaseDetail:
    id: int
    student_id: int
    student_name: str
    class_name: str
    reason: str
    issue_types: tuple[str, ...]
    status: str
    opened_on: str
    closed_on: str | None
    close_summary: str
    next_step: str
    people: tuple[CasePersonView, ...]
    history: tuple[tuple[str, str, str, str], ...]  # when, who, what, detail
    actions: frozenset[CaseAction]  # what this user may do now: the GUI enables exactly these


def _access_of(db: Database, case_id: int) -> CaseAccess:
    people = store.people(db.conn, case_id)
    return CaseAccess(
        assigned=frozenset(UserId(p.user_id) for p in people if p.part == store.ASSIGNED),
        shared=frozenset(UserId(p.user_id) for p in people if p.part == store.SHARED),
    )


def readable_case_ids(db: Database, actor: Actor) -> set[int] | None:
    """The cases the actor may read; None for every case (the lead). A building block for lists,
    search and the timeline, called inside an authorised service."""
    if not actor.can(Permission.READ_ASSIGNED_CASES):
        return set()
    if actor.can(Permission.READ_ALL_CASES):
        return None
    return store.case_ids_of_user(db.conn, actor.user_id)


def open_case(
    db: Database,
    actor: Actor,
    student_id: int,
    *,
    reason: str,
    issue_types: list[str],
    counselor_ids: list[int] | None = None,
    now: datetime,
) -> Changes:
    """开案: the opener is assigned unless other counselors are named."""
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type="student", object_id=student_id)
    student = student_store.get(db.conn, student_id)
    if student is None:
        raise NotFound("没有这名学生")
    text = reason.strip()
    if not text:
        raise ValidationError("请写明开案原因", field="开案原因")
    if len(text) > MAX_TEXT:
        raise ValidationError(f"开案原因请控制在 {MAX_TEXT} 字以内", field="开案原因")
    known = {t.value for t in IssueType}
    unknown = [t for t in issue_types if t not in known]
    if unknown or not issue_types:
        raise ValidationError(f"请从以下问题类型中选择：{'、'.join(known)}", field="问题类型")
    assigned = counselor_ids or [int(actor.user_id)]
    for user_id in assigned:
        _require_counselor(db, user_id)
    with db.transaction() as conn:
        case_id = store.insert_case(
            conn,
            student_id=student_id,
            reason=text,
            issue_types=issue_types,
            opened_on=now.date(),
            opened_by=actor.user_id,
            now=now,
        )
        for user_id in assigned:
            store.set_person(conn, case_id, user_id, store.ASSIGNED, by=actor.user_id, now=now)
        store.add_event(conn, case_id, by=actor.user_id, action="开案", detail="、".join(issue_types), now=now)
        search_documents.index_case(conn, case_id)
        _audit(conn, actor, case_id, "开案", now)
    return Changes.of(ChangeKind.CASES, summary=f"已为 {student.name} 开案（编号 {case_id}）")


def my_cases(db: Database, actor: Actor, *, now: datetime) -> list[CaseSummary]:
    """The lead: every case; a counselor: the cases assigned or shared to them. Open ones first."""
    authorize(db, actor, Permission.READ_ASSIGNED_CASES, now=now)
    readable = readable_case_ids(db, actor)
    people = store.people_of_cases(db.conn)
    last = store.last_contact(db.conn)
    found = []
    for row in store.all_cases(db.conn):
        if readable is not None and row.id not in readable:
            continue
        student = student_store.get(db.conn, row.student_id)
        mine = next((p.part for p in people.get(row.id, []) if p.user_id == actor.user_id), "")
        found.append(
            CaseSummary(
                row.id,
                row.student_id,
                student.name if student else "",
                student.class_name if student else "",
                row.status,
                row.opened_on,
                last.get(row.id, ""),
                row.next_step,
                mine,
            )
        )
    return sorted(
        found, key=lambda c: (c.status != CaseStatus.OPEN.value, c.last_contact or c.opened_on), reverse=False
    )


def get_case(db: Database, actor: Actor, case_id: int, *, now: datetime) -> CaseDetail:
    """One case as the actor may see it; reading it is audited (打开个案)."""
    authorize(db, actor, Permission.READ_ASSIGNED_CASES, now=now, object_type="case", object_id=case_id)
    row, access = _readable_case(db, actor, case_id, now)
    student = student_store.get(db.conn, row.student_id)
    names = {u.id: u.display_name for u in users.all_users(db.conn)}
    with db.transaction() as conn:
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.CASE_OPENED, object_type="case", object_id=case_id
        )
    return CaseDetail(
        row.id,
        row.student_id,
        student.name if student else "",
        student.class_name if student else "",
        row.reason,
        row.issue_types,
        row.status,
        row.opened_on,
        row.closed_on,
        row.close_summary,
        row.next_step,
        tuple(
            CasePersonView(p.user_id, names.get(UserId(p.user_id), ""), p.part) for p in store.people(db.conn, case_id)
        ),
        tuple(
            (e.changed_at, names.get(UserId(e.changed_by), ""), e.action, e.detail)
            for e in store.history(db.conn, case_id)
        ),
        allowed_case_actions(CaseStatus(row.status), actor, access),
    )


def assign_counselor(db: Database, actor: Actor, case_id: int, user_id: int, *, now: datetime) -> Changes:
    return _change_people(db, actor, case_id, user_id, CaseAction.ASSIGN, store.ASSIGNED, "指派", now)


def share_case(db: Database, actor: Actor, case_id: int, user_id: int, *, now: datetime) -> Changes:
    """共享 with a named colleague: they read the case and its notes, and write nothing."""
    return _change_people(db, actor, case_id, user_id, CaseAction.SHARE, store.SHARED, "共享", now)


def unshare_case(db: Database, actor: Actor, case_id: int, user_id: int, *, now: datetime) -> Changes:
    authorize(db, actor, Permission.READ_ASSIGNED_CASES, now=now, object_type="case", object_id=case_id)
    row, access = _readable_case(db, actor, case_id, now)
    _require_action(db, actor, row.status, access, CaseAction.SHARE, case_id, now)
    if UserId(user_id) not in access.shared:
        raise ValidationError("此个案没有共享给这位老师")
    with db.transaction() as conn:
        store.remove_person(conn, case_id, user_id)
        store.add_event(conn, case_id, by=actor.user_id, action="取消共享", detail=_name(db, user_id), now=now)
        _audit(conn, actor, case_id, "取消共享", now)
    return Changes.of(ChangeKind.CASES, summary=f"已取消与 {_name(db, user_id)} 的共享")


def close_case(db: Database, actor: Actor, case_id: int, *, summary: str, now: datetime) -> Changes:
    """结案 with a summary of what was done and how it ended."""
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type="case", object_id=case_id)
    row, access = _readable_case(db, actor, case_id, now)
    _require_action(db, actor, row.status, access, CaseAction.CLOSE, case_id, now)
    text = summary.strip()
    if not text:
        raise ValidationError("结案请写明小结（做了什么、结果如何、后续建议）", field="结案小结")
    if len(text) > MAX_TEXT * 5:
        raise ValidationError(f"结案小结请控制在 {MAX_TEXT * 5} 字以内", field="结案小结")
    with db.transaction() as conn:
        store.set_closed(conn, case_id, on=now.date(), summary=text, now=now)
        store.add_event(conn, case_id, by=actor.user_id, action="结案", now=now)
        search_documents.index_case(conn, case_id)
        _audit(conn, actor, case_id, "结案", now)
    return Changes.of(ChangeKind.CASES, summary="已结案")


def reopen_case(db: Database, actor: Actor, case_id: int, *, reason: str, now: datetime) -> Changes:
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type="case", object_id=case_id)
    row, access = _readable_case(db, actor, case_id, now)
    _require_action(db, actor, row.status, access, CaseAction.REOPEN, case_id, now)
    if not reason.strip():
        raise ValidationError("请写明重新开案的原因", field="原因")
    with db.transaction() as conn:
        store.set_closed(conn, case_id, on=None, summary="", now=now)
        store.add_event(
            conn, case_id, by=actor.user_id, action=CaseAction.REOPEN.value, detail=reason.strip()[:MAX_TEXT], now=now
        )
        search_documents.index_case(conn, case_id)
        _audit(conn, actor, case_id, "重新开案", now)
    return Changes.of(ChangeKind.CASES, summary="已重新开案")


def set_next_step(db: Database, actor: Actor, case_id: int, next_step: str, *, now: datetime) -> Changes:
    """The case's next step (下一步), shown in "my cases"."""
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type="case", object_id=case_id)
    row, access = _readable_case(db, actor, case_id, now)
    _require_action(db, actor, row.status, access, CaseAction.WRITE, case_id, now)
    with db.transaction() as conn:
        store.set_next_step(conn, case_id, next_step.strip()[:MAX_TEXT], now=now)
        search_documents.index_case(conn, case_id)
        _audit(conn, actor, case_id, "下一步", now)
    return Changes.of(ChangeKind.CASES, summary="已更新下一步")


# -- helpers -----------------------------------------------------------------------------------


def _change_people(
    db: Database, actor: Actor, case_id: int, user_id: int, action: CaseAction, part: str, word: str, now: datetime
) -> Changes:
    authorize(db, actor, Permission.READ_ASSIGNED_CASES, now=now, object_type="case", object_id=case_id)
    row, access = _readable_case(db, actor, case_id, now)
    _require_action(db, actor, row.status, access, action, case_id, now)
    _require_counselor(db, user_id)
    with db.transaction() as conn:
        store.set_person(conn, case_id, user_id, part, by=actor.user_id, now=now)
        store.add_event(conn, case_id, by=actor.user_id, action=word, detail=_name(db, user_id), now=now)
        _audit(conn, actor, case_id, f"{word} {user_id}", now)
    return Changes.of(ChangeKind.CASES, summary=f"已{word}给 {_name(db, user_id)}")


def _readable_case(db: Database, actor: Actor, case_id: int, now: datetime) -> tuple[store.CaseRow, CaseAccess]:
    """The case, if the actor may read it; otherwise a refusal that is audited and says no more
    than that (a missing case and a forbidden one read the same). A building block of every case
    and note service, called after their permission check."""
    row = store.get_case(db.conn, case_id)
    access = _access_of(db, case_id) if row else CaseAccess(frozenset(), frozenset())
    if row is None or not may_read_case(actor, access):
        deny(db, actor, NO_ACCESS, now=now, object_type="case", object_id=case_id)
    assert row is not None
    return row, access


def _require_action(
    db: Database, actor: Actor, status: str, access: CaseAccess, action: CaseAction, case_id: int, now: datetime
) -> None:
    if action not in allowed_case_actions(CaseStatus(status), actor, access):
        deny(db, actor, f"此个案当前不能{action.value}", now=now, object_type="case", object_id=case_id)


def _require_counselor(db: Database, user_id: int) -> None:
    row = users.by_id(db.conn, user_id)
    if row is None or not row.active or row.role not in CARE_ROLES:
        raise ValidationError("只能指派或共享给在用的心理教师或心理中心负责人", field="老师")


def _name(db: Database, user_id: int) -> str:
    row = users.by_id(db.conn, user_id)
    return row.display_name if row else str(user_id)


def _audit(conn: Connection, actor: Actor, case_id: int, detail: str, now: datetime) -> None:
    audit_log.append(
        conn, at=now, actor=actor, action=AuditAction.CASE_CHANGED, object_type="case", object_id=case_id, detail=detail
    )
