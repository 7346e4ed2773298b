"""Room facts: functional areas and their sizes, the four rules (在用, 上墙, 制定日期), and the
budget line per school year. School store; no student in sight."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_one


@dataclass(frozen=True)
class AreaFields:
    name: str
    size_m2: int
    room_id: int | None
    notes: str


@dataclass(frozen=True)
class AreaRow:
    id: int
    name: str
    size_m2: int
    room_id: int | None
    room_name: str  # '' when not a bookable room
    notes: str


@dataclass(frozen=True)
class RuleRow:
    rule: str
    in_force: bool
    adopted_on: date | None
    posted: bool


@dataclass(frozen=True)
class BudgetRow:
    year_name: str
    amount: int
    notes: str


_AREAS = (
    "SELECT a.id, a.name, a.size_m2, a.room_id, coalesce(r.name, '') AS room_name, a.notes"
    " FROM room_areas a LEFT JOIN rooms r ON r.id = a.room_id"
)


def _area(r: Row) -> AreaRow:
    room_id = None if r["room_id"] is None else int(r["room_id"])
    return AreaRow(int(r["id"]), str(r["name"]), int(r["size_m2"]), room_id, str(r["room_name"]), str(r["notes"]))


def all_areas(conn: Connection) -> list[AreaRow]:
    return [_area(r) for r in fetch_all(conn, f"{_AREAS} ORDER BY a.id")]


def area(conn: Connection, area_id: int) -> AreaRow | None:
    row = fetch_one(conn, f"{_AREAS} WHERE a.id = ?", (area_id,))
    return _area(row) if row else None


def area_id_named(conn: Connection, name: str) -> int | None:
    row = fetch_one(conn, "SELECT id FROM room_areas WHERE name = ?", (name,))
    return int(row["id"]) if row else None


def insert_area(conn: Connection, f: AreaFields) -> int:
    cur = conn.execute(
        "INSERT INTO room_areas (name, size_m2, room_id, notes) VALUES (?, ?, ?, ?)",
        (f.name, f.size_m2, f.room_id, f.notes),
    )
    return int(cur.lastrowid or 0)


def update_area(conn: Connection, area_id: int, f: AreaFields) -> None:
    conn.execute(
        "UPDATE room_areas SET name = ?, size_m2 = ?, room_id = ?, notes = ? WHERE id = ?",
        (f.name, f.size_m2, f.room_id, f.notes, area_id),
    )


def delete_area(conn: Connection, area_id: int) -> None:
    conn.execute("DELETE FROM room_areas WHERE id = ?", (area_id,))


def all_rules(conn: Connection) -> dict[str, RuleRow]:
    """The rules entered so far, by name (a rule never entered is not here)."""
    rows = fetch_all(conn, "SELECT rule, in_force, adopted_on, posted FROM room_rules")
    return {
        str(r["rule"]): RuleRow(
            str(r["rule"]),
            bool(r["in_force"]),
            date.fromisoformat(r["adopted_on"]) if r["adopted_on"] else None,
            bool(r["posted"]),
        )
        for r in rows
    }


def save_rule(conn: Connection, row: RuleRow) -> None:
    conn.execute(
        "INSERT INTO room_rules (rule, in_force, adopted_on, posted) VALUES (?, ?, ?, ?) ON CONFLICT (rule)"
        " DO UPDATE SET in_force = excluded.in_force, adopted_on = excluded.adopted_on, posted = excluded.posted",
        (row.rule, int(row.in_force), row.adopted_on.isoformat() if row.adopted_on else None, int(row.posted)),
    )


def all_budgets(conn: Connection) -> list[BudgetRow]:
    """Newest school year first."""
    rows = fetch_all(conn, "SELECT year_name, amount, notes FROM room_budget ORDER BY year_name DESC")
    return [BudgetRow(str(r["year_name"]), int(r["amount"]), str(r["notes"])) for r in rows]


def save_budget(conn: Connection, row: BudgetRow) -> None:
    conn.execute(
        "INSERT INTO room_budget (year_name, amount, notes) VALUES (?, ?, ?) ON CONFLICT (year_name)"
        " DO UPDATE SET amount = excluded.amount, notes = excluded.notes",
        (row.year_name, row.amount, row.notes),
    )


def delete_budget(conn: Connection, year_name: str) -> bool:
    cur = conn.execute("DELETE FROM room_budget WHERE year_name = ?", (year_name,))
    return cur.rowcount > 0
