"""TEMPORARY (until act-school's store/school/lessons.py is on main): the lessons a timetable
import reads and writes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all


@dataclass(frozen=True)
class NewLesson:
    class_id: int
    held_on: date
    period: int
    topic: str
    teacher_id: int | None


def existing_periods(conn: Connection, start: date, end: date) -> set[tuple[int, date, int]]:
    rows = fetch_all(
        conn,
        "SELECT class_id, held_on, period FROM lessons WHERE held_on BETWEEN ? AND ? AND period IS NOT NULL",
        (start.isoformat(), end.isoformat()),
    )
    return {(int(r["class_id"]), date.fromisoformat(r["held_on"]), int(r["period"])) for r in rows}


def insert_timetable(conn: Connection, lessons: Sequence[NewLesson], *, user_id: int, now: datetime) -> int:
    before = conn.total_changes
    conn.executemany(
        "INSERT OR IGNORE INTO lessons (class_id, held_on, period, topic, teacher_id, hours, source, recorded_by,"
        " recorded_at) VALUES (?, ?, ?, ?, ?, 1, '课表导入', ?, ?)",
        [
            (x.class_id, x.held_on.isoformat(), x.period, x.topic, x.teacher_id, user_id, now.isoformat("T", "seconds"))
            for x in lessons
        ],
    )
    return int(conn.total_changes - before)
