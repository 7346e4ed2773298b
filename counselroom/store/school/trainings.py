"""培训: one row per person and training, 学时 as the certificate gives them. School store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_one


@dataclass(frozen=True)
class TrainingFields:
    staff_id: int
    title: str
    held_on: date
    hours: int
    level: str
    kind: str
    organizer: str


@dataclass(frozen=True)
class TrainingRow:
    id: int
    staff_id: int
    staff_name: str
    position: str
    title: str
    held_on: date
    hours: int
    level: str
    kind: str
    organizer: str
    recorded_by: int


_SELECT = (
    "SELECT t.id, t.staff_id, s.name AS staff_name, s.position, t.title, t.held_on, t.hours, t.level, t.kind,"
    " t.organizer, t.recorded_by FROM trainings t JOIN staff s ON s.id = t.staff_id"
)


def insert(conn: Connection, f: TrainingFields, *, by: int, now: datetime) -> int:
    cur = conn.execute(
        "INSERT INTO trainings (staff_id, title, held_on, hours, level, kind, organizer, recorded_by, recorded_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (f.staff_id, f.title, f.held_on.isoformat(), f.hours, f.level, f.kind, f.organizer, by, _stamp(now)),
    )
    return int(cur.lastrowid or 0)


def between(conn: Connection, start: date, end: date, *, staff_id: int | None = None) -> list[TrainingRow]:
    """Trainings held in [start, end] (one person's when given), newest first."""
    where = "t.held_on BETWEEN ? AND ?"
    params: list[object] = [start.isoformat(), end.isoformat()]
    if staff_id is not None:
        where += " AND t.staff_id = ?"
        params.append(staff_id)
    rows = fetch_all(conn, f"{_SELECT} WHERE {where} ORDER BY t.held_on DESC, s.name, t.id DESC", params)
    return [_training(r) for r in rows]


def get(conn: Connection, training_id: int) -> TrainingRow | None:
    row = fetch_one(conn, f"{_SELECT} WHERE t.id = ?", (training_id,))
    return _training(row) if row else None


def delete(conn: Connection, training_id: int) -> None:
    conn.execute("DELETE FROM trainings WHERE id = ?", (training_id,))


def _stamp(now: datetime) -> str:
    return now.isoformat(timespec="seconds")


def _training(r: Row) -> TrainingRow:
    return TrainingRow(
        id=int(r["id"]),
        staff_id=int(r["staff_id"]),
        staff_name=str(r["staff_name"]),
        position=str(r["position"]),
        title=str(r["title"]),
        held_on=date.fromisoformat(r["held_on"]),
        hours=int(r["hours"]),
        level=str(r["level"]),
        kind=str(r["kind"]),
        organizer=str(r["organizer"]),
        recorded_by=int(r["recorded_by"]),
    )
