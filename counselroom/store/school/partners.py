"""合作机构: hospitals and agencies the school refers to. School store (not about students)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_one


@dataclass(frozen=True)
class PartnerRow:
    id: int
    name: str
    kind: str
    designated: bool
    green_channel_name: str
    green_channel_phone: str
    address: str
    notes: str
    active: bool


@dataclass(frozen=True)
class PartnerFields:
    name: str
    kind: str
    designated: bool
    green_channel_name: str
    green_channel_phone: str
    address: str
    notes: str


_COLUMNS = "id, name, kind, designated, green_channel_name, green_channel_phone, address, notes, active"


def _partner(r: Row) -> PartnerRow:
    return PartnerRow(
        int(r["id"]),
        str(r["name"]),
        str(r["kind"]),
        bool(r["designated"]),
        str(r["green_channel_name"]),
        str(r["green_channel_phone"]),
        str(r["address"]),
        str(r["notes"]),
        bool(r["active"]),
    )


def all_partners(conn: Connection, *, include_inactive: bool = False) -> list[PartnerRow]:
    where = "" if include_inactive else " WHERE active = 1"
    rows = fetch_all(conn, f"SELECT {_COLUMNS} FROM partners{where} ORDER BY active DESC, designated DESC, kind, id")
    return [_partner(r) for r in rows]


def get(conn: Connection, partner_id: int) -> PartnerRow | None:
    row = fetch_one(conn, f"SELECT {_COLUMNS} FROM partners WHERE id = ?", (partner_id,))
    return _partner(row) if row else None


def by_name(conn: Connection, name: str) -> PartnerRow | None:
    row = fetch_one(conn, f"SELECT {_COLUMNS} FROM partners WHERE name = ?", (name,))
    return _partner(row) if row else None


def insert(conn: Connection, fields: PartnerFields, *, now: datetime) -> int:
    cur = conn.execute(
        "INSERT INTO partners (name, kind, designated, green_channel_name, green_channel_phone, address, notes,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (*_values(fields), now.isoformat(timespec="seconds")),
    )
    return int(cur.lastrowid or 0)


def update(conn: Connection, partner_id: int, fields: PartnerFields, *, now: datetime) -> None:
    conn.execute(
        "UPDATE partners SET name = ?, kind = ?, designated = ?, green_channel_name = ?, green_channel_phone = ?,"
        " address = ?, notes = ?, updated_at = ? WHERE id = ?",
        (*_values(fields), now.isoformat(timespec="seconds"), partner_id),
    )


def set_active(conn: Connection, partner_id: int, active: bool, *, now: datetime) -> None:
    conn.execute(
        "UPDATE partners SET active = ?, updated_at = ? WHERE id = ?",
        (int(active), now.isoformat(timespec="seconds"), partner_id),
    )


def _values(f: PartnerFields) -> tuple[object, ...]:
    return (f.name, f.kind, int(f.designated), f.green_channel_name, f.green_channel_phone, f.address, f.notes)
