"""Rooms, weekly opening hours and the school's own day entries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time

from counselroom.domain.school.school_days import Period, SchoolDay
from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all


@dataclass(frozen=True)
class RoomRow:
    id: int
    name: str
    kind: str
    capacity: int
    active: bool


def all_rooms(conn: Connection, *, include_inactive: bool = False) -> list[RoomRow]:
    where = "" if include_inactive else " WHERE active = 1"
    return [
        RoomRow(int(r["id"]), r["name"], r["kind"], int(r["capacity"]), bool(r["active"]))
        for r in fetch_all(conn, f"SELECT id, name, kind, capacity, active FROM rooms{where} ORDER BY id")
    ]


def insert_room(conn: Connection, *, name: str, kind: str, capacity: int) -> int:
    cur = conn.execute("INSERT INTO rooms (name, kind, capacity) VALUES (?, ?, ?)", (name, kind, capacity))
    return int(cur.lastrowid or 0)


def update_room(conn: Connection, room_id: int, *, name: str, kind: str, capacity: int, active: bool) -> None:
    conn.execute(
        "UPDATE rooms SET name = ?, kind = ?, capacity = ?, active = ? WHERE id = ?",
        (name, kind, capacity, int(active), room_id),
    )


def opening_hours(conn: Connection) -> list[Period]:
    rows = fetch_all(conn, "SELECT weekday, start, end FROM opening_hours ORDER BY weekday, start")
    return [Period(int(r["weekday"]), time.fromisoformat(r["start"]), time.fromisoformat(r["end"])) for r in rows]


def replace_opening_hours(conn: Connection, periods: Iterable[Period]) -> None:
    conn.execute("DELETE FROM opening_hours")
    conn.executemany(
        "INSERT INTO opening_hours (weekday, start, end) VALUES (?, ?, ?)",
        [(p.weekday, f"{p.start:%H:%M}", f"{p.end:%H:%M}") for p in periods],
    )


def school_days(conn: Connection, start: date | None = None, end: date | None = None) -> list[SchoolDay]:
    if start is None or end is None:
        rows = fetch_all(conn, "SELECT day, kind, name, follows_weekday FROM school_days ORDER BY day")
    else:
        rows = fetch_all(
            conn,
            "SELECT day, kind, name, follows_weekday FROM school_days WHERE day BETWEEN ? AND ? ORDER BY day",
            (start.isoformat(), end.isoformat()),
        )
    return [SchoolDay(date.fromisoformat(r["day"]), r["kind"] == "open", r["name"], r["follows_weekday"]) for r in rows]


def set_school_day(conn: Connection, entry: SchoolDay) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO school_days (day, kind, name, follows_weekday) VALUES (?, ?, ?, ?)",
        (entry.day.isoformat(), "open" if entry.open else "closed", entry.name, entry.follows_weekday),
    )


def remove_school_day(conn: Connection, day: date) -> None:
    conn.execute("DELETE FROM school_days WHERE day = ?", (day.isoformat(),))
