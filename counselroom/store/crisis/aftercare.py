"""事后安抚疏导: the people an incident may have affected (students and staff), each with their
counselor, and their follow-ups with due dates. Care store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counselroom.store.connection import Connection
from counselroom.store.crisis.incidents import stamp
from counselroom.store.named_rows import fetch_all, fetch_one


@dataclass(frozen=True)
class PersonRow:
    id: int
    incident_id: int
    student_id: int | None
    staff_id: int | None
    reason: str
    counselor_id: int


@dataclass(frozen=True)
class FollowupRow:
    id: int
    person_id: int
    due_on: str
    done_on: str | None
    outcome: str
    done_by: int | None


@dataclass(frozen=True)
class DueFollowup:
    """An open follow-up with what the 今日 board needs to name it."""

    followup_id: int
    incident_id: int
    due_on: str
    student_id: int | None
    staff_id: int | None


def add_person(
    conn: Connection,
    incident_id: int,
    *,
    student_id: int | None,
    staff_id: int | None,
    reason: str,
    counselor_id: int,
    by: int,
    now: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO aftercare_people (incident_id, student_id, staff_id, reason, counselor_id, added_by, added_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (incident_id, student_id, staff_id, reason, counselor_id, by, stamp(now)),
    )
    return int(cur.lastrowid or 0)


def find_person(conn: Connection, incident_id: int, *, student_id: int | None, staff_id: int | None) -> int | None:
    row = fetch_one(
        conn,
        "SELECT id FROM aftercare_people WHERE incident_id = ? AND student_id IS ? AND staff_id IS ?",
        (incident_id, student_id, staff_id),
    )
    return int(row["id"]) if row else None


def people(conn: Connection, incident_id: int) -> list[PersonRow]:
    rows = fetch_all(
        conn,
        "SELECT id, incident_id, student_id, staff_id, reason, counselor_id FROM aftercare_people"
        " WHERE incident_id = ? ORDER BY id",
        (incident_id,),
    )
    return [
        PersonRow(
            int(r["id"]),
            int(r["incident_id"]),
            None if r["student_id"] is None else int(r["student_id"]),
            None if r["staff_id"] is None else int(r["staff_id"]),
            str(r["reason"]),
            int(r["counselor_id"]),
        )
        for r in rows
    ]


def get_person(conn: Connection, person_id: int) -> PersonRow | None:
    row = fetch_one(
        conn,
        "SELECT id, incident_id, student_id, staff_id, reason, counselor_id FROM aftercare_people WHERE id = ?",
        (person_id,),
    )
    if row is None:
        return None
    return PersonRow(
        int(row["id"]),
        int(row["incident_id"]),
        None if row["student_id"] is None else int(row["student_id"]),
        None if row["staff_id"] is None else int(row["staff_id"]),
        str(row["reason"]),
        int(row["counselor_id"]),
    )


def plan_followup(conn: Connection, person_id: int, *, due_on: date, by: int, now: datetime) -> int:
    cur = conn.execute(
        "INSERT INTO aftercare_followups (person_id, due_on, planned_by, planned_at) VALUES (?, ?, ?, ?)",
        (person_id, due_on.isoformat(), by, stamp(now)),
    )
    return int(cur.lastrowid or 0)


def followups(conn: Connection, incident_id: int) -> list[FollowupRow]:
    rows = fetch_all(
        conn,
        "SELECT f.id, f.person_id, f.due_on, f.done_on, f.outcome, f.done_by FROM aftercare_followups f"
        " JOIN aftercare_people p ON p.id = f.person_id WHERE p.incident_id = ? ORDER BY f.due_on, f.id",
        (incident_id,),
    )
    return [
        FollowupRow(
            int(r["id"]),
            int(r["person_id"]),
            str(r["due_on"]),
            r["done_on"],
            str(r["outcome"]),
            None if r["done_by"] is None else int(r["done_by"]),
        )
        for r in rows
    ]


def followup_incident(conn: Connection, followup_id: int) -> tuple[int, bool] | None:
    """(incident id, done already) of one follow-up."""
    row = fetch_one(
        conn,
        "SELECT p.incident_id, f.done_on FROM aftercare_followups f JOIN aftercare_people p ON p.id = f.person_id"
        " WHERE f.id = ?",
        (followup_id,),
    )
    return (int(row["incident_id"]), row["done_on"] is not None) if row else None


def mark_done(conn: Connection, followup_id: int, *, on: date, outcome: str, by: int) -> None:
    conn.execute(
        "UPDATE aftercare_followups SET done_on = ?, outcome = ?, done_by = ? WHERE id = ?",
        (on.isoformat(), outcome, by, followup_id),
    )


def open_count(conn: Connection, incident_id: int) -> int:
    row = fetch_one(
        conn,
        "SELECT count(*) AS n FROM aftercare_followups f JOIN aftercare_people p ON p.id = f.person_id"
        " WHERE p.incident_id = ? AND f.done_on IS NULL",
        (incident_id,),
    )
    return int(row["n"]) if row else 0


def due_for_counselor(conn: Connection, counselor_id: int, until: date) -> list[DueFollowup]:
    """Open follow-ups due on or before `until` of the people this counselor looks after."""
    rows = fetch_all(
        conn,
        "SELECT f.id, p.incident_id, f.due_on, p.student_id, p.staff_id FROM aftercare_followups f"
        " JOIN aftercare_people p ON p.id = f.person_id"
        " WHERE p.counselor_id = ? AND f.done_on IS NULL AND f.due_on <= ? ORDER BY f.due_on, f.id",
        (counselor_id, until.isoformat()),
    )
    return [
        DueFollowup(
            int(r["id"]),
            int(r["incident_id"]),
            str(r["due_on"]),
            None if r["student_id"] is None else int(r["student_id"]),
            None if r["staff_id"] is None else int(r["staff_id"]),
        )
        for r in rows
    ]
