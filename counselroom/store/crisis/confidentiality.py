"""保密例外 records (care store): append-only — the care store's triggers refuse a change."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from counselroom.store.connection import Connection
from counselroom.store.crisis.incidents import stamp
from counselroom.store.named_rows import Row, fetch_all, fetch_one


@dataclass(frozen=True)
class ExceptionRow:
    id: int
    student_id: int
    category: str
    recipients: tuple[tuple[str, str], ...]  # (name, relation)
    justification: str
    disclosed: str
    incident_id: int | None
    case_id: int | None
    disclosed_at: str
    decided_by: int


_COLUMNS = (
    "id, student_id, category, recipients, justification, disclosed, incident_id, case_id, disclosed_at, decided_by"
)


def _exception(r: Row) -> ExceptionRow:
    return ExceptionRow(
        int(r["id"]),
        int(r["student_id"]),
        str(r["category"]),
        tuple((str(p["name"]), str(p["relation"])) for p in json.loads(r["recipients"])),
        str(r["justification"]),
        str(r["disclosed"]),
        None if r["incident_id"] is None else int(r["incident_id"]),
        None if r["case_id"] is None else int(r["case_id"]),
        str(r["disclosed_at"]),
        int(r["decided_by"]),
    )


def insert_exception(
    conn: Connection,
    *,
    student_id: int,
    category: str,
    recipients: list[tuple[str, str]],
    justification: str,
    disclosed: str,
    incident_id: int | None,
    case_id: int | None,
    disclosed_at: datetime,
    by: int,
    now: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO confidentiality_exceptions (student_id, category, recipients, justification, disclosed,"
        " incident_id, case_id, disclosed_at, decided_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            student_id,
            category,
            json.dumps([{"name": n, "relation": r} for n, r in recipients], ensure_ascii=False),
            justification,
            disclosed,
            incident_id,
            case_id,
            stamp(disclosed_at),
            by,
            stamp(now),
        ),
    )
    return int(cur.lastrowid or 0)


def get_exception(conn: Connection, exception_id: int) -> ExceptionRow | None:
    row = fetch_one(conn, f"SELECT {_COLUMNS} FROM confidentiality_exceptions WHERE id = ?", (exception_id,))
    return _exception(row) if row else None


def exceptions_of_student(conn: Connection, student_id: int) -> list[ExceptionRow]:
    rows = fetch_all(
        conn,
        f"SELECT {_COLUMNS} FROM confidentiality_exceptions WHERE student_id = ? ORDER BY disclosed_at DESC, id DESC",
        (student_id,),
    )
    return [_exception(r) for r in rows]


def exceptions_of_incident(conn: Connection, incident_id: int) -> list[ExceptionRow]:
    rows = fetch_all(
        conn,
        f"SELECT {_COLUMNS} FROM confidentiality_exceptions WHERE incident_id = ? ORDER BY disclosed_at DESC, id DESC",
        (incident_id,),
    )
    return [_exception(r) for r in rows]
