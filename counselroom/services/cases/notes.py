"""辅导记录: written from a template as a draft, signed (then locked: the care store's triggers
refuse any change), co-signed by a lead when the template asks (危机评估), corrected only by
补充说明. What a user may do to a note now is `allowed_note_actions`: the services accept
exactly that and the GUI enables exactly that."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.cases.access import CaseAccess, may_read_case
from counselroom.domain.cases.case_rules import CaseStatus
from counselroom.domain.cases.note_fields import check_note_fields, check_student_parts, check_value
from counselroom.domain.cases.note_rules import NoteAction, NoteSigning, allowed_note_actions
from counselroom.domain.cases.note_templates import NoteTemplate
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission, UserId
from counselroom.services.accounts.session import Changes
from counselroom.services.cases import search_documents
from counselroom.services.cases.cases import _access_of, _readable_case
from counselroom.services.guard import authorize, deny
from counselroom.store import audit_log, users
from counselroom.store.cases import cases as case_store
from counselroom.store.cases import notes as store
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.students import student_records as student_store
from counselroom.system.note_template_files import load_note_templates

MAX_ADDENDUM = 5000


@dataclass(frozen=True)
class NoteStudentView:
    student_id: int
    name: str
    part: str


@dataclass(frozen=True)
class AddendumView:
    text: str
    author: str
    added_at: str


@dataclass(frozen=True)
class NoteView:
    id: int
    case_id: int | None
    template_id: str
    template_name: str
    held_on: str
    fields: dict[str, str]
    author: str
    created_at: str
    state: str  # 草稿 已签名 待会签 已会签
    signed: str  # "王老师 2025-10-13T10:00:00" or ""
    cosigned: str
    students: tuple[NoteStudentView, ...]
    addenda: tuple[AddendumView, ...]
    actions: frozenset[NoteAction]


def note_templates(db: Database, actor: Actor, *, now: datetime) -> tuple[NoteTemplate, ...]:
    """The templates a note is written from (resources/note_templates)."""
    authorize(db, actor, Permission.WRITE_CASES, now=now)
    return load_note_templates()


def start_note(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    template_id: str,
    held_on: date,
    fields: Mapping[str, str],
    now: datetime,
) -> int:
    """A new draft in a case, about the case's student. Returns the note's id."""
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type="case", object_id=case_id)
    case, access = _readable_case(db, actor, case_id, now)
    template = _template(template_id)
    if template.group:
        raise ValidationError("团体辅导记录请从“团体辅导”新建，可选多名学生", field="模板")
    draft = NoteSigning(template.id, actor.user_id, needs_cosign=template.needs_cosign)
    if NoteAction.EDIT not in allowed_note_actions(draft, actor, access, now, case_status=CaseStatus(case.status)):
        deny(db, actor, "此个案当前不能写记录", now=now, object_type="case", object_id=case_id)
    _check_draft(template, fields)
    students = [store.NoteStudent(case.student_id, "")]
    note_id = _write_draft(db, actor, template, case_id, held_on, fields, students, now)
    return note_id


def start_group_note(
    db: Database,
    actor: Actor,
    *,
    template_id: str,
    held_on: date,
    fields: Mapping[str, str],
    student_parts: Mapping[int, str],
    now: datetime,
) -> int:
    """团体辅导: one note about several students; each student's part is shown in their file only."""
    authorize(db, actor, Permission.WRITE_CASES, now=now)
    template = _template(template_id)
    if not template.group:
        raise ValidationError(f"“{template.name}”不是团体记录", field="模板")
    if len(student_parts) < 2:
        raise ValidationError("团体辅导请至少选择 2 名学生", field="学生")
    for student_id in student_parts:
        if student_store.get(db.conn, student_id) is None:
            raise NotFound("所选学生中有一名不在名单上")
    _check_draft(template, fields)
    students = [store.NoteStudent(sid, part) for sid, part in sorted(student_parts.items())]
    note_id = _write_draft(db, actor, template, None, held_on, fields, students, now)
    return note_id


def save_draft(
    db: Database,
    actor: Actor,
    note_id: int,
    *,
    held_on: date,
    fields: Mapping[str, str],
    student_parts: Mapping[int, str] | None = None,
    now: datetime,
) -> Changes:
    """Ctrl+S and autosave: a draft may still be incomplete; what it holds must fit its fields."""
    _note, _access, template = _note_for(db, actor, note_id, NoteAction.EDIT, now)
    _check_draft(template, fields)
    students = store.students_of(db.conn, note_id)
    if student_parts is not None:
        if not template.group:
            raise ValidationError("只有团体辅导记录有每名学生的部分")
        students = [store.NoteStudent(s.student_id, student_parts.get(s.student_id, s.part)) for s in students]
    with db.transaction() as conn:
        store.update_draft(conn, note_id, held_on=held_on, fields=fields, students=students, now=now)
        search_documents.index_note(conn, note_id)
        _audit(conn, actor, note_id, "保存草稿", now)
    return Changes.of(ChangeKind.CASES, summary="草稿已保存（加密）")


def delete_draft(db: Database, actor: Actor, note_id: int, *, now: datetime) -> Changes:
    _note_for(db, actor, note_id, NoteAction.DELETE_DRAFT, now)
    with db.transaction() as conn:
        store.delete_draft(conn, note_id)
        _audit(conn, actor, note_id, "删除草稿", now)
    return Changes.of(ChangeKind.CASES, summary="草稿已删除")


def sign_note(db: Database, actor: Actor, note_id: int, *, now: datetime) -> Changes:
    """签名: every required field filled; from now on the note never changes."""
    note, _access, template = _note_for(db, actor, note_id, NoteAction.SIGN, now)
    problems = check_note_fields(template, note.fields)
    if template.group:
        members = store.students_of(db.conn, note_id)
        names = _student_names(db, members)
        parts = {names.get(s.student_id, str(s.student_id)): s.part for s in members}
        problems += check_student_parts(template, parts)
    if problems:
        raise ValidationError("签名前请补全：" + "；".join(problems))
    with db.transaction() as conn:
        store.sign(conn, note_id, by=actor.user_id, now=now)
        search_documents.index_note(conn, note_id)
        _audit(conn, actor, note_id, "签名", now)
    waits = "，等待心理中心负责人会签" if template.needs_cosign else ""
    return Changes.of(ChangeKind.CASES, summary=f"已签名，记录已锁定{waits}")


def cosign_note(db: Database, actor: Actor, note_id: int, *, now: datetime) -> Changes:
    """会签: a lead (not the author) co-signs a signed 危机评估 note."""
    _note_for(db, actor, note_id, NoteAction.COSIGN, now)
    with db.transaction() as conn:
        store.cosign(conn, note_id, by=actor.user_id, now=now)
        _audit(conn, actor, note_id, "会签", now)
    return Changes.of(ChangeKind.CASES, summary="已会签")


def add_addendum(db: Database, actor: Actor, note_id: int, text: str, *, now: datetime) -> Changes:
    """补充说明 to a signed note: the note stays as signed, the addendum shows below it."""
    _note_for(db, actor, note_id, NoteAction.ADD_ADDENDUM, now)
    body = text.strip()
    if not body:
        raise ValidationError("请写下补充说明的内容", field="补充说明")
    if len(body) > MAX_ADDENDUM:
        raise ValidationError(f"补充说明请控制在 {MAX_ADDENDUM} 字以内", field="补充说明")
    with db.transaction() as conn:
        store.add_addendum(conn, note_id, body, author_id=actor.user_id, now=now)
        search_documents.index_note(conn, note_id)
        _audit(conn, actor, note_id, "补充说明", now)
    return Changes.of(ChangeKind.CASES, summary="已添加补充说明")


def open_note(db: Database, actor: Actor, note_id: int, *, now: datetime) -> NoteView:
    """One note as the actor may see it; reading it is audited (打开辅导记录)."""
    authorize(db, actor, Permission.READ_ASSIGNED_CASES, now=now, object_type="note", object_id=note_id)
    note, access = _readable(db, actor, note_id, now)
    with db.transaction() as conn:
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.NOTE_OPENED, object_type="note", object_id=note_id
        )
    return _view(db, actor, note, access, now)


def case_notes(db: Database, actor: Actor, case_id: int, *, now: datetime) -> list[NoteView]:
    """The case's notes in date order (the chronology beside the editor); audited once."""
    authorize(db, actor, Permission.READ_ASSIGNED_CASES, now=now, object_type="case", object_id=case_id)
    _case, access = _readable_case(db, actor, case_id, now)
    found = store.notes_of_case(db.conn, case_id)
    with db.transaction() as conn:
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.NOTE_OPENED, object_type="case", object_id=case_id,
            detail=f"{len(found)} 条记录",
        )  # fmt: skip
    return [_view(db, actor, n, access, now) for n in found]


# -- helpers -----------------------------------------------------------------------------------


def _write_draft(
    db: Database,
    actor: Actor,
    template: NoteTemplate,
    case_id: int | None,
    held_on: date,
    fields: Mapping[str, str],
    students: list[store.NoteStudent],
    now: datetime,
) -> int:
    """The draft and its audit row — which names no template: the audit log lives in the school
    store, and "新建危机评估草稿" would tell a reader of it more than that a note was begun."""
    with db.transaction() as conn:
        note_id = store.insert_draft(
            conn,
            case_id=case_id,
            template=template.id,
            needs_cosign=template.needs_cosign,  # copied: a later edit of the template changes no note
            held_on=held_on,
            fields=fields,
            author_id=actor.user_id,
            students=students,
            now=now,
        )
        search_documents.index_note(conn, note_id)
        _audit(conn, actor, note_id, "新建草稿", now)
    return note_id


def _template(template_id: str) -> NoteTemplate:
    found = next((t for t in load_note_templates() if t.id == template_id), None)
    if found is None:
        raise ValidationError(f"没有“{template_id}”这个记录模板", field="模板")
    return found


def _check_draft(template: NoteTemplate, fields: Mapping[str, str]) -> None:
    """What a draft holds must fit (length, choices, dates); missing required fields wait for signing."""
    problems = []
    for key, value in fields.items():
        field = template.field(key)
        if field is None or field.per_student:
            problems.append(f"模板“{template.name}”没有“{key}”这一项")
        elif value.strip():
            problem = check_value(field, value)
            if problem:
                problems.append(problem)
    if problems:
        raise ValidationError("；".join(problems))


def _access_of_note(db: Database, note: store.NoteRow) -> tuple[CaseAccess, CaseStatus]:
    if note.case_id is None:  # a group note: its author (and the lead, who reads everything)
        return CaseAccess.own(UserId(note.author_id)), CaseStatus.OPEN
    case = case_store.get_case(db.conn, note.case_id)
    return _access_of(db, note.case_id), CaseStatus(case.status) if case else CaseStatus.CLOSED


def _readable(db: Database, actor: Actor, note_id: int, now: datetime) -> tuple[store.NoteRow, CaseAccess]:
    note = store.get_note(db.conn, note_id)
    access = _access_of_note(db, note)[0] if note else CaseAccess(frozenset(), frozenset())
    if note is None or not may_read_case(actor, access):
        deny(db, actor, "无权查看此辅导记录", now=now, object_type="note", object_id=note_id)
    assert note is not None
    return note, access


def _signing(note: store.NoteRow) -> NoteSigning:
    return NoteSigning(
        note.template,
        UserId(note.author_id),
        datetime.fromisoformat(note.signed_at) if note.signed_at else None,
        datetime.fromisoformat(note.cosigned_at) if note.cosigned_at else None,
        note.needs_cosign,
    )


def _note_for(
    db: Database, actor: Actor, note_id: int, action: NoteAction, now: datetime
) -> tuple[store.NoteRow, CaseAccess, NoteTemplate]:
    """The note, if the actor may take `action` on it now — else an audited refusal."""
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type="note", object_id=note_id)
    note, access = _readable(db, actor, note_id, now)
    status = _access_of_note(db, note)[1]
    if action not in allowed_note_actions(_signing(note), actor, access, now, case_status=status):
        deny(db, actor, f"此辅导记录当前不能{action.value}", now=now, object_type="note", object_id=note_id)
    return note, access, _template(note.template)


def _student_names(db: Database, members: Iterable[store.NoteStudent]) -> dict[int, str]:
    """The names of a note's students only (reading the whole roll per note cost 80 ms on a large school)."""
    return student_store.names_of(db.conn, (m.student_id for m in members))


def _view(db: Database, actor: Actor, note: store.NoteRow, access: CaseAccess, now: datetime) -> NoteView:
    names = {int(u.id): u.display_name for u in users.all_users(db.conn)}
    template = next((t for t in load_note_templates() if t.id == note.template), None)
    signing = _signing(note)
    status = _access_of_note(db, note)[1]
    members = store.students_of(db.conn, note.id)
    student_names = _student_names(db, members)
    return NoteView(
        note.id,
        note.case_id,
        note.template,
        template.name if template else note.template,
        note.held_on,
        dict(note.fields),
        names.get(note.author_id, ""),
        note.created_at,
        signing.state.value,
        f"{names.get(note.signed_by or 0, '')} {note.signed_at}" if note.signed_at else "",
        f"{names.get(note.cosigned_by or 0, '')} {note.cosigned_at}" if note.cosigned_at else "",
        tuple(NoteStudentView(s.student_id, student_names.get(s.student_id, ""), s.part) for s in members),
        tuple(AddendumView(a.text, names.get(a.author_id, ""), a.added_at) for a in store.addenda_of(db.conn, note.id)),
        allowed_note_actions(signing, actor, access, now, case_status=status),
    )


def _audit(conn: Connection, actor: Actor, note_id: int, detail: str, now: datetime) -> None:
    audit_log.append(
        conn, at=now, actor=actor, action=AuditAction.CASE_CHANGED, object_type="note", object_id=note_id, detail=detail
    )
