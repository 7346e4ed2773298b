"""Attachments of a case (scans, hospital letters): the bytes live in the care store. Care store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all, fetch_one


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    case_id: int
    kind: str
    file_name: str
    mime: str
    size: int
    sha256: str
    added_by: int
    added_at: str


_COLUMNS = "id, case_id, kind, file_name, mime, size, sha256, added_by, added_at"
_FIELDS = tuple(name.strip() for name in _COLUMNS.split(","))  # the dataclass's fields, by name


def insert(
    conn: Connection,
    case_id: int,
    *,
    kind: str,
    file_name: str,
    mime: str,
    content: bytes,
    sha256: str,
    added_by: int,
    now: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO attachments (case_id, kind, file_name, mime, size, sha256, content, added_by, added_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (case_id, kind, file_name, mime, len(content), sha256, content, added_by, now.isoformat(timespec="seconds")),
    )
    return int(cur.lastrowid or 0)


def of_case(conn: Connection, case_id: int) -> list[AttachmentRow]:
    rows = fetch_all(conn, f"SELECT {_COLUMNS} FROM attachments WHERE case_id = ? ORDER BY added_at, id", (case_id,))
    return [AttachmentRow(**{name: r[name] for name in _FIELDS}) for r in rows]


def get(conn: Connection, attachment_id: int) -> AttachmentRow | None:
    row = fetch_one(conn, f"SELECT {_COLUMNS} FROM attachments WHERE id = ?", (attachment_id,))
    return AttachmentRow(**{name: row[name] for name in _FIELDS}) if row else None


def content_of(conn: Connection, attachment_id: int) -> bytes:
    row = fetch_one(conn, "SELECT content FROM attachments WHERE id = ?", (attachment_id,))
    return bytes(row["content"]) if row else b""
