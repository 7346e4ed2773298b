"""教职工: the active staff list, and the staff rows linked to an account."""

from __future__ import annotations

from dataclasses import dataclass

from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all, fetch_one


@dataclass(frozen=True)
class StaffRow:
    id: int
    name: str
    gender: str
    position: str
    subject: str
    qualifications: str


def active_staff(conn: Connection) -> list[StaffRow]:
    """Active staff ordered by position, then name."""
    rows = fetch_all(
        conn,
        "SELECT id, name, gender, position, subject, qualifications FROM staff WHERE active = 1"
        " ORDER BY position, name",
    )
    return [StaffRow(r["id"], r["name"], r["gender"], r["position"], r["subject"], r["qualifications"]) for r in rows]


def active_name(conn: Connection, staff_id: int) -> str | None:
    """The name of an active staff member; None when unknown or no longer active."""
    row = fetch_one(conn, "SELECT name FROM staff WHERE id = ? AND active = 1", (staff_id,))
    return str(row["name"]) if row else None


def ids_of_user(conn: Connection, user_id: int) -> set[int]:
    """The active staff rows linked to an account (a counselor is also on the duty rota as staff)."""
    rows = fetch_all(conn, "SELECT id FROM staff WHERE user_id = ? AND active = 1", (user_id,))
    return {int(r["id"]) for r in rows}


def name_of(conn: Connection, staff_id: int) -> str | None:
    """The name of a staff member, active or not; None when unknown."""
    row = fetch_one(conn, "SELECT name FROM staff WHERE id = ?", (staff_id,))
    return str(row["name"]) if row else None


def position_of(conn: Connection, staff_id: int) -> str:
    row = fetch_one(conn, "SELECT position FROM staff WHERE id = ?", (staff_id,))
    return str(row["position"]) if row else ""
