"""辅导记录 (notes), their students and 补充说明 (addenda). Care store. A signed note is locked by
triggers in the care store itself (migration 0010): these functions cannot change one either."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_one


@dataclass(frozen=True)
class NoteRow:
    id: int
    case_id: int | None
    template: str
    needs_cosign: bool
    held_on: str
    fields: dict[str, str]
    author_id: int
    created_at: str
    updated_at: str
    signed_at: str | None
    signed_by: int | None
    cosigned_at: str | None
    cosigned_by: int | None


@dataclass(frozen=True)
class NoteStudent:
    student_id: int
    part: str


@dataclass(frozen=True)
class AddendumRow:
    id: int
    note_id: int
    text: str
    author_id: int
    added_at: str


_COLUMNS = (
    "id, case_id, template, needs_cosign, held_on, fields, author_id, created_at, updated_at, signed_at, signed_by,"
    " cosigned_at, cosigned_by"
)


def _note(r: Row) -> NoteRow:
    return NoteRow(
        int(r["id"]),
        r["case_id"],
        str(r["template"]),
        bool(r["needs_cosign"]),
        str(r["held_on"]),
        dict(json.loads(r["fields"])),
        int(r["author_id"]),
        str(r["created_at"]),
        str(r["updated_at"]),
        r["signed_at"],
        r["signed_by"],
        r["cosigned_at"],
        r["cosigned_by"],
    )


def _stamp(now: datetime) -> str:
    return now.isoformat(timespec="seconds")


def insert_draft(
    conn: Connection,
    *,
    case_id: int | None,
    template: str,
    needs_cosign: bool,
    held_on: date,
    fields: Mapping[str, str],
    author_id: int,
    students: Sequence[NoteStudent],
    now: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO notes (case_id, template, needs_cosign, held_on, fields, author_id, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (case_id, template, int(needs_cosign), held_on.isoformat(), _json(fields), author_id, _stamp(now), _stamp(now)),
    )
    note_id = int(cur.lastrowid or 0)
    _write_students(conn, note_id, students)
    return note_id


def update_draft(
    conn: Connection,
    note_id: int,
    *,
    held_on: date,
    fields: Mapping[str, str],
    students: Sequence[NoteStudent],
    now: datetime,
) -> None:
    conn.execute(
        "UPDATE notes SET held_on = ?, fields = ?, updated_at = ? WHERE id = ? AND signed_at IS NULL",
        (held_on.isoformat(), _json(fields), _stamp(now), note_id),
    )
    conn.execute("DELETE FROM note_students WHERE note_id = ?", (note_id,))
    _write_students(conn, note_id, students)


def delete_draft(conn: Connection, note_id: int) -> None:
    conn.execute("DELETE FROM notes WHERE id = ? AND signed_at IS NULL", (note_id,))


def sign(conn: Connection, note_id: int, *, by: int, now: datetime) -> None:
    conn.execute(
        "UPDATE notes SET signed_at = ?, signed_by = ?, updated_at = ? WHERE id = ? AND signed_at IS NULL",
        (_stamp(now), by, _stamp(now), note_id),
    )


def cosign(conn: Connection, note_id: int, *, by: int, now: datetime) -> None:
    conn.execute(
        "UPDATE notes SET cosigned_at = ?, cosigned_by = ? WHERE id = ? AND signed_at IS NOT NULL"
        " AND cosigned_at IS NULL",
        (_stamp(now), by, note_id),
    )


def add_addendum(conn: Connection, note_id: int, text: str, *, author_id: int, now: datetime) -> int:
    cur = conn.execute(
        "INSERT INTO note_addenda (note_id, text, author_id, added_at) VALUES (?, ?, ?, ?)",
        (note_id, text, author_id, _stamp(now)),
    )
    return int(cur.lastrowid or 0)


def get_note(conn: Connection, note_id: int) -> NoteRow | None:
    row = fetch_one(conn, f"SELECT {_COLUMNS} FROM notes WHERE id = ?", (note_id,))
    return _note(row) if row else None


def notes_of_case(conn: Connection, case_id: int) -> list[NoteRow]:
    rows = fetch_all(conn, f"SELECT {_COLUMNS} FROM notes WHERE case_id = ? ORDER BY held_on, id", (case_id,))
    return [_note(r) for r in rows]


def group_note_ids_of_author(conn: Connection, author_id: int) -> set[int]:
    """The group notes (团体辅导: no case) the user wrote — the ones their access rule lets them read."""
    rows = fetch_all(conn, "SELECT id FROM notes WHERE case_id IS NULL AND author_id = ?", (author_id,))
    return {int(r["id"]) for r in rows}


def students_of(conn: Connection, note_id: int) -> list[NoteStudent]:
    rows = fetch_all(
        conn, "SELECT student_id, part FROM note_students WHERE note_id = ? ORDER BY student_id", (note_id,)
    )
    return [NoteStudent(int(r["student_id"]), str(r["part"])) for r in rows]


def addenda_of(conn: Connection, note_id: int) -> list[AddendumRow]:
    rows = fetch_all(
        conn,
        "SELECT id, note_id, text, author_id, added_at FROM note_addenda WHERE note_id = ? ORDER BY id",
        (note_id,),
    )
    return [
        AddendumRow(int(r["id"]), int(r["note_id"]), str(r["text"]), int(r["author_id"]), str(r["added_at"]))
        for r in rows
    ]


def unsigned_before(conn: Connection, author_id: int, cutoff: datetime) -> list[NoteRow]:
    """The author's drafts created before `cutoff` (for the Today board)."""
    rows = fetch_all(
        conn,
        f"SELECT {_COLUMNS} FROM notes WHERE author_id = ? AND signed_at IS NULL AND created_at < ?"
        " ORDER BY created_at",
        (author_id, _stamp(cutoff)),
    )
    return [_note(r) for r in rows]


def _write_students(conn: Connection, note_id: int, students: Sequence[NoteStudent]) -> None:
    conn.executemany(
        "INSERT INTO note_students (note_id, student_id, part) VALUES (?, ?, ?)",
        [(note_id, s.student_id, s.part) for s in students],
    )


def _json(fields: Mapping[str, str]) -> str:
    return json.dumps(dict(fields), ensure_ascii=False, sort_keys=True)


def awaiting_cosign(conn: Connection) -> list[NoteRow]:
    """Signed notes whose template asks for the lead's co-signature and which have none yet."""
    rows = fetch_all(
        conn,
        f"SELECT {_COLUMNS} FROM notes WHERE needs_cosign = 1 AND signed_at IS NOT NULL AND cosigned_at IS NULL"
        " ORDER BY signed_at",
    )
    return [_note(r) for r in rows]


@dataclass(frozen=True)
class StudentNoteEvent:
    note_id: int
    case_id: int | None
    author_id: int
    template: str
    held_on: str
    signed: bool


def events_of_student(conn: Connection, student_id: int) -> list[StudentNoteEvent]:
    """The notes about a student (dates and templates only: the timeline never shows their text)."""
    rows = fetch_all(
        conn,
        "SELECT n.id, n.case_id, n.author_id, n.template, n.held_on, n.signed_at IS NOT NULL AS signed"
        " FROM notes n JOIN note_students s ON s.note_id = n.id WHERE s.student_id = ? ORDER BY n.held_on, n.id",
        (student_id,),
    )
    return [
        StudentNoteEvent(
            int(r["id"]), r["case_id"], int(r["author_id"]), str(r["template"]), str(r["held_on"]), bool(r["signed"])
        )
        for r in rows
    ]


def group_notes(conn: Connection, author_id: int | None) -> list[NoteRow]:
    """团体辅导 notes (no case), newest first: one author's, or everyone's (None, for the lead)."""
    where = "case_id IS NULL" + ("" if author_id is None else " AND author_id = ?")
    args = () if author_id is None else (author_id,)
    rows = fetch_all(conn, f"SELECT {_COLUMNS} FROM notes WHERE {where} ORDER BY held_on DESC, id DESC", args)
    return [_note(r) for r in rows]
