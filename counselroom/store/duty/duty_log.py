"""值班记录: one per slot (day and period start), tied to the slot's assignment when it has one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all, fetch_one


@dataclass(frozen=True)
class DutyLogRow:
    day: date
    start: time
    end: time
    assignment_id: int | None
    came_staff_id: int | None
    came_name: str
    visitors: int
    calls: int
    events: str
    handover: str
    written_by: str
    written_at: str


def save_log(conn: Connection, row: DutyLogRow, *, by: int, now: datetime) -> bool:
    """Write or rewrite the slot's log; True when it was new."""
    key = (row.day.isoformat(), f"{row.start:%H:%M}")
    existed = fetch_one(conn, "SELECT 1 FROM duty_logs WHERE day = ? AND start = ?", key)
    conn.execute(
        "INSERT INTO duty_logs (assignment_id, day, start, end, came_staff_id, visitors, calls, events,"
        " handover, written_by, written_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (day, start) DO UPDATE SET assignment_id = excluded.assignment_id,"
        " came_staff_id = excluded.came_staff_id, visitors = excluded.visitors, calls = excluded.calls,"
        " events = excluded.events, handover = excluded.handover, written_by = excluded.written_by,"
        " written_at = excluded.written_at",
        (
            row.assignment_id,
            *key,
            f"{row.end:%H:%M}",
            row.came_staff_id,
            row.visitors,
            row.calls,
            row.events,
            row.handover,
            by,
            now.isoformat(timespec="seconds"),
        ),
    )
    return existed is None


def log_for_slot(conn: Connection, day: date, start: time) -> DutyLogRow | None:
    r = fetch_one(
        conn,
        "SELECT l.day, l.start, l.end, l.assignment_id, l.came_staff_id, coalesce(s.name, '') AS came_name,"
        " l.visitors, l.calls, l.events, l.handover, coalesce(u.display_name, '') AS writer_name, l.written_at"
        " FROM duty_logs l LEFT JOIN staff s ON s.id = l.came_staff_id LEFT JOIN users u ON u.id = l.written_by"
        " WHERE l.day = ? AND l.start = ?",
        (day.isoformat(), f"{start:%H:%M}"),
    )
    if r is None:
        return None
    return DutyLogRow(
        day=date.fromisoformat(r["day"]),
        start=time.fromisoformat(r["start"]),
        end=time.fromisoformat(r["end"]),
        assignment_id=r["assignment_id"],
        came_staff_id=r["came_staff_id"],
        came_name=r["came_name"],
        visitors=int(r["visitors"]),
        calls=int(r["calls"]),
        events=r["events"],
        handover=r["handover"],
        written_by=r["writer_name"],
        written_at=r["written_at"],
    )


def logged_slots(conn: Connection, start: date, end: date) -> set[tuple[date, time]]:
    rows = fetch_all(
        conn, "SELECT day, start FROM duty_logs WHERE day BETWEEN ? AND ?", (start.isoformat(), end.isoformat())
    )
    return {(date.fromisoformat(r["day"]), time.fromisoformat(r["start"])) for r in rows}
