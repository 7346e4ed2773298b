"""候补名单: students waiting for a time with a counselor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from counselroom.domain.scheduling.appointments import WaitlistStatus
from counselroom.store.connection import Connection
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
    "SELECT w.id, w.student_id, s.name, coalesce(c.name, ''), w.counselor_id, coalesce(u.display_name, ''),"
    " w.preferred_times, w.reason, w.added_on, w.status, w.appointment_id FROM waitlist w"
    " JOIN students s ON s.id = w.student_id LEFT JOIN classes c ON c.id = s.class_id"
    " LEFT JOIN users u ON u.id = w.counselor_id"
)


def _row(r: Any) -> WaitlistRow:
    return WaitlistRow(
        int(r[0]),
        int(r[1]),
        str(r[2]),
        str(r[3]),
        None if r[4] is None else int(r[4]),
        str(r[5]),
        str(r[6]),
        str(r[7]),
        date.fromisoformat(r[8]),
        WaitlistStatus(r[9]),
        None if r[10] is None else int(r[10]),
    )


def waiting(conn: Connection) -> list[WaitlistRow]:
    """Still waiting, longest first (first come, first served)."""
    return [_row(r) for r in conn.execute(f"{_SELECT} WHERE w.status = '等待' ORDER BY w.added_on, w.id")]


def get(conn: Connection, entry_id: int) -> WaitlistRow | None:
    r = conn.execute(f"{_SELECT} WHERE w.id = ?", (entry_id,)).fetchone()
    return _row(r) if r else None


def is_waiting(conn: Connection, student_id: int) -> bool:
    r = conn.execute("SELECT 1 FROM waitlist WHERE student_id = ? AND status = '等待'", (student_id,)).fetchone()
    return r is not None


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
