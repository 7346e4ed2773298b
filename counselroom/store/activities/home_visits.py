"""家访: a visit, the students it covers (siblings share one visit), how and by whom. Care store:
every function here needs the care store attached (names come from the school store)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.store.activities import people
from counselroom.store.activities.people import LinkedStudent
from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_one


@dataclass(frozen=True)
class VisitRow:
    id: int
    held_on: str
    mode: str
    visitor_id: int
    visitor: str
    companions: str
    met_with: str
    summary: str
    follow_up: bool
    recorded_by: int
    recorded_by_name: str


_SELECT = (
    "SELECT v.id, v.held_on, v.mode, v.visitor_id, coalesce(st.name, '') AS visitor, v.companions, v.met_with,"
    " v.summary, v.follow_up, v.recorded_by, coalesce(u.display_name, '') AS recorded_by_name FROM home_visits v"
    " LEFT JOIN staff st ON st.id = v.visitor_id LEFT JOIN users u ON u.id = v.recorded_by"
)


def _visit(r: Row) -> VisitRow:
    return VisitRow(
        int(r["id"]),
        str(r["held_on"]),
        str(r["mode"]),
        int(r["visitor_id"]),
        str(r["visitor"]),
        str(r["companions"]),
        str(r["met_with"]),
        str(r["summary"]),
        bool(r["follow_up"]),
        int(r["recorded_by"]),
        str(r["recorded_by_name"]),
    )


def next_batch(conn: Connection) -> int:
    row = fetch_one(conn, "SELECT coalesce(max(batch), 0) + 1 AS batch FROM home_visits")
    return int(row["batch"]) if row else 1


def insert_visit(
    conn: Connection,
    *,
    held_on: date,
    mode: str,
    visitor_id: int,
    companions: str,
    met_with: str,
    summary: str,
    follow_up: bool,
    batch: int | None,
    student_ids: Sequence[int],
    recorded_by: int,
    now: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO home_visits (held_on, mode, visitor_id, companions, met_with, summary, follow_up, batch,"
        " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            held_on.isoformat(), mode, visitor_id, companions, met_with, summary, int(follow_up), batch, recorded_by,
            now.isoformat(timespec="seconds"),
        ),
    )  # fmt: skip
    visit_id = int(cur.lastrowid or 0)
    conn.executemany(
        "INSERT INTO home_visit_students (visit_id, student_id) VALUES (?, ?)", [(visit_id, s) for s in student_ids]
    )
    return visit_id


def get(conn: Connection, visit_id: int) -> VisitRow | None:
    r = fetch_one(conn, f"{_SELECT} WHERE v.id = ?", (visit_id,))
    return _visit(r) if r else None


def delete(conn: Connection, visit_id: int) -> None:
    conn.execute("DELETE FROM home_visit_students WHERE visit_id = ?", (visit_id,))
    conn.execute("DELETE FROM home_visits WHERE id = ?", (visit_id,))


def visits_between(conn: Connection, start: date, end: date, *, class_id: int | None = None) -> list[VisitRow]:
    """Visits from `start` to `end` (both included), newest first; with `class_id`, those covering a
    student now in that class."""
    where = "v.held_on BETWEEN ? AND ?"
    params: list[object] = [start.isoformat(), end.isoformat()]
    if class_id is not None:
        where += (
            " AND v.id IN (SELECT x.visit_id FROM home_visit_students x JOIN students xs ON xs.id = x.student_id"
            " WHERE xs.class_id = ?)"
        )
        params.append(class_id)
    rows = fetch_all(conn, f"{_SELECT} WHERE {where} ORDER BY v.held_on DESC, v.id DESC", params)
    return [_visit(r) for r in rows]


def students_of(conn: Connection, visit_ids: Sequence[int]) -> dict[int, list[LinkedStudent]]:
    """The students of these records, by 学号 within each."""
    return people.linked_students(conn, "home_visit_students", "visit_id", visit_ids)


def student_events(conn: Connection, student_id: int) -> list[VisitRow]:
    """The visits covering one student (the 一生一档 timeline), oldest first."""
    rows = fetch_all(
        conn,
        f"{_SELECT} WHERE v.id IN (SELECT visit_id FROM home_visit_students WHERE student_id = ?)"
        " ORDER BY v.held_on, v.id",
        (student_id,),
    )
    return [_visit(r) for r in rows]
