"""Accounts table. Passwords are never here: they live only as key slots in the key file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counselroom.domain.roles import Role, UserId
from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_one


@dataclass(frozen=True)
class UserRow:
    id: UserId
    username: str
    display_name: str
    role: Role
    active: bool
    must_change_password: bool
    created_at: str


_SELECT = "SELECT id, username, display_name, role, active, must_change_password, created_at FROM users"


def _row(r: Row) -> UserRow:
    return UserRow(
        UserId(int(r["id"])),
        str(r["username"]),
        str(r["display_name"]),
        Role(str(r["role"])),
        bool(r["active"]),
        bool(r["must_change_password"]),
        str(r["created_at"]),
    )


def insert(
    conn: Connection, *, username: str, display_name: str, role: Role, now: datetime, must_change_password: bool = False
) -> UserId:
    cur = conn.execute(
        "INSERT INTO users (username, display_name, role, must_change_password, created_at) VALUES (?, ?, ?, ?, ?)",
        (username, display_name, role.value, int(must_change_password), now.isoformat(timespec="seconds")),
    )
    return UserId(int(cur.lastrowid or 0))


def by_username(conn: Connection, username: str) -> UserRow | None:
    r = fetch_one(conn, f"{_SELECT} WHERE username = ?", (username,))
    return _row(r) if r else None


def by_id(conn: Connection, user_id: int) -> UserRow | None:
    r = fetch_one(conn, f"{_SELECT} WHERE id = ?", (user_id,))
    return _row(r) if r else None


def all_users(conn: Connection) -> list[UserRow]:
    return [_row(r) for r in fetch_all(conn, f"{_SELECT} ORDER BY active DESC, role, username")]


def set_active(conn: Connection, user_id: int, active: bool) -> None:
    conn.execute("UPDATE users SET active = ? WHERE id = ?", (int(active), user_id))


def set_must_change_password(conn: Connection, user_id: int, value: bool) -> None:
    conn.execute("UPDATE users SET must_change_password = ? WHERE id = ?", (int(value), user_id))


def count_active_admins(conn: Connection) -> int:
    row = fetch_one(conn, "SELECT count(*) AS n FROM users WHERE role = 'admin' AND active = 1")
    return int(row["n"]) if row else 0
