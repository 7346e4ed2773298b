"""值班: duty teachers with their availability and limits, roster publications, and the slots
in force (`published = 1`). A replaced slot is kept with `published = 0`, because its swaps and
log may point at it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from counselroom.domain.duty.duty_rota import PeriodKey
from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_one


@dataclass(frozen=True)
class DutyStaffRow:
    staff_id: int
    name: str
    position: str
    on_duty: bool  # has a duty_staff row that is active
    available: frozenset[PeriodKey] | None  # None: every opening period
    max_per_week: int | None
    max_per_term: int | None


@dataclass(frozen=True)
class AssignmentRow:
    id: int
    roster_id: int
    day: date
    start: time
    end: time
    staff_id: int
    staff_name: str
    published: bool
    has_log: bool
    swaps: int


def encode_availability(available: frozenset[PeriodKey] | None) -> str:
    if available is None:
        return "all"
    return json.dumps(sorted([w, f"{t:%H:%M}"] for w, t in available))


def decode_availability(text: str) -> frozenset[PeriodKey] | None:
    if text == "all":
        return None
    return frozenset((int(w), time.fromisoformat(t)) for w, t in json.loads(text))


def staff_with_duty(conn: Connection) -> list[DutyStaffRow]:
    """Every active staff member, with their duty settings where they have some."""
    rows = fetch_all(
        conn,
        "SELECT s.id, s.name, s.position, coalesce(d.active, 0) AS on_duty,"
        " coalesce(d.availability, 'all') AS availability, d.max_per_week, d.max_per_term"
        " FROM staff s LEFT JOIN duty_staff d ON d.staff_id = s.id WHERE s.active = 1 ORDER BY s.id",
    )
    return [
        DutyStaffRow(
            staff_id=int(r["id"]),
            name=r["name"],
            position=r["position"],
            on_duty=bool(r["on_duty"]),
            available=decode_availability(r["availability"]),
            max_per_week=r["max_per_week"],
            max_per_term=r["max_per_term"],
        )
        for r in rows
    ]


def save_duty_staff(conn: Connection, row: DutyStaffRow, *, now: datetime) -> None:
    conn.execute(
        "INSERT INTO duty_staff (staff_id, availability, max_per_week, max_per_term, active, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (staff_id) DO UPDATE SET availability = excluded.availability,"
        " max_per_week = excluded.max_per_week, max_per_term = excluded.max_per_term,"
        " active = excluded.active, updated_at = excluded.updated_at",
        (
            row.staff_id,
            encode_availability(row.available),
            row.max_per_week,
            row.max_per_term,
            int(row.on_duty),
            now.isoformat(timespec="seconds"),
        ),
    )


def staff_name(conn: Connection, staff_id: int) -> str | None:
    row = fetch_one(conn, "SELECT name FROM staff WHERE id = ?", (staff_id,))
    return str(row["name"]) if row else None


# -- rosters and slots -------------------------------------------------------------------------
def insert_rota(conn: Connection, *, term_id: int, by: int, now: datetime, note: str) -> int:
    stamp = now.isoformat(timespec="seconds")
    cur = conn.execute(
        "INSERT INTO duty_rosters (term_id, generated_at, generated_by, published_at, note) VALUES (?, ?, ?, ?, ?)",
        (term_id, stamp, by, stamp, note),
    )
    return int(cur.lastrowid or 0)


def withdraw_after(conn: Connection, start: date, end: date, after: datetime) -> int:
    """Take the slots in [start, end] that begin after `after` out of force; returns how many."""
    cur = conn.execute(
        "UPDATE duty_assignments SET published = 0 WHERE published = 1 AND day BETWEEN ? AND ?"
        " AND day || 'T' || start > ?",
        (start.isoformat(), end.isoformat(), after.strftime("%Y-%m-%dT%H:%M")),
    )
    return int(cur.rowcount)


def insert_assignments(conn: Connection, roster_id: int, rows: Iterable[tuple[date, time, time, int]]) -> None:
    conn.executemany(
        "INSERT INTO duty_assignments (roster_id, day, start, end, staff_id) VALUES (?, ?, ?, ?, ?)",
        [(roster_id, d.isoformat(), f"{s:%H:%M}", f"{e:%H:%M}", sid) for d, s, e, sid in rows],
    )


_ASSIGNMENT = (
    "SELECT a.id, a.roster_id, a.day, a.start, a.end, a.staff_id, s.name AS staff_name, a.published,"
    " EXISTS (SELECT 1 FROM duty_logs l WHERE l.day = a.day AND l.start = a.start) AS has_log,"
    " (SELECT count(*) FROM duty_swaps w WHERE w.assignment_id = a.id AND w.status = '已批准') AS swaps"
    " FROM duty_assignments a JOIN staff s ON s.id = a.staff_id"
)


def _assignment(r: Row) -> AssignmentRow:
    return AssignmentRow(
        id=int(r["id"]),
        roster_id=int(r["roster_id"]),
        day=date.fromisoformat(str(r["day"])),
        start=time.fromisoformat(str(r["start"])),
        end=time.fromisoformat(str(r["end"])),
        staff_id=int(r["staff_id"]),
        staff_name=str(r["staff_name"]),
        published=bool(r["published"]),
        has_log=bool(r["has_log"]),
        swaps=int(r["swaps"]),
    )


def in_force_between(conn: Connection, start: date, end: date) -> list[AssignmentRow]:
    rows = fetch_all(
        conn,
        f"{_ASSIGNMENT} WHERE a.published = 1 AND a.day BETWEEN ? AND ? ORDER BY a.day, a.start",
        (start.isoformat(), end.isoformat()),
    )
    return [_assignment(r) for r in rows]


def assignment(conn: Connection, assignment_id: int) -> AssignmentRow | None:
    row = fetch_one(conn, f"{_ASSIGNMENT} WHERE a.id = ?", (assignment_id,))
    return _assignment(row) if row else None


def set_assignment_staff(conn: Connection, assignment_id: int, staff_id: int) -> None:
    conn.execute("UPDATE duty_assignments SET staff_id = ? WHERE id = ?", (staff_id, assignment_id))


def latest_rota(conn: Connection, term_id: int) -> tuple[str, str] | None:
    """(published_at, note) of the term's last publication."""
    row = fetch_one(
        conn, "SELECT published_at, note FROM duty_rosters WHERE term_id = ? ORDER BY id DESC LIMIT 1", (term_id,)
    )
    return (str(row["published_at"]), str(row["note"])) if row else None
