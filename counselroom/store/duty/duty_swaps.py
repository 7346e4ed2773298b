"""调班 history: every request and its decision, never deleted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from counselroom.domain.duty.duty_swaps import SwapStatus
from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_one


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
    "SELECT w.id, w.assignment_id, a.day, a.start, a.end, f.name AS from_name, w.to_staff_id, t.name AS to_name,"
    " w.reason, w.status, w.override, coalesce(ru.display_name, '') AS requester_name, w.requested_at,"
    " coalesce(au.display_name, '') AS approver_name, coalesce(w.approved_at, '') AS approved_at, w.decision_note"
    " FROM duty_swaps w"
    " JOIN duty_assignments a ON a.id = w.assignment_id JOIN staff f ON f.id = w.from_staff_id"
    " JOIN staff t ON t.id = w.to_staff_id LEFT JOIN users ru ON ru.id = w.requested_by"
    " LEFT JOIN users au ON au.id = w.approved_by"
)


def _swap(r: Row) -> SwapRow:
    return SwapRow(
        id=int(r["id"]),
        assignment_id=int(r["assignment_id"]),
        day=date.fromisoformat(str(r["day"])),
        start=time.fromisoformat(str(r["start"])),
        end=time.fromisoformat(str(r["end"])),
        from_name=str(r["from_name"]),
        to_staff_id=int(r["to_staff_id"]),
        to_name=str(r["to_name"]),
        reason=str(r["reason"]),
        status=SwapStatus(r["status"]),
        override=bool(r["override"]),
        requested_by=str(r["requester_name"]),
        requested_at=str(r["requested_at"]),
        approved_by=str(r["approver_name"]),
        approved_at=str(r["approved_at"]),
        decision_note=str(r["decision_note"]),
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
    row = fetch_one(conn, f"{_SWAP} WHERE w.id = ?", (swap_id,))
    return _swap(row) if row else None


def from_staff_id(conn: Connection, swap_id: int) -> int:
    row = fetch_one(conn, "SELECT from_staff_id FROM duty_swaps WHERE id = ?", (swap_id,))
    if row is None:
        raise LookupError(f"no duty swap {swap_id}")
    return int(row["from_staff_id"])


def swaps_between(conn: Connection, start: date, end: date, *, assignment_id: int | None = None) -> list[SwapRow]:
    where = " WHERE a.day BETWEEN ? AND ?"
    args: tuple[object, ...] = (start.isoformat(), end.isoformat())
    if assignment_id is not None:
        where, args = " WHERE w.assignment_id = ?", (assignment_id,)
    return [_swap(r) for r in fetch_all(conn, f"{_SWAP}{where} ORDER BY w.id", args)]


def pending(conn: Connection) -> list[SwapRow]:
    return [_swap(r) for r in fetch_all(conn, f"{_SWAP} WHERE w.status = '待批准' ORDER BY w.id")]
