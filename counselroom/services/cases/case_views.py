"""What the 个案 page and the student file show besides one case: the colleagues a case can be
shared with, the lead's 会签 queue, the 团体辅导 notes, and one student's cases and notes.

Every list goes through the one access rule (domain/cases/access.py): a note shows only to those
who may read its case (a group note: its author and the lead), and a group note shown in one
student's file carries that student's part alone — never the other students' names or parts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.cases.access import may_read_case
from counselroom.domain.roles import CARE_ROLES, Actor, Permission, Role
from counselroom.services.cases.cases import CaseSummary, my_cases
from counselroom.services.cases.notes import NoteView, _access_of_note, _view
from counselroom.services.guard import authorize
from counselroom.store import audit_log, users
from counselroom.store.cases import notes as note_store
from counselroom.store.database import Database
from counselroom.store.students import student_records as student_store
from counselroom.system.note_template_files import load_note_templates

ROLE_WORDS = {Role.COUNSELOR: "心理教师", Role.LEAD: "心理中心负责人"}


@dataclass(frozen=True)
class Colleague:
    user_id: int
    name: str
    role: str  # 心理教师 / 心理中心负责人


@dataclass(frozen=True)
class QueuedNote:
    """A signed 危机评估 note waiting for the lead's 会签."""

    note_id: int
    case_id: int | None
    student_name: str
    held_on: str
    template_name: str
    author: str
    signed_at: str


@dataclass(frozen=True)
class StudentCaseFile:
    """The student file's 个案 tab: the cases the viewer may read and the notes about the student
    in date order (a group note with only this student's part)."""

    cases: tuple[CaseSummary, ...]
    notes: tuple[NoteView, ...]


def case_colleagues(db: Database, actor: Actor, *, now: datetime) -> list[Colleague]:
    """Active counselors and leads other than the actor: whom a case can be assigned or shared to."""
    authorize(db, actor, Permission.READ_ASSIGNED_CASES, now=now)
    return [
        Colleague(int(u.id), u.display_name, ROLE_WORDS[u.role])
        for u in users.all_users(db.conn)
        if u.active and u.role in CARE_ROLES and u.id != actor.user_id
    ]


def cosign_queue(db: Database, actor: Actor, *, now: datetime) -> list[QueuedNote]:
    """The lead's 会签 queue: signed crisis notes nobody has co-signed, not the lead's own."""
    authorize(db, actor, Permission.READ_ALL_CASES, now=now)
    names = {int(u.id): u.display_name for u in users.all_users(db.conn)}
    templates = _template_names()
    queued = []
    for note in note_store.awaiting_cosign(db.conn):
        if note.author_id == actor.user_id:
            continue
        students = note_store.students_of(db.conn, note.id)
        first = student_store.get(db.conn, students[0].student_id) if students else None
        queued.append(
            QueuedNote(
                note.id,
                note.case_id,
                first.name if first else "",
                note.held_on,
                templates.get(note.template, note.template),
                names.get(note.author_id, ""),
                note.signed_at or "",
            )
        )
    return queued


def group_notes(db: Database, actor: Actor, *, now: datetime) -> list[NoteView]:
    """团体辅导 notes: the counselor's own; the lead's view is everyone's. Audited once."""
    authorize(db, actor, Permission.READ_ASSIGNED_CASES, now=now)
    author = None if actor.can(Permission.READ_ALL_CASES) else int(actor.user_id)
    found = note_store.group_notes(db.conn, author)
    with db.transaction() as conn:
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.NOTE_OPENED, object_type="note",
            detail=f"团体辅导 {len(found)} 条",
        )  # fmt: skip
    return [_view(db, actor, note, _access_of_note(db, note)[0], now) for note in found]


def student_case_file(db: Database, actor: Actor, student_id: int, *, now: datetime) -> StudentCaseFile:
    """One student's cases and notes as the viewer may read them; reading is audited once."""
    authorize(db, actor, Permission.READ_ASSIGNED_CASES, now=now, object_type="student", object_id=student_id)
    cases = tuple(c for c in my_cases(db, actor, now=now) if c.student_id == student_id)
    notes = []
    for event in note_store.events_of_student(db.conn, student_id):
        note = note_store.get_note(db.conn, event.note_id)
        if note is None:
            continue
        access = _access_of_note(db, note)[0]
        if not may_read_case(actor, access):
            continue
        view = _view(db, actor, note, access, now)
        notes.append(replace(view, students=tuple(s for s in view.students if s.student_id == student_id)))
    with db.transaction() as conn:
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.NOTE_OPENED, object_type="student", object_id=student_id
        )  # no counts: the audit log is in the school store, and "1 个个案" would say who is in counselling
    return StudentCaseFile(cases, tuple(notes))


def _template_names() -> dict[str, str]:
    return {t.id: t.name for t in load_note_templates()}
