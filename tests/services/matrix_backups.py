"""Role-matrix rows for backups (issue #14): an admin or the lead backs up on demand and sets the
folder; anyone signed in sees the status (the status bar shows it) and runs the scheduled backup
to the folder set (tested in test_backups.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.backup import backups
from tests.conftest import FIXED_NOW

BACKING_UP = frozenset({Role.ADMIN, Role.LEAD})


def _make(s: Session, _all: dict[Role, Session], _k: Any) -> object:
    return backups.make_backup(s.db, s.actor, Path(tempfile.mkdtemp()), now=FIXED_NOW)


def _status(s: Session, _all: dict[Role, Session], _k: Any) -> object:
    return backups.backup_status(s.db, s.actor, now=FIXED_NOW)


def _list(s: Session, _all: dict[Role, Session], _k: Any) -> object:
    return backups.list_backups(s.db, s.actor, now=FIXED_NOW)


def _settings(s: Session, _all: dict[Role, Session], _k: Any) -> object:
    return backups.set_backup_settings(s.db, s.actor, folder=tempfile.mkdtemp(), automatic=True, now=FIXED_NOW)


BACKUP_MATRIX: dict[str, tuple[frozenset[Role], Any]] = {
    "backups.make_backup": (BACKING_UP, _make),
    "backups.backup_status": (frozenset(Role), _status),
    "backups.set_backup_settings": (BACKING_UP, _settings),
    "backups.list_backups": (BACKING_UP, _list),
}
