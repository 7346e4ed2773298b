"""会议 of 领导小组, 工作小组, 心理危机干预小组 and the 关爱工作会议. School store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_one


@dataclass(frozen=True)
class MeetingFields:
    body: str
    held_on: date
    topic: str
    attendees: int
    decisions: str


@dataclass(frozen=True)
class MeetingRow:
    id: int
    body: str
    held_on: date
    topic: str
    attendees: int
    decisions: str
    recorded_by: int


_SELECT = "SELECT id, body, held_on, topic, attendees, decisions, recorded_by FROM meetings"


def insert(conn: Connection, f: MeetingFields, *, by: int, now: datetime) -> int:
    cur = conn.execute(
        "INSERT INTO meetings (body, held_on, topic, attendees, decisions, recorded_by, recorded_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (f.body, f.held_on.isoformat(), f.topic, f.attendees, f.decisions, by, now.isoformat(timespec="seconds")),
    )
    return int(cur.lastrowid or 0)


def between(conn: Connection, start: date, end: date) -> list[MeetingRow]:
    """Meetings held in [start, end], newest first."""
    rows = fetch_all(
        conn,
        f"{_SELECT} WHERE held_on BETWEEN ? AND ? ORDER BY held_on DESC, id DESC",
        (start.isoformat(), end.isoformat()),
    )
    return [_meeting(r) for r in rows]


def get(conn: Connection, meeting_id: int) -> MeetingRow | None:
    row = fetch_one(conn, f"{_SELECT} WHERE id = ?", (meeting_id,))
    return _meeting(row) if row else None


def delete(conn: Connection, meeting_id: int) -> None:
    conn.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,))


def _meeting(r: Row) -> MeetingRow:
    return MeetingRow(
        id=int(r["id"]),
        body=str(r["body"]),
        held_on=date.fromisoformat(r["held_on"]),
        topic=str(r["topic"]),
        attendees=int(r["attendees"]),
        decisions=str(r["decisions"]),
        recorded_by=int(r["recorded_by"]),
    )
