"""Unsaved text survives an idle lock as an encrypted draft (SECURITY.md 15)."""

from __future__ import annotations

from datetime import datetime

from counselroom.domain.roles import Actor, Permission
from counselroom.services.guard import authorize
from counselroom.store import drafts
from counselroom.store.database import Database


def keep_drafts(db: Database, actor: Actor, texts: dict[str, str], *, now: datetime) -> None:
    """Store each non-empty text under its key for this user (before the lock closes the db)."""
    authorize(db, actor, Permission.SIGN_IN, now=now)
    with db.transaction() as conn:
        for key, text in texts.items():
            if text.strip():
                drafts.save(conn, _schema(db), actor.user_id, key, text, now)


def take_drafts(db: Database, actor: Actor, *, now: datetime) -> dict[str, str]:
    """The user's drafts after unlock, removed as they are handed back."""
    authorize(db, actor, Permission.SIGN_IN, now=now)
    with db.transaction() as conn:
        return drafts.take_all(conn, _schema(db), actor.user_id)


def _schema(db: Database) -> drafts.Schema:
    """Drafts of a care-key session may be note text: they go to the care store."""
    return "care" if db.has_care else "main"
