"""危机事件: the incident row, its team, its students and its time line. Care store: every function
here needs the care store attached."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_one


@dataclass(frozen=True)
class IncidentRow:
    id: int
    kind: str
    risk_level: str
    summary: str
    place: str
    occurred_at: str
    opened_at: str
    opened_by: int
    responsible_id: int
    status: str
    closing_summary: str
    submitted_at: str | None
    submitted_by: int | None
    cosigned_at: str | None
    cosigned_by: int | None


@dataclass(frozen=True)
class EventRow:
    id: int
    kind: str
    at: str
    whom: str
    detail: str
    referral_id: int | None
    recorded_by: int
    recorded_at: str


_COLUMNS = (
    "id, kind, risk_level, summary, place, occurred_at, opened_at, opened_by, responsible_id, status,"
    " closing_summary, submitted_at, submitted_by, cosigned_at, cosigned_by"
)


def _incident(r: Row) -> IncidentRow:
    return IncidentRow(
        int(r["id"]),
        str(r["kind"]),
        str(r["risk_level"]),
        str(r["summary"]),
        str(r["place"]),
        str(r["occurred_at"]),
        str(r["opened_at"]),
        int(r["opened_by"]),
        int(r["responsible_id"]),
        str(r["status"]),
        str(r["closing_summary"]),
        r["submitted_at"],
        None if r["submitted_by"] is None else int(r["submitted_by"]),
        r["cosigned_at"],
        None if r["cosigned_by"] is None else int(r["cosigned_by"]),
    )


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes") if moment.second == 0 else moment.isoformat(timespec="seconds")


def insert_incident(
    conn: Connection,
    *,
    kind: str,
    risk_level: str,
    summary: str,
    place: str,
    occurred_at: datetime,
    opened_by: int,
    responsible_id: int,
    now: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO incidents (kind, risk_level, summary, place, occurred_at, opened_at, opened_by, responsible_id,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (kind, risk_level, summary, place, stamp(occurred_at), stamp(now), opened_by, responsible_id, stamp(now)),
    )
    return int(cur.lastrowid or 0)


def get_incident(conn: Connection, incident_id: int) -> IncidentRow | None:
    row = fetch_one(conn, f"SELECT {_COLUMNS} FROM incidents WHERE id = ?", (incident_id,))
    return _incident(row) if row else None


def all_incidents(conn: Connection) -> list[IncidentRow]:
    return [_incident(r) for r in fetch_all(conn, f"SELECT {_COLUMNS} FROM incidents ORDER BY opened_at DESC, id DESC")]


def incident_ids_of_user(conn: Connection, user_id: int) -> set[int]:
    """Incidents the user is responsible for or on the team of."""
    rows = fetch_all(
        conn,
        "SELECT id FROM incidents WHERE responsible_id = ?"
        " UNION SELECT incident_id FROM incident_team WHERE user_id = ?",
        (user_id, user_id),
    )
    return {int(r["id"]) for r in rows}


def team(conn: Connection, incident_id: int) -> list[int]:
    rows = fetch_all(
        conn, "SELECT user_id FROM incident_team WHERE incident_id = ? ORDER BY since, user_id", (incident_id,)
    )
    return [int(r["user_id"]) for r in rows]


def add_to_team(conn: Connection, incident_id: int, user_id: int, *, now: datetime) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO incident_team (incident_id, user_id, since) VALUES (?, ?, ?)",
        (incident_id, user_id, stamp(now)),
    )


def set_students(conn: Connection, incident_id: int, student_ids: list[int]) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO incident_students (incident_id, student_id) VALUES (?, ?)",
        [(incident_id, s) for s in student_ids],
    )


def students(conn: Connection, incident_id: int) -> list[int]:
    rows = fetch_all(
        conn, "SELECT student_id FROM incident_students WHERE incident_id = ? ORDER BY student_id", (incident_id,)
    )
    return [int(r["student_id"]) for r in rows]


def add_event(
    conn: Connection,
    incident_id: int,
    *,
    kind: str,
    at: datetime,
    whom: str,
    detail: str,
    referral_id: int | None,
    by: int,
    now: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO incident_events (incident_id, kind, at, whom, detail, referral_id, recorded_by, recorded_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (incident_id, kind, stamp(at), whom, detail, referral_id, by, stamp(now)),
    )
    conn.execute("UPDATE incidents SET updated_at = ? WHERE id = ?", (stamp(now), incident_id))
    return int(cur.lastrowid or 0)


def events(conn: Connection, incident_id: int) -> list[EventRow]:
    rows = fetch_all(
        conn,
        "SELECT id, kind, at, whom, detail, referral_id, recorded_by, recorded_at FROM incident_events"
        " WHERE incident_id = ? ORDER BY at, id",
        (incident_id,),
    )
    return [
        EventRow(
            int(r["id"]),
            str(r["kind"]),
            str(r["at"]),
            str(r["whom"]),
            str(r["detail"]),
            None if r["referral_id"] is None else int(r["referral_id"]),
            int(r["recorded_by"]),
            str(r["recorded_at"]),
        )
        for r in rows
    ]


def first_event_at(conn: Connection, incident_id: int, kind: str) -> str | None:
    row = fetch_one(
        conn, "SELECT min(at) AS at FROM incident_events WHERE incident_id = ? AND kind = ?", (incident_id, kind)
    )
    return str(row["at"]) if row and row["at"] is not None else None


def set_risk(conn: Connection, incident_id: int, risk_level: str, *, now: datetime) -> None:
    conn.execute(
        "UPDATE incidents SET risk_level = ?, updated_at = ? WHERE id = ?", (risk_level, stamp(now), incident_id)
    )


def set_submitted(conn: Connection, incident_id: int, *, summary: str, by: int | None, now: datetime) -> None:
    """提交会签 (by a user) or 退回 (by=None: back to 处置中, the summary kept for the next try)."""
    conn.execute(
        "UPDATE incidents SET status = ?, closing_summary = ?, submitted_at = ?, submitted_by = ?, updated_at = ?"
        " WHERE id = ?",
        (
            "待会签" if by is not None else "处置中",
            summary,
            stamp(now) if by is not None else None,
            by,
            stamp(now),
            incident_id,
        ),
    )


def set_cosigned(conn: Connection, incident_id: int, *, by: int, now: datetime) -> None:
    conn.execute(
        "UPDATE incidents SET status = '已结案', cosigned_at = ?, cosigned_by = ?, updated_at = ? WHERE id = ?",
        (stamp(now), by, stamp(now), incident_id),
    )


def awaiting_cosign(conn: Connection) -> list[IncidentRow]:
    rows = fetch_all(conn, f"SELECT {_COLUMNS} FROM incidents WHERE status = '待会签' ORDER BY submitted_at, id")
    return [_incident(r) for r in rows]
