"""Test data helpers write school and care rows in one go, as the demo generator does: through a
second connection that holds both keys (opened with the school's recovery key)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from counselroom.services.accounts.session import Session
from counselroom.services.accounts.sign_in import open_with_recovery_key
from counselroom.store.database import Database

# Filled by conftest's `school` fixture (and any test that creates a school of its own).
RECOVERY_KEYS: dict[Path, str] = {}


@contextmanager
def both_stores(session: Session) -> Iterator[Database]:
    """The session's own Database when it holds the care key, otherwise a twin that does."""
    if session.db.has_care:
        yield session.db
        return
    twin = session.db.open_twin()
    try:
        opened = open_with_recovery_key(session.db.path, RECOVERY_KEYS[session.db.path])
        assert opened.care is not None
        twin.attach_care_key(opened.care)
        yield twin
    finally:
        twin.close()
        session.db.reload_keyfile()
