"""Unsaved text kept through an idle lock, inside the encrypted database (SECURITY.md 15)."""

from __future__ import annotations

from datetime import datetime

from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all


def save(conn: Connection, user_id: int, key: str, text: str, now: datetime) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO drafts (user_id, key, text, saved_at) VALUES (?, ?, ?, ?)",
        (user_id, key, text, now.isoformat(timespec="seconds")),
    )


def take_all(conn: Connection, user_id: int) -> dict[str, str]:
    """Return and remove the user's drafts: a draft is restored once."""
    rows = fetch_all(conn, "SELECT key, text FROM drafts WHERE user_id = ?", (user_id,))
    conn.execute("DELETE FROM drafts WHERE user_id = ?", (user_id,))
    return {str(r["key"]): str(r["text"]) for r in rows}
