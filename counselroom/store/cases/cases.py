"""Cases (个案): the case row, who works it and who it is shared with, and its history. Care store:
every function here needs the care store attached."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_one

ASSIGNED, SHARED = "负责", "共享"


@dataclass(frozen=True)
class CaseRow:
    id: int
    student_id: int
    reason: str
    issue_types: tuple[str, ...]
    status: str
    opened_on: str
    opened_by: int
    closed_on: str | None
    close_summary: str
    next_step: str
    updated_at: str


@dataclass(frozen=True)
class CasePerson:
    user_id: int
    part: str  # 负责 / 共享
    since: str


@dataclass(frozen=True)
class CaseEvent:
    changed_at: str
    changed_by: int
    action: str
    detail: str


_COLUMNS = (
    "id, student_id, reason, issue_types, status, opened_on, opened_by, closed_on, close_summary, next_step, updated_at"
)


def _case(r: Row) -> CaseRow:
    return CaseRow(
        int(r["id"]),
        int(r["student_id"]),
        str(r["reason"]),
        tuple(json.loads(r["issue_types"])),
        str(r["status"]),
        str(r["opened_on"]),
        int(r["opened_by"]),
        r["closed_on"],
        str(r["close_summary"]),
        str(r["next_step"]),
        str(r["updated_at"]),
    )


def _stamp(now: datetime) -> str:
    return now.isoformat(timespec="seconds")


def insert_case(
    conn: Connection,
    *,
    student_id: int,
    reason: str,
    issue_types: Iterable[str],
    opened_on: date,
    opened_by: int,
    now: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO cases (student_id, reason, issue_types, opened_on, opened_by, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            student_id,
            reason,
            json.dumps(list(issue_types), ensure_ascii=False),
            opened_on.isoformat(),
            opened_by,
            _stamp(now),
            _stamp(now),
        ),
    )
    return int(cur.lastrowid or 0)


def get_case(conn: Connection, case_id: int) -> CaseRow | None:
    row = fetch_one(conn, f"SELECT {_COLUMNS} FROM cases WHERE id = ?", (case_id,))
    return _case(row) if row else None


def cases_of_student(conn: Connection, student_id: int) -> list[CaseRow]:
    return [
        _case(r)
        for r in fetch_all(
            conn, f"SELECT {_COLUMNS} FROM cases WHERE student_id = ? ORDER BY opened_on DESC, id DESC", (student_id,)
        )
    ]


def all_cases(conn: Connection) -> list[CaseRow]:
    return [_case(r) for r in fetch_all(conn, f"SELECT {_COLUMNS} FROM cases ORDER BY status, opened_on DESC, id DESC")]


def case_ids_of_user(conn: Connection, user_id: int) -> set[int]:
    """Cases assigned or shared to the user."""
    return {int(r["case_id"]) for r in fetch_all(conn, "SELECT case_id FROM case_people WHERE user_id = ?", (user_id,))}


def people(conn: Connection, case_id: int) -> list[CasePerson]:
    rows = fetch_all(
        conn, "SELECT user_id, part, since FROM case_people WHERE case_id = ? ORDER BY since, user_id", (case_id,)
    )
    return [CasePerson(int(r["user_id"]), str(r["part"]), str(r["since"])) for r in rows]


def people_of_cases(conn: Connection) -> dict[int, list[CasePerson]]:
    found: dict[int, list[CasePerson]] = {}
    for r in fetch_all(conn, "SELECT case_id, user_id, part, since FROM case_people ORDER BY since, user_id"):
        found.setdefault(int(r["case_id"]), []).append(CasePerson(int(r["user_id"]), str(r["part"]), str(r["since"])))
    return found


def set_person(conn: Connection, case_id: int, user_id: int, part: str, *, by: int, now: datetime) -> None:
    conn.execute(
        "INSERT INTO case_people (case_id, user_id, part, since, added_by) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (case_id, user_id) DO UPDATE SET part = excluded.part",
        (case_id, user_id, part, _stamp(now), by),
    )


def remove_person(conn: Connection, case_id: int, user_id: int) -> None:
    conn.execute("DELETE FROM case_people WHERE case_id = ? AND user_id = ?", (case_id, user_id))


def set_closed(conn: Connection, case_id: int, *, on: date | None, summary: str, now: datetime) -> None:
    """Close (on a date, with a summary) or, with on=None, reopen: the summary stays for history."""
    if on is None:
        conn.execute(
            "UPDATE cases SET status = '进行中', closed_on = NULL, updated_at = ? WHERE id = ?", (_stamp(now), case_id)
        )
    else:
        conn.execute(
            "UPDATE cases SET status = '已结案', closed_on = ?, close_summary = ?, updated_at = ? WHERE id = ?",
            (on.isoformat(), summary, _stamp(now), case_id),
        )


def set_next_step(conn: Connection, case_id: int, next_step: str, *, now: datetime) -> None:
    conn.execute("UPDATE cases SET next_step = ?, updated_at = ? WHERE id = ?", (next_step, _stamp(now), case_id))


def add_event(conn: Connection, case_id: int, *, by: int, action: str, detail: str = "", now: datetime) -> None:
    conn.execute(
        "INSERT INTO case_history (case_id, changed_at, changed_by, action, detail) VALUES (?, ?, ?, ?, ?)",
        (case_id, _stamp(now), by, action, detail),
    )


def history(conn: Connection, case_id: int) -> list[CaseEvent]:
    rows = fetch_all(
        conn,
        "SELECT changed_at, changed_by, action, detail FROM case_history WHERE case_id = ? ORDER BY id",
        (case_id,),
    )
    return [CaseEvent(str(r["changed_at"]), int(r["changed_by"]), str(r["action"]), str(r["detail"])) for r in rows]


def last_contact(conn: Connection) -> dict[int, str]:
    """The latest note date of every case (for 'my cases': last contact)."""
    rows = fetch_all(conn, "SELECT case_id, max(held_on) AS last FROM notes WHERE case_id IS NOT NULL GROUP BY case_id")
    return {int(r["case_id"]): str(r["last"]) for r in rows}
