"""What the activity records point at — classes, grades, staff and rooms — as an entry form checks
them: whether they exist, are still at school, and what they are called."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all, fetch_one


@dataclass(frozen=True)
class ClassRef:
    id: int
    name: str
    graduated: bool


def classes_by_id(conn: Connection, class_ids: Iterable[int]) -> dict[int, ClassRef]:
    """The classes among `class_ids` that exist (graduated ones too)."""
    wanted = sorted(set(class_ids))
    if not wanted:
        return {}
    marks = ", ".join("?" * len(wanted))
    rows = fetch_all(conn, f"SELECT id, name, graduated_on FROM classes WHERE id IN ({marks})", wanted)
    return {int(r["id"]): ClassRef(int(r["id"]), str(r["name"]), r["graduated_on"] is not None) for r in rows}


def grade_name(conn: Connection, grade_id: int) -> str | None:
    row = fetch_one(conn, "SELECT name FROM grades WHERE id = ?", (grade_id,))
    return str(row["name"]) if row else None


def room_name(conn: Connection, room_id: int) -> str | None:
    row = fetch_one(conn, "SELECT name FROM rooms WHERE id = ?", (room_id,))
    return str(row["name"]) if row else None
