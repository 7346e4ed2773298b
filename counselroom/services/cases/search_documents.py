"""Keeping the care store's search index current: each writer of a note, an addendum, a case or a
plan calls one of these on its own connection, inside the transaction that writes the record, so a
record and what search finds of it commit together. The demo fills its index through the same
functions. The text of each document is composed by domain/cases/indexed_text.py.

Building blocks, not services: they take the transaction's connection (no actor), after the
calling service has checked access. A deleted draft or case leaves the index by the care store's
own triggers (migration 0011), whichever path deletes it.
"""

from __future__ import annotations

from counselroom.domain.cases.case_rules import CaseAction
from counselroom.domain.cases.indexed_text import (
    IndexedText,
    ReviewText,
    addendum_text,
    case_text,
    note_text,
    plan_text,
)
from counselroom.domain.cases.note_templates import NoteTemplate
from counselroom.store.care import care_records
from counselroom.store.cases import cases as case_store
from counselroom.store.cases import notes as note_store
from counselroom.store.cases import plan_reviews as review_store
from counselroom.store.cases import search_index
from counselroom.store.cases.search_index import SearchKind
from counselroom.store.connection import Connection
from counselroom.system.note_template_files import load_note_templates


def template_of(template_id: str) -> NoteTemplate | None:
    return next((t for t in load_note_templates() if t.id == template_id), None)


def index_note(conn: Connection, note_id: int) -> None:
    """The note (a draft too: whoever may read its case reads its drafts) and its addenda. A group
    note has no case and no single student: it is found by its note id, and lists its students."""
    note = note_store.get_note(conn, note_id)
    if note is None:
        search_index.remove_document(conn, SearchKind.NOTE, note_id)
        return
    students = note_store.students_of(conn, note_id)
    group = note.case_id is None
    student_id = None if group else students[0].student_id if students else None
    parts = [s.part for s in students] if group else []
    search_index.index_document(
        conn,
        SearchKind.NOTE,
        note_id,
        note_text(template_of(note.template), note.fields, parts),
        case_id=note.case_id,
        student_id=student_id,
        student_ids=[s.student_id for s in students] if group else (),
    )
    for addendum in note_store.addenda_of(conn, note_id):
        search_index.index_document(
            conn,
            SearchKind.ADDENDUM,
            addendum.id,
            addendum_text(addendum.text),
            case_id=note.case_id,
            student_id=student_id,
            note_id=note_id,
            student_ids=[s.student_id for s in students] if group else (),
        )


def case_document(conn: Connection, case_id: int) -> IndexedText | None:
    """What the index holds for a case, with its sections (开案原因, 结案小结 …)."""
    row = case_store.get_case(conn, case_id)
    return _case_text(conn, row) if row else None


def index_case(conn: Connection, case_id: int) -> None:
    row = case_store.get_case(conn, case_id)
    if row is None:
        search_index.remove_document(conn, SearchKind.CASE, case_id)
        return
    text = _case_text(conn, row).text
    search_index.index_document(conn, SearchKind.CASE, case_id, text, case_id=case_id, student_id=row.student_id)


def _case_text(conn: Connection, row: case_store.CaseRow) -> IndexedText:
    reopened = [e.detail for e in case_store.history(conn, row.id) if e.action == CaseAction.REOPEN.value]
    return case_text(row.reason, row.close_summary, reopened, row.next_step)


def plan_document(conn: Connection, student_id: int) -> IndexedText | None:
    """What the index holds for a student's 一人一案: the plan, then its reviews."""
    plan = care_records.plan_of(conn, student_id)
    if plan is None:
        return None
    reviews = [
        ReviewText(r.reviewed_on, r.what_worked, r.changes, r.next_review or "")
        for r in review_store.reviews_of(conn, student_id)
    ]
    return plan_text(plan.goals, plan.measures, reviews)


def index_plan(conn: Connection, student_id: int) -> None:
    document = plan_document(conn, student_id)
    if document is None:
        search_index.remove_document(conn, SearchKind.PLAN, student_id)
        return
    search_index.index_document(conn, SearchKind.PLAN, student_id, document.text, case_id=None, student_id=student_id)
