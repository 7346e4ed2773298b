"""Chinese full-text search in the care store (issue #10 item 6): notes, addenda, cases and plans.

FTS5's trigram tokenizer matches only 3+ characters and most Chinese words are 2, so the index
is of our own making (migration 0011, tokens in search_text.py): each run of Chinese characters is
indexed as its overlapping bigrams plus its last character (失眠多梦 → 失眠 眠多 多梦 梦), Latin and
digit words whole and lower-cased, in a contentless FTS5 table with the ascii tokenizer.

- a 2-character query is one token: 失眠 → ``"失眠"``;
- a longer one is the phrase of its bigrams: 失眠多梦 → ``"失眠 眠多 多梦"``;
- a 1-character query is an FTS5 prefix query on the same index, 眠 → ``"眠" *`` (every
  character starts one token: a bigram, or a run's final character) — no LIKE scan;
- pieces separated by spaces must all match (失眠 早醒).

**Where the snippet's text comes from.** `search_texts` keeps the exact text given to
`index_document`; the FTS5 table is contentless (rowid = search_docs.id, the narrow row of kind,
ids and case that the filter reads — the text sits apart so that filtering thousands of matches
reads a table small enough to stay in the page cache). Not external
content: FTS5 would then re-read a content column holding the *tokens*, not the text. Not the
source row: the indexed text is what the caller composed (a note's template fields, a case's
reason and summary), and only the caller knows how; reading it back here would tie search to
every record's layout, and a snippet could be cut from text other than what matched. The copy
lives in the same encrypted store and goes with its document (`remove_document`, and triggers
when a draft note or a case is deleted).

**Writing.** `index_document` and `remove_document` run on the caller's connection, inside the
transaction that writes the record, so a record and its index entry commit together.

**Filtering.** `search(case_ids=None)` is everything (the lead). Otherwise only documents whose
case is in `case_ids`, of the group notes in `note_ids` (a group note has no case: its access is
its author's) and the plans of the students in `plan_students`, filtered in SQL before the limit.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from counselroom.store.cases import search_text
from counselroom.store.connection import Connection, DatabaseError
from counselroom.store.named_rows import Row, fetch_all

MAX_LIMIT = 500


class SearchKind(enum.StrEnum):
    NOTE = "note"
    ADDENDUM = "addendum"
    CASE = "case"
    PLAN = "plan"


@dataclass(frozen=True)
class SearchHit:
    kind: SearchKind
    ref_id: int
    case_id: int | None
    note_id: int | None
    student_id: int | None
    student_ids: tuple[int, ...]  # a group note's students; (student_id,) otherwise
    snippet: str  # about 60 characters of the indexed text around the first match
    match_start: int  # the match inside `snippet`
    match_end: int


def index_document(
    conn: Connection,
    kind: SearchKind | str,
    ref_id: int,
    text: str,
    *,
    case_id: int | None,
    student_id: int | None,
    note_id: int | None = None,
    student_ids: Collection[int] = (),
) -> int:
    """Index (or re-index) one document; returns its search_docs id. A note's `note_id` is its own
    id unless given; an addendum passes its note's. A group note passes student_id=None and its
    students as `student_ids`."""
    kind = SearchKind(kind)
    if kind is SearchKind.NOTE and note_id is None:
        note_id = ref_id
    remove_document(conn, kind, ref_id)
    doc_id = conn.execute(
        "INSERT INTO search_docs (kind, ref_id, case_id, note_id, student_id) VALUES (?, ?, ?, ?, ?)",
        (kind.value, ref_id, case_id, note_id, student_id),
    ).lastrowid
    assert doc_id is not None
    conn.execute("INSERT INTO search_texts (doc_id, text) VALUES (?, ?)", (doc_id, text))
    conn.execute("INSERT INTO search_index (rowid, body) VALUES (?, ?)", (doc_id, search_text.document_tokens(text)))
    conn.executemany(
        "INSERT INTO search_doc_students (doc_id, student_id) VALUES (?, ?)",
        [(doc_id, s) for s in sorted(set(student_ids))],
    )
    return int(doc_id)


def remove_document(conn: Connection, kind: SearchKind | str, ref_id: int) -> None:
    """Remove a document and its text (the index row goes with it, by trigger)."""
    conn.execute("DELETE FROM search_docs WHERE kind = ? AND ref_id = ?", (SearchKind(kind).value, ref_id))


# The newest `limit` matches (ids only), then their rows. Newest first, not bm25: FTS5 walks its
# matches in rowid order and stops at the limit, where ranking had to score every match — a phrase
# in most notes took 90–120 ms at p95 ranked, under 10 ms this way (benchmarks/search_bench.py). A
# document is re-indexed when it is written, so "newest" is "most recently written".
_TOP_ALL = """
SELECT rowid AS doc_id FROM search_index
WHERE search_index MATCH :expr ORDER BY rowid DESC LIMIT :limit
"""
_TOP_ALLOWED = """
SELECT d.id AS doc_id
FROM search_index JOIN search_docs AS d ON d.id = search_index.rowid
WHERE search_index MATCH :expr
  AND (d.case_id IN (SELECT value FROM json_each(:cases))
       OR d.note_id IN (SELECT value FROM json_each(:notes))
       OR (d.kind = 'plan' AND d.student_id IN (SELECT value FROM json_each(:plan_students))))
ORDER BY search_index.rowid DESC LIMIT :limit
"""
_HITS = """
WITH top AS ({top})
SELECT d.kind, d.ref_id, d.case_id, d.note_id, d.student_id, t.text,
       (SELECT json_group_array(s.student_id) FROM search_doc_students AS s WHERE s.doc_id = d.id) AS students
FROM top JOIN search_docs AS d ON d.id = top.doc_id JOIN search_texts AS t ON t.doc_id = d.id
ORDER BY d.id DESC
"""
_SEARCH_ALL = _HITS.format(top=_TOP_ALL)
_SEARCH_ALLOWED = _HITS.format(top=_TOP_ALLOWED)


def search(
    conn: Connection,
    query: str,
    *,
    case_ids: Collection[int] | None,
    limit: int,
    note_ids: Collection[int] = (),
    plan_students: Collection[int] = (),
) -> list[SearchHit]:
    """The newest `limit` documents matching `query`, newest first (see the module's docstring)."""
    expr = search_text.match_expression(query)
    if expr is None or limit <= 0:
        return []
    params: dict[str, object] = {"expr": expr, "limit": min(limit, MAX_LIMIT)}
    if case_ids is None:
        rows = fetch_all(conn, _SEARCH_ALL, params)
    else:
        params |= {"cases": _json(case_ids), "notes": _json(note_ids), "plan_students": _json(plan_students)}
        rows = fetch_all(conn, _SEARCH_ALLOWED, params)
    return [_hit(r, query) for r in rows]


def _json(ids: Collection[int]) -> str:
    return json.dumps(sorted({int(i) for i in ids}))


def _hit(r: Row, query: str) -> SearchHit:
    text = str(r["text"])
    shown, start, end = search_text.snippet(text, search_text.first_match(query, text))
    student_id = int(r["student_id"]) if r["student_id"] is not None else None
    group = tuple(int(s) for s in json.loads(r["students"]))
    return SearchHit(
        kind=SearchKind(r["kind"]),
        ref_id=int(r["ref_id"]),
        case_id=int(r["case_id"]) if r["case_id"] is not None else None,
        note_id=int(r["note_id"]) if r["note_id"] is not None else None,
        student_id=student_id,
        student_ids=group or ((student_id,) if student_id is not None else ()),
        snippet=shown,
        match_start=start,
        match_end=end,
    )


def record_query(conn: Connection, user_id: int, query: str, at: datetime) -> int:
    """Keep a search's text in the care store; the returned id is what the audit row names."""
    row_id = conn.execute(
        "INSERT INTO search_queries (at, user_id, query) VALUES (?, ?, ?)", (at.isoformat(), user_id, query)
    ).lastrowid
    assert row_id is not None
    return int(row_id)


def index_problems(conn: Connection) -> list[str]:
    """FTS5's own check of the index's structure (for `counselroom check`); [] when sound."""
    try:
        conn.execute("INSERT INTO search_index (search_index) VALUES ('integrity-check')")
    except DatabaseError as exc:
        return [f"全文检索索引有问题（{exc}）：检索结果可能不全，请联系维护人员"]
    return []


def optimize(conn: Connection) -> None:
    """Merge the index's segments into one (FTS5 'optimize'): searches read fewer pages after many
    small writes. Run by `counselroom check`, inside its transaction."""
    conn.execute("INSERT INTO search_index (search_index) VALUES ('optimize')")
