"""候补名单: students waiting for a time with a counselor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.scheduling.appointments import WaitlistStatus
from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_one
from counselroom.store.scheduling.appointments import stamp


@dataclass(frozen=True)
class WaitlistRow:
    id: int
    student_id: int
    student_name: str
    class_name: str
    counselor_id: int | None
    counselor_name: str
    preferred_times: str
    reason: str
    added_on: date
    status: WaitlistStatus
    appointment_id: int | None


_SELECT = (
    "SELECT w.id, w.student_id, s.name AS student_name, coalesce(c.name, '') AS class_name, w.counselor_id,"
    " coalesce(u.display_name, '') AS counselor_name, w.preferred_times, w.reason, w.added_on, w.status,"
    " w.appointment_id FROM waitlist w"
    " JOIN students s ON s.id = w.student_id LEFT JOIN classes c ON c.id = s.class_id"
    " LEFT JOIN users u ON u.id = w.counselor_id"
)


def _row(r: Row) -> WaitlistRow:
    return WaitlistRow(
        id=int(r["id"]),
        student_id=int(r["student_id"]),
        student_name=str(r["student_name"]),
        class_name=str(r["class_name"]),
        counselor_id=None if r["counselor_id"] is None else int(r["counselor_id"]),
        counselor_name=str(r["counselor_name"]),
        preferred_times=str(r["preferred_times"]),
        reason=str(r["reason"]),
        added_on=date.fromisoformat(r["added_on"]),
        status=WaitlistStatus(r["status"]),
        appointment_id=None if r["appointment_id"] is None else int(r["appointment_id"]),
    )


def waiting(conn: Connection) -> list[WaitlistRow]:
    """Still waiting, longest first (first come, first served)."""
    return [_row(r) for r in fetch_all(conn, f"{_SELECT} WHERE w.status = '等待' ORDER BY w.added_on, w.id")]


def get(conn: Connection, entry_id: int) -> WaitlistRow | None:
    r = fetch_one(conn, f"{_SELECT} WHERE w.id = ?", (entry_id,))
    return _row(r) if r else None


def is_waiting(conn: Connection, student_id: int) -> bool:
    return fetch_one(conn, "SELECT 1 FROM waitlist WHERE student_id = ? AND status = '等待'", (student_id,)) is not None


def insert(
    conn: Connection,
    *,
    student_id: int,
    counselor_id: int | None,
    preferred_times: str,
    reason: str,
    user_id: int,
    now: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO waitlist (student_id, counselor_id, preferred_times, reason, added_on,"
        " added_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (student_id, counselor_id, preferred_times, reason, now.date().isoformat(), user_id, stamp(now)),
    )
    return int(cur.lastrowid or 0)


def close(
    conn: Connection, entry_id: int, status: WaitlistStatus, *, appointment_id: int | None, now: datetime
) -> None:
    conn.execute(
        "UPDATE waitlist SET status = ?, appointment_id = ?, updated_at = ? WHERE id = ?",
        (status.value, appointment_id, stamp(now), entry_id),
    )
