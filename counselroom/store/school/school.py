"""The school row, academic years and terms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all, fetch_one


@dataclass(frozen=True)
class SchoolRow:
    name: str
    address: str
    policy_profile: str
    created_at: str


@dataclass(frozen=True)
class TermRow:
    id: int
    year_name: str
    number: int
    start_date: date
    end_date: date


def insert_school(conn: Connection, *, name: str, now: datetime, policy_profile: str = "") -> None:
    conn.execute(
        "INSERT INTO school (id, name, policy_profile, created_at) VALUES (1, ?, ?, ?)",
        (name, policy_profile, now.isoformat(timespec="seconds")),
    )


def get_school(conn: Connection) -> SchoolRow | None:
    r = fetch_one(conn, "SELECT name, address, policy_profile, created_at FROM school")
    return SchoolRow(r["name"], r["address"], r["policy_profile"], r["created_at"]) if r else None


def rename_school(conn: Connection, name: str) -> None:
    conn.execute("UPDATE school SET name = ? WHERE id = 1", (name,))


def set_policy_profile(conn: Connection, profile_id: str) -> None:
    conn.execute("UPDATE school SET policy_profile = ? WHERE id = 1", (profile_id,))


def insert_year(conn: Connection, name: str, start: date, end: date) -> int:
    cur = conn.execute(
        "INSERT INTO academic_years (name, start_date, end_date) VALUES (?, ?, ?)",
        (name, start.isoformat(), end.isoformat()),
    )
    return int(cur.lastrowid or 0)


def insert_term(conn: Connection, year_id: int, number: int, start: date, end: date) -> int:
    cur = conn.execute(
        "INSERT INTO terms (year_id, number, start_date, end_date) VALUES (?, ?, ?, ?)",
        (year_id, number, start.isoformat(), end.isoformat()),
    )
    return int(cur.lastrowid or 0)


def all_terms(conn: Connection) -> list[TermRow]:
    rows = fetch_all(
        conn,
        "SELECT t.id, y.name AS year_name, t.number, t.start_date, t.end_date FROM terms t"
        " JOIN academic_years y ON y.id = t.year_id ORDER BY t.start_date",
    )
    return [
        TermRow(
            int(r["id"]),
            r["year_name"],
            int(r["number"]),
            date.fromisoformat(r["start_date"]),
            date.fromisoformat(r["end_date"]),
        )
        for r in rows
    ]


def update_term(conn: Connection, term_id: int, start: date, end: date) -> None:
    conn.execute(
        "UPDATE terms SET start_date = ?, end_date = ? WHERE id = ?", (start.isoformat(), end.isoformat(), term_id)
    )
