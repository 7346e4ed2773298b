"""Unsaved text kept through an idle lock, inside an encrypted store (SECURITY.md 15).

A session holding the care key keeps drafts in the care store (they may be note text); a
principal's or admin's session keeps them in the school store. Both tables are named `drafts`,
so every statement names its schema.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all

Schema = Literal["main", "care"]


def save(conn: Connection, schema: Schema, user_id: int, key: str, text: str, now: datetime) -> None:
    conn.execute(
        f"INSERT OR REPLACE INTO {schema}.drafts (user_id, key, text, saved_at) VALUES (?, ?, ?, ?)",
        (user_id, key, text, now.isoformat(timespec="seconds")),
    )


def take_all(conn: Connection, schema: Schema, user_id: int) -> dict[str, str]:
    """Return and remove the user's drafts: a draft is restored once."""
    rows = fetch_all(conn, f"SELECT key, text FROM {schema}.drafts WHERE user_id = ?", (user_id,))
    conn.execute(f"DELETE FROM {schema}.drafts WHERE user_id = ?", (user_id,))
    return {str(r["key"]): str(r["text"]) for r in rows}
