"""检索心理档案 (issue #10 item 6): full-text search over the notes, addenda, cases and 一人一案
plans the user may read, answered from the care store's index (store/cases/search_index.py: two-
character words such as 失眠 are one bigram token; longer phrases the run of their bigrams).

**Who finds what** — the same rules as the read paths, passed to the store so that SQL filters
before the limit (a hit that is not the user's never leaves the store):

- 辅导记录 and 补充说明 of a case, and the 个案 itself (reason, close summary, reopen reasons, next
  step): the cases `may_read_case` lets the user read — the lead every case; a counselor those
  assigned (负责) or shared (共享) to them, drafts included, as `open_note` shows them.
- 团体辅导 notes (no case) and their addenda: their author (`CaseAccess.own`), and the lead.
- 一人一案 (the plan and its reviews): everyone holding `VIEW_CARE_RECORDS` reads every student's
  plan — in the student file (`open_student_file`) and its history (`plan_history`), which check
  that permission and no case — so search finds every plan for them. A plan is not part of a
  case; were plans ever narrowed to the students of the user's cases, this is the one line to
  change (`_scope`).
- The principal and the admin hold neither permission: refused, and the refusal is audited.

**Audit.** Each search writes its text to the care store's ``search_queries`` and one audit row
(检索心理档案) naming only that row's id and the number of hits — the query text never reaches
the school store (SECURITY.md 3a, 9).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.cases.indexed_text import CASE_KIND, PLAN_KIND, IndexedText
from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.services.cases.cases import readable_case_ids
from counselroom.services.cases.search_documents import case_document, plan_document, template_of
from counselroom.services.guard import authorize, may
from counselroom.store import audit_log
from counselroom.store.care import care_records
from counselroom.store.cases import notes as note_store
from counselroom.store.cases import search_index, search_text
from counselroom.store.cases.search_index import SearchHit, SearchKind
from counselroom.store.database import Database
from counselroom.store.students import student_records as student_store

MAX_QUERY = search_text.MAX_QUERY_CHARS
MAX_LIMIT = search_index.MAX_LIMIT
NOTE_KIND, ADDENDUM_KIND = "辅导记录", "补充说明"
_KINDS = {SearchKind.NOTE: NOTE_KIND, SearchKind.ADDENDUM: ADDENDUM_KIND, SearchKind.CASE: CASE_KIND}


@dataclass(frozen=True)
class CareSearchHit:
    kind: str  # shown to the teacher: "辅导记录" / "补充说明" / "个案" / "一人一案"
    case_id: int | None
    note_id: int | None
    student_id: int
    student_name: str  # a group note: "张三等 3 名学生"
    title: str  # e.g. "个别辅导 2025-10-13", "个案：开案原因", "一人一案复查 2025-11-02"
    snippet: str
    match_start: int  # the match's position inside snippet
    match_end: int


@dataclass(frozen=True)
class _Scope:
    case_ids: set[int] | None  # None: everything (the lead)
    note_ids: set[int]
    plan_students: set[int]


def search_care_texts(db: Database, actor: Actor, query: str, *, now: datetime, limit: int = 50) -> list[CareSearchHit]:
    """The best `limit` (at most 500) matches among the records the actor may read, most recently written first.
    Blank, overlong or punctuation-only queries are refused with a Chinese message."""
    authorize(db, actor, Permission.READ_ASSIGNED_CASES, now=now, object_type="search_query")
    text = _checked(query)
    scope = _scope(db, actor)
    found = search_index.search(
        db.conn,
        text,
        case_ids=scope.case_ids,
        limit=max(1, min(limit, MAX_LIMIT)),
        note_ids=scope.note_ids,
        plan_students=scope.plan_students,
    )
    hits = _Shown(db, text).hits([h for h in found if _within(h, scope)])  # the SQL filter, checked once more
    with db.transaction() as conn:
        query_id = search_index.record_query(conn, int(actor.user_id), text, now)
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.NOTES_SEARCHED, object_type="search_query",
            object_id=query_id, detail=f"{len(hits)} 条结果",
        )  # fmt: skip
    return hits


def _checked(query: str) -> str:
    text = query.strip()
    if not text:
        raise ValidationError("请输入要检索的文字，例如“失眠”", field="检索")
    if len(text) > MAX_QUERY:
        raise ValidationError(
            f"检索内容太长（{len(text)} 字），请控制在 {MAX_QUERY} 字以内：输入一两个关键词即可", field="检索"
        )
    if search_text.match_expression(text) is None:
        raise ValidationError("检索内容中没有汉字、字母或数字，请换一个关键词", field="检索")
    return text


def _scope(db: Database, actor: Actor) -> _Scope:
    cases = readable_case_ids(db, actor)
    if cases is None:
        return _Scope(None, set(), set())
    plans = care_records.students_with_plans(db.conn) if may(db, actor, Permission.VIEW_CARE_RECORDS) else set()
    return _Scope(cases, note_store.group_note_ids_of_author(db.conn, int(actor.user_id)), plans)


def _within(hit: SearchHit, scope: _Scope) -> bool:
    if scope.case_ids is None:
        return True
    if hit.kind is SearchKind.PLAN:
        return hit.student_id in scope.plan_students
    return hit.case_id in scope.case_ids if hit.case_id is not None else hit.note_id in scope.note_ids


class _Shown:
    """Turns the store's hits into what the teacher sees: kind, student, title. Reads each note,
    student and template once per search."""

    def __init__(self, db: Database, query: str) -> None:
        self.db, self.query = db, query
        self.names: dict[int, str] = {}

    def hits(self, found: list[SearchHit]) -> list[CareSearchHit]:
        return [self._hit(h) for h in found if h.student_ids]

    def _hit(self, hit: SearchHit) -> CareSearchHit:
        student_id = hit.student_ids[0]
        others = len(hit.student_ids) - 1
        name = self._name(student_id) + (f"等 {others + 1} 名学生" if others else "")
        kind = _KINDS.get(hit.kind, PLAN_KIND)
        return CareSearchHit(
            kind, hit.case_id, hit.note_id, student_id, name, self._title(hit), hit.snippet, hit.match_start,
            hit.match_end,
        )  # fmt: skip

    def _name(self, student_id: int) -> str:
        if student_id not in self.names:
            row = student_store.get(self.db.conn, student_id)
            self.names[student_id] = row.name if row else ""
        return self.names[student_id]

    def _title(self, hit: SearchHit) -> str:
        if hit.kind is SearchKind.CASE:
            return self._section(case_document(self.db.conn, hit.ref_id), CASE_KIND)
        if hit.kind is SearchKind.PLAN:
            return self._section(plan_document(self.db.conn, hit.ref_id), PLAN_KIND)
        note = note_store.get_note(self.db.conn, hit.note_id) if hit.note_id is not None else None
        if note is None:
            return _KINDS.get(hit.kind, "")
        template = template_of(note.template)
        title = f"{template.name if template else note.template} {note.held_on}"
        if hit.kind is SearchKind.ADDENDUM:
            return f"{title} 的补充说明"
        return title if note.signed_at else f"{title}（草稿）"

    def _section(self, document: IndexedText | None, default: str) -> str:
        """The part of a case or plan the match is in (开案原因, 复查 2025-11-02 …)."""
        if document is None:
            return default
        span = search_text.first_match(self.query, document.text)
        return document.title_at(span[0], default) if span else default
