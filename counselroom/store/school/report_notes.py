"""问题与改进措施: the text the principal (or the lead) writes under a term's 学期自查报告, one per term
(school store, table self_inspection_notes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_one


@dataclass(frozen=True)
class ReportNotesRow:
    term_id: int
    text: str
    updated_by: int | None
    updated_at: str


def get(conn: Connection, term_id: int) -> ReportNotesRow | None:
    r = fetch_one(
        conn, "SELECT term_id, text, updated_by, updated_at FROM self_inspection_notes WHERE term_id = ?", (term_id,)
    )
    if r is None:
        return None
    by = None if r["updated_by"] is None else int(r["updated_by"])
    return ReportNotesRow(int(r["term_id"]), str(r["text"]), by, str(r["updated_at"]))


def save(conn: Connection, term_id: int, text: str, *, by: int, now: datetime) -> None:
    """The term's text, replacing what was there."""
    conn.execute(
        "INSERT INTO self_inspection_notes (term_id, text, updated_by, updated_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (term_id) DO UPDATE SET text = excluded.text, updated_by = excluded.updated_by,"
        " updated_at = excluded.updated_at",
        (term_id, text, by, now.isoformat(timespec="seconds")),
    )
