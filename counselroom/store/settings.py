"""Installation facts (`meta`) and school settings (`settings`): small key → text tables."""

from __future__ import annotations

from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_one


def get_meta(conn: Connection, key: str) -> str | None:
    row = fetch_one(conn, "SELECT value FROM meta WHERE key = ?", (key,))
    return str(row["value"]) if row else None


def set_meta(conn: Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


def get_setting(conn: Connection, key: str, default: str) -> str:
    row = fetch_one(conn, "SELECT value FROM settings WHERE key = ?", (key,))
    return str(row["value"]) if row else default


def set_setting(conn: Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))
