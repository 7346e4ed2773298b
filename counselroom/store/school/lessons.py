"""心理课: one row per class and lesson (a lesson given to 8 classes is 8 rows). School store."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_one

ENTERED = "录入"
IMPORTED = "课表导入"


@dataclass(frozen=True)
class LessonFields:
    class_id: int
    held_on: date
    period: int | None
    topic: str
    teacher_id: int | None
    hours: int
    source: str = ENTERED


@dataclass(frozen=True)
class LessonRow:
    id: int
    class_id: int
    class_name: str
    held_on: date
    period: int | None
    topic: str
    teacher_id: int | None
    teacher_name: str  # '' without one
    hours: int
    source: str
    recorded_by: int


_SELECT = (
    "SELECT l.id, l.class_id, c.name AS class_name, l.held_on, l.period, l.topic, l.teacher_id,"
    " coalesce(t.name, '') AS teacher_name, l.hours, l.source, l.recorded_by"
    " FROM lessons l JOIN classes c ON c.id = l.class_id JOIN grades g ON g.id = c.grade_id"
    " LEFT JOIN staff t ON t.id = l.teacher_id"
)
_INSERT = (
    "INSERT INTO lessons (class_id, held_on, period, topic, teacher_id, hours, source, recorded_by, recorded_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _lesson(r: Row) -> LessonRow:
    return LessonRow(
        id=int(r["id"]),
        class_id=int(r["class_id"]),
        class_name=str(r["class_name"]),
        held_on=date.fromisoformat(r["held_on"]),
        period=None if r["period"] is None else int(r["period"]),
        topic=str(r["topic"]),
        teacher_id=None if r["teacher_id"] is None else int(r["teacher_id"]),
        teacher_name=str(r["teacher_name"]),
        hours=int(r["hours"]),
        source=str(r["source"]),
        recorded_by=int(r["recorded_by"]),
    )


def _values(f: LessonFields, by: int, now: datetime) -> tuple[object, ...]:
    stamp = now.isoformat(timespec="seconds")
    return (f.class_id, f.held_on.isoformat(), f.period, f.topic, f.teacher_id, f.hours, f.source, by, stamp)


def insert(conn: Connection, fields: LessonFields, *, by: int, now: datetime) -> int:
    cur = conn.execute(_INSERT, _values(fields, by, now))
    return int(cur.lastrowid or 0)


def insert_many(conn: Connection, rows: Iterable[LessonFields], *, by: int, now: datetime) -> int:
    """Insert lessons, skipping any whose class already has a lesson at that 节次 that day (when
    the period is set): importing the same timetable again adds nothing. Returns how many were added."""
    added = 0
    for fields in rows:
        cur = conn.execute(_INSERT + " ON CONFLICT DO NOTHING", _values(fields, by, now))
        added += max(cur.rowcount, 0)
    return added


def period_taken(conn: Connection, class_id: int, held_on: date, period: int) -> bool:
    row = fetch_one(
        conn,
        "SELECT 1 FROM lessons WHERE class_id = ? AND held_on = ? AND period = ?",
        (class_id, held_on.isoformat(), period),
    )
    return row is not None


def between(conn: Connection, start: date, end: date, *, class_id: int | None = None) -> list[LessonRow]:
    """Lessons held in [start, end], newest first."""
    where = "l.held_on BETWEEN ? AND ?"
    params: list[object] = [start.isoformat(), end.isoformat()]
    if class_id is not None:
        where += " AND l.class_id = ?"
        params.append(class_id)
    order = "l.held_on DESC, g.sort_order, c.number, l.period, l.id"
    rows = fetch_all(conn, f"{_SELECT} WHERE {where} ORDER BY {order}", params)
    return [_lesson(r) for r in rows]


def last_imported(conn: Connection, start: date, end: date) -> date | None:
    """The latest day in [start, end] with a lesson from the timetable import: where the next import goes on."""
    row = fetch_one(
        conn,
        "SELECT max(held_on) AS last FROM lessons WHERE source = ? AND held_on BETWEEN ? AND ?",
        (IMPORTED, start.isoformat(), end.isoformat()),
    )
    return date.fromisoformat(str(row["last"])) if row and row["last"] else None


def get(conn: Connection, lesson_id: int) -> LessonRow | None:
    row = fetch_one(conn, f"{_SELECT} WHERE l.id = ?", (lesson_id,))
    return _lesson(row) if row else None


def delete(conn: Connection, lesson_id: int) -> None:
    conn.execute("DELETE FROM lessons WHERE id = ?", (lesson_id,))
