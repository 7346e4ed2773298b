"""休学 and 复学 as the counseling room keeps them: the leave, the return, its documents and its
first-month check-ins (migration 0014). Care store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_one


@dataclass(frozen=True)
class LeaveRow:
    id: int
    student_id: int
    reason_kind: str
    reason: str  # the 休学 reason, kept with the status change (status_change_reasons)
    left_on: str
    expected_return: str
    counselor_id: int
    return_id: int | None
    returned_on: str | None
    assessment_note_id: int | None
    return_counselor_id: int | None


@dataclass(frozen=True)
class DocumentRow:
    kind: str
    received_on: str
    issuer: str
    attachment_id: int | None


@dataclass(frozen=True)
class CheckinRow:
    id: int
    return_id: int
    due_on: str
    done_on: str | None
    note: str
    done_by: int | None


@dataclass(frozen=True)
class DueCheckin:
    """An open check-in with what the 今日 board needs to name it."""

    checkin_id: int
    student_id: int
    due_on: str
    returned_on: str


def _stamp(now: datetime) -> str:
    return now.isoformat(timespec="seconds")


def _opt_int(value: object) -> int | None:
    return None if value is None else int(str(value))


def insert_leave(
    conn: Connection,
    student_id: int,
    *,
    change_id: int,
    reason_kind: str,
    left_on: date,
    expected_return: date,
    counselor_id: int,
    by: int,
    now: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO student_leaves (student_id, change_id, reason_kind, left_on, expected_return, counselor_id,"
        " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (student_id, change_id, reason_kind, left_on.isoformat(), expected_return.isoformat(), counselor_id, by,
         _stamp(now)),
    )  # fmt: skip
    return int(cur.lastrowid or 0)


_LEAVE = (
    "SELECT l.id, l.student_id, l.reason_kind, coalesce(sr.reason, '') AS reason, l.left_on, l.expected_return,"
    " l.counselor_id, r.id AS return_id, r.returned_on, r.assessment_note_id, r.counselor_id AS return_counselor_id"
    " FROM student_leaves l LEFT JOIN student_returns r ON r.leave_id = l.id"
    " LEFT JOIN status_change_reasons sr ON sr.change_id = l.change_id"
)


def _leave(r: Row) -> LeaveRow:
    return LeaveRow(
        int(r["id"]),
        int(r["student_id"]),
        str(r["reason_kind"]),
        str(r["reason"]),
        str(r["left_on"]),
        str(r["expected_return"]),
        int(r["counselor_id"]),
        _opt_int(r["return_id"]),
        r["returned_on"],
        _opt_int(r["assessment_note_id"]),
        _opt_int(r["return_counselor_id"]),
    )


def leaves_of(conn: Connection, student_id: int) -> list[LeaveRow]:
    """The student's leaves, oldest first, each with its return when there is one."""
    rows = fetch_all(conn, f"{_LEAVE} WHERE l.student_id = ? ORDER BY l.left_on, l.id", (student_id,))
    return [_leave(r) for r in rows]


def open_leave(conn: Connection, student_id: int) -> LeaveRow | None:
    """The latest leave with no return yet."""
    row = fetch_one(
        conn, f"{_LEAVE} WHERE l.student_id = ? AND r.id IS NULL ORDER BY l.left_on DESC, l.id DESC LIMIT 1",
        (student_id,),
    )  # fmt: skip
    return _leave(row) if row else None


def insert_return(
    conn: Connection,
    leave_id: int,
    *,
    change_id: int,
    returned_on: date,
    assessment_note_id: int | None,
    counselor_id: int,
    by: int,
    now: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO student_returns (leave_id, change_id, returned_on, assessment_note_id, counselor_id,"
        " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (leave_id, change_id, returned_on.isoformat(), assessment_note_id, counselor_id, by, _stamp(now)),
    )
    return int(cur.lastrowid or 0)


def set_document(
    conn: Connection, return_id: int, *, kind: str, received_on: date, issuer: str, attachment_id: int | None
) -> None:
    conn.execute(
        "INSERT INTO return_documents (return_id, kind, received_on, issuer, attachment_id) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (return_id, kind) DO UPDATE SET received_on = excluded.received_on, issuer = excluded.issuer,"
        " attachment_id = excluded.attachment_id",
        (return_id, kind, received_on.isoformat(), issuer, attachment_id),
    )


def documents_of(conn: Connection, return_id: int) -> list[DocumentRow]:
    rows = fetch_all(
        conn,
        "SELECT kind, received_on, issuer, attachment_id FROM return_documents WHERE return_id = ? ORDER BY kind",
        (return_id,),
    )
    return [DocumentRow(str(r["kind"]), str(r["received_on"]), str(r["issuer"]), _opt_int(r["attachment_id"]))
            for r in rows]  # fmt: skip


def add_checkin(conn: Connection, return_id: int, due_on: date) -> int:
    cur = conn.execute("INSERT INTO return_checkins (return_id, due_on) VALUES (?, ?)", (return_id, due_on.isoformat()))
    return int(cur.lastrowid or 0)


_CHECKIN = "SELECT id, return_id, due_on, done_on, note, done_by FROM return_checkins"


def _checkin(r: Row) -> CheckinRow:
    return CheckinRow(
        int(r["id"]), int(r["return_id"]), str(r["due_on"]), r["done_on"], str(r["note"]), _opt_int(r["done_by"])
    )


def checkins_of(conn: Connection, return_id: int) -> list[CheckinRow]:
    rows = fetch_all(conn, f"{_CHECKIN} WHERE return_id = ? ORDER BY due_on, id", (return_id,))
    return [_checkin(r) for r in rows]


def get_checkin(conn: Connection, checkin_id: int) -> CheckinRow | None:
    row = fetch_one(conn, f"{_CHECKIN} WHERE id = ?", (checkin_id,))
    return _checkin(row) if row else None


def leave_of_return(conn: Connection, return_id: int) -> LeaveRow | None:
    row = fetch_one(conn, f"{_LEAVE} WHERE r.id = ?", (return_id,))
    return _leave(row) if row else None


def return_of_checkin(conn: Connection, checkin_id: int) -> LeaveRow | None:
    row = fetch_one(
        conn,
        f"{_LEAVE} JOIN return_checkins c ON c.return_id = r.id WHERE c.id = ?",
        (checkin_id,),
    )
    return _leave(row) if row else None


def mark_checkin_done(conn: Connection, checkin_id: int, *, done_on: date, note: str, by: int) -> None:
    conn.execute(
        "UPDATE return_checkins SET done_on = ?, note = ?, done_by = ? WHERE id = ? AND done_on IS NULL",
        (done_on.isoformat(), note, by, checkin_id),
    )


def due_for_counselor(conn: Connection, counselor_id: int, until: date) -> list[DueCheckin]:
    """Open check-ins due on or before `until` of the returns this counselor follows."""
    rows = fetch_all(
        conn,
        "SELECT c.id, l.student_id, c.due_on, r.returned_on FROM return_checkins c"
        " JOIN student_returns r ON r.id = c.return_id JOIN student_leaves l ON l.id = r.leave_id"
        " WHERE r.counselor_id = ? AND c.done_on IS NULL AND c.due_on <= ? ORDER BY c.due_on, c.id",
        (counselor_id, until.isoformat()),
    )
    return [DueCheckin(int(r["id"]), int(r["student_id"]), str(r["due_on"]), str(r["returned_on"])) for r in rows]


def latest_change(conn: Connection, student_id: int, to_status: str) -> tuple[int, str] | None:
    """(id, date) of the student's latest status change to `to_status` (the demo links leaves to
    the status history it wrote earlier)."""
    row = fetch_one(
        conn,
        "SELECT id, on_date FROM student_status_changes WHERE student_id = ? AND to_status = ?"
        " ORDER BY on_date DESC, id DESC LIMIT 1",
        (student_id, to_status),
    )
    return (int(row["id"]), str(row["on_date"])) if row else None
