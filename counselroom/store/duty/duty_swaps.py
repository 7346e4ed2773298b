"""调班 history: every request and its decision, never deleted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from counselroom.domain.duty.duty_swaps import SwapStatus
from counselroom.store.connection import Connection


@dataclass(frozen=True)
class SwapRow:
    id: int
    assignment_id: int
    day: date
    start: time
    end: time
    from_name: str
    to_staff_id: int
    to_name: str
    reason: str
    status: SwapStatus
    override: bool
    requested_by: str
    requested_at: str
    approved_by: str
    approved_at: str
    decision_note: str


_SWAP = (
    "SELECT w.id, w.assignment_id, a.day, a.start, a.end, f.name, w.to_staff_id, t.name, w.reason,"
    " w.status, w.override, coalesce(ru.display_name, ''), w.requested_at, coalesce(au.display_name, ''),"
    " coalesce(w.approved_at, ''), w.decision_note FROM duty_swaps w"
    " JOIN duty_assignments a ON a.id = w.assignment_id JOIN staff f ON f.id = w.from_staff_id"
    " JOIN staff t ON t.id = w.to_staff_id LEFT JOIN users ru ON ru.id = w.requested_by"
    " LEFT JOIN users au ON au.id = w.approved_by"
)


def _swap(r: tuple[object, ...]) -> SwapRow:
    return SwapRow(
        int(r[0]),
        int(r[1]),
        date.fromisoformat(str(r[2])),
        time.fromisoformat(str(r[3])),  # type: ignore[arg-type]
        time.fromisoformat(str(r[4])),
        str(r[5]),
        int(r[6]),
        str(r[7]),
        str(r[8]),  # type: ignore[arg-type]
        SwapStatus(r[9]),
        bool(r[10]),
        str(r[11]),
        str(r[12]),
        str(r[13]),
        str(r[14]),
        str(r[15]),
    )


def insert_swap(
    conn: Connection,
    *,
    assignment_id: int,
    from_staff_id: int,
    to_staff_id: int,
    reason: str,
    requested_by: int,
    now: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO duty_swaps (assignment_id, from_staff_id, to_staff_id, reason, requested_by,"
        " requested_at) VALUES (?, ?, ?, ?, ?, ?)",
        (assignment_id, from_staff_id, to_staff_id, reason, requested_by, now.isoformat(timespec="seconds")),
    )
    return int(cur.lastrowid or 0)


def decide_swap(
    conn: Connection,
    swap_id: int,
    *,
    status: SwapStatus,
    by: int,
    now: datetime,
    override: bool = False,
    note: str = "",
) -> None:
    conn.execute(
        "UPDATE duty_swaps SET status = ?, approved_by = ?, approved_at = ?, override = ?,"
        " decision_note = ? WHERE id = ?",
        (status.value, by, now.isoformat(timespec="seconds"), int(override), note, swap_id),
    )


def swap(conn: Connection, swap_id: int) -> SwapRow | None:
    row = conn.execute(f"{_SWAP} WHERE w.id = ?", (swap_id,)).fetchone()
    return _swap(row) if row else None


def from_staff_id(conn: Connection, swap_id: int) -> int:
    return int(conn.execute("SELECT from_staff_id FROM duty_swaps WHERE id = ?", (swap_id,)).fetchone()[0])


def swaps_between(conn: Connection, start: date, end: date, *, assignment_id: int | None = None) -> list[SwapRow]:
    where = " WHERE a.day BETWEEN ? AND ?"
    args: tuple[object, ...] = (start.isoformat(), end.isoformat())
    if assignment_id is not None:
        where, args = " WHERE w.assignment_id = ?", (assignment_id,)
    return [_swap(r) for r in conn.execute(f"{_SWAP}{where} ORDER BY w.id", args)]


def pending(conn: Connection) -> list[SwapRow]:
    return [_swap(r) for r in conn.execute(f"{_SWAP} WHERE w.status = '待批准' ORDER BY w.id")]
