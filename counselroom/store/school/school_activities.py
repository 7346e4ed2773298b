"""主题班团队会, 专题活动, 团体辅导, 心理委员培训指导, 家长学校 and 宣传活动: one row per activity,
for the whole school, one grade, or the classes listed beside it. School store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_one


@dataclass(frozen=True)
class ActivityFields:
    kind: str
    held_on: date
    title: str
    scope: str
    grade_id: int | None
    class_ids: tuple[int, ...]
    organizer_id: int | None
    participants: int
    occasion: str
    form: str
    notes: str


@dataclass(frozen=True)
class ActivityRow:
    id: int
    kind: str
    held_on: date
    title: str
    scope: str
    grade_id: int | None
    grade_name: str  # '' unless the scope is one grade
    class_names: tuple[str, ...]  # in school order; empty unless the scope is classes
    organizer_name: str  # '' without one
    participants: int
    occasion: str
    form: str
    notes: str
    recorded_by: int


_SELECT = (
    "SELECT a.id, a.kind, a.held_on, a.title, a.scope, a.grade_id, coalesce(g.name, '') AS grade_name,"
    " coalesce(s.name, '') AS organizer_name, a.participants, a.occasion, a.form, a.notes, a.recorded_by"
    " FROM school_activities a LEFT JOIN grades g ON g.id = a.grade_id LEFT JOIN staff s ON s.id = a.organizer_id"
)


def insert(conn: Connection, f: ActivityFields, *, by: int, now: datetime) -> int:
    cur = conn.execute(
        "INSERT INTO school_activities (kind, held_on, title, scope, grade_id, organizer_id, participants, occasion,"
        " form, notes, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            f.kind,
            f.held_on.isoformat(),
            f.title,
            f.scope,
            f.grade_id,
            f.organizer_id,
            f.participants,
            f.occasion,
            f.form,
            f.notes,
            by,
            now.isoformat(timespec="seconds"),
        ),
    )
    activity_id = int(cur.lastrowid or 0)
    conn.executemany(
        "INSERT INTO school_activity_classes (activity_id, class_id) VALUES (?, ?)",
        [(activity_id, class_id) for class_id in f.class_ids],
    )
    return activity_id


def between(conn: Connection, start: date, end: date, *, kinds: Sequence[str] = ()) -> list[ActivityRow]:
    """Activities held in [start, end] of the given kinds (all when none given), newest first."""
    where = "a.held_on BETWEEN ? AND ?"
    params: list[object] = [start.isoformat(), end.isoformat()]
    if kinds:
        where += f" AND a.kind IN ({', '.join('?' * len(kinds))})"
        params.extend(kinds)
    rows = fetch_all(conn, f"{_SELECT} WHERE {where} ORDER BY a.held_on DESC, a.id DESC", params)
    names = _class_names(conn, [int(r["id"]) for r in rows])
    return [_activity(r, names.get(int(r["id"]), ())) for r in rows]


def get(conn: Connection, activity_id: int) -> ActivityRow | None:
    row = fetch_one(conn, f"{_SELECT} WHERE a.id = ?", (activity_id,))
    return _activity(row, _class_names(conn, [activity_id]).get(activity_id, ())) if row else None


def delete(conn: Connection, activity_id: int) -> None:
    conn.execute("DELETE FROM school_activity_classes WHERE activity_id = ?", (activity_id,))
    conn.execute("DELETE FROM school_activities WHERE id = ?", (activity_id,))


def _class_names(conn: Connection, activity_ids: list[int]) -> dict[int, tuple[str, ...]]:
    if not activity_ids:
        return {}
    found: dict[int, list[str]] = {}
    for chunk in range(0, len(activity_ids), 500):  # SQLite's limit on bound parameters
        part = activity_ids[chunk : chunk + 500]
        rows = fetch_all(
            conn,
            "SELECT x.activity_id, c.name FROM school_activity_classes x JOIN classes c ON c.id = x.class_id"
            f" JOIN grades g ON g.id = c.grade_id WHERE x.activity_id IN ({', '.join('?' * len(part))})"
            " ORDER BY g.sort_order, c.number, c.id",
            part,
        )
        for r in rows:
            found.setdefault(int(r["activity_id"]), []).append(str(r["name"]))
    return {k: tuple(v) for k, v in found.items()}


def _activity(r: Row, class_names: tuple[str, ...]) -> ActivityRow:
    return ActivityRow(
        id=int(r["id"]),
        kind=str(r["kind"]),
        held_on=date.fromisoformat(r["held_on"]),
        title=str(r["title"]),
        scope=str(r["scope"]),
        grade_id=None if r["grade_id"] is None else int(r["grade_id"]),
        grade_name=str(r["grade_name"]),
        class_names=class_names,
        organizer_name=str(r["organizer_name"]),
        participants=int(r["participants"]),
        occasion=str(r["occasion"]),
        form=str(r["form"]),
        notes=str(r["notes"]),
        recorded_by=int(r["recorded_by"]),
    )
