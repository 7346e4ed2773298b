"""What the leader in charge sees of each 危机事件, kept in the school store (issue #11 item 4).

Like store/care_counts.py: a principal's session never opens the care store, so a session holding
the care key writes here, inside the transaction that changed an incident (temp triggers mark it),
exactly this — that the incident exists, its status, when it was opened, when the leader in charge
was notified (the first 通知分管校领导 on its time line), when it was closed, and its after-care
counts. Never its kind, risk level, place, notes, or any person's name or id. `counselroom check`,
run by a lead, compares the rows with a fresh recount.
"""

from __future__ import annotations

from dataclasses import dataclass

from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_one

_WATCHED = ("incidents", "incident_events", "aftercare_people", "aftercare_followups")
LEADER_NOTIFIED = "通知分管校领导"  # domain.crisis.incident_rules.EventKind.LEADER_NOTIFIED


@dataclass(frozen=True)
class IncidentStatusRow:
    incident_id: int
    status: str
    opened_at: str
    leader_notified_at: str | None
    closed_at: str | None
    aftercare_people: int
    followups_planned: int
    followups_done: int


_FIELDS = (
    "incident_id, status, opened_at, leader_notified_at, closed_at, aftercare_people, followups_planned, followups_done"
)

_RECOUNT = """
SELECT i.id AS incident_id, i.status, i.opened_at,
       (SELECT min(e.at) FROM care.incident_events e WHERE e.incident_id = i.id AND e.kind = ?) AS leader_notified_at,
       i.cosigned_at AS closed_at,
       (SELECT count(*) FROM care.aftercare_people p WHERE p.incident_id = i.id) AS aftercare_people,
       (SELECT count(*) FROM care.aftercare_followups f JOIN care.aftercare_people p ON p.id = f.person_id
         WHERE p.incident_id = i.id) AS followups_planned,
       (SELECT count(*) FROM care.aftercare_followups f JOIN care.aftercare_people p ON p.id = f.person_id
         WHERE p.incident_id = i.id AND f.done_on IS NOT NULL) AS followups_done
FROM care.incidents i ORDER BY i.id
"""


def _row(r: Row) -> IncidentStatusRow:
    return IncidentStatusRow(
        int(r["incident_id"]),
        str(r["status"]),
        str(r["opened_at"]),
        r["leader_notified_at"],
        r["closed_at"],
        int(r["aftercare_people"]),
        int(r["followups_planned"]),
        int(r["followups_done"]),
    )


def watch(conn: Connection) -> None:
    """Temp triggers (this connection only) that mark a change to an incident's tables."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS incident_status_dirty (n INTEGER NOT NULL)")
    if fetch_one(conn, "SELECT n FROM temp.incident_status_dirty") is None:
        conn.execute("INSERT INTO temp.incident_status_dirty (n) VALUES (0)")
    for table in _WATCHED:
        for event in ("INSERT", "UPDATE", "DELETE"):
            conn.execute(
                f"CREATE TEMP TRIGGER IF NOT EXISTS incident_status_{table}_{event.lower()}"
                f" AFTER {event} ON care.{table} BEGIN UPDATE temp.incident_status_dirty SET n = n + 1; END"
            )


def refresh_if_changed(conn: Connection) -> None:
    row = fetch_one(conn, "SELECT n FROM temp.incident_status_dirty")
    if row is None or int(row["n"]) == 0:
        return
    write(conn, recount(conn))
    conn.execute("UPDATE temp.incident_status_dirty SET n = 0")


def recount(conn: Connection) -> list[IncidentStatusRow]:
    """Every incident's status and counts, freshly from the care store (needs it attached)."""
    return [_row(r) for r in fetch_all(conn, _RECOUNT, (LEADER_NOTIFIED,))]


def stored(conn: Connection) -> list[IncidentStatusRow]:
    """What the school store holds: all a principal's session can read of incidents."""
    return [_row(r) for r in fetch_all(conn, f"SELECT {_FIELDS} FROM main.incident_status ORDER BY incident_id")]


def write(conn: Connection, rows: list[IncidentStatusRow]) -> None:
    if stored(conn) == rows:
        return
    conn.execute("DELETE FROM main.incident_status")
    conn.executemany(
        f"INSERT INTO main.incident_status ({_FIELDS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                r.incident_id,
                r.status,
                r.opened_at,
                r.leader_notified_at,
                r.closed_at,
                r.aftercare_people,
                r.followups_planned,
                r.followups_done,
            )
            for r in rows
        ],
    )


def differences(conn: Connection) -> list[str]:
    """Incidents whose kept status differs from a fresh recount, in words (for check)."""
    fresh = {r.incident_id: r for r in recount(conn)}
    kept = {r.incident_id: r for r in stored(conn)}
    return [
        f"危机事件 {incident_id} 的处置状态：记录与重新统计不符"
        for incident_id in sorted(set(fresh) | set(kept))
        if fresh.get(incident_id) != kept.get(incident_id)
    ]
