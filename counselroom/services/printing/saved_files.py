"""Writing a file out of the encrypted store (a saved PDF, an .ics calendar) together with its audit
row, as one step: the row carries the SHA-256 of exactly the bytes written.

How: the bytes go to a temporary file in the target's own folder (never a plaintext copy anywhere
else), flushed to disk; then, inside one database transaction, the audit row is appended and the
file renamed into place (os.replace, atomic); the row commits last. A failure at any point leaves
neither a file — not even half of one — nor a row."""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from counselroom.domain.audit import AuditAction
from counselroom.domain.errors import DiskFull
from counselroom.domain.roles import Actor
from counselroom.store import audit_log
from counselroom.store.connection import Connection
from counselroom.store.database import Database


@dataclass(frozen=True)
class SavedFile:
    path: Path  # absolute, as recorded in the audit row
    sha256: str  # of the bytes written, as recorded in the audit row


Audit = Callable[[Connection, SavedFile], None]  # appends the row about the file about to be placed


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def save_audited(db: Database, path: Path | str, data: bytes, audit: Audit) -> SavedFile:
    """Write `data` to `path` (replacing it) and audit it in one step; see the module's note."""
    saved = SavedFile(Path(os.path.abspath(path)), sha256_of(data))
    target = saved.path
    partial = _write_partial(target, data)
    placed = False
    try:
        with db.transaction() as conn:
            audit(conn, saved)
            os.replace(partial, target)
            placed = True
    except BaseException:
        if placed:
            target.unlink(missing_ok=True)  # the row did not commit: the file must not stay either
        raise
    finally:
        partial.unlink(missing_ok=True)
    return saved


def save_exported(
    db: Database,
    actor: Actor,
    path: Path | str,
    data: bytes,
    *,
    object_type: str,
    object_id: int | str,
    reason: str = "",
    about: str = "",
    now: datetime,
) -> SavedFile:
    """save_audited with the usual export row: what left (object), why, and `about` it (e.g. 日历(.ics)
    3 项) followed by the digest and the path, so a file found later can be traced to its row."""

    def audit(conn: Connection, saved: SavedFile) -> None:
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.EXPORTED,
            object_type=object_type,
            object_id=object_id,
            reason=reason,
            detail=f"{about}SHA-256 {saved.sha256} → {saved.path}",
        )

    return save_audited(db, path, data, audit)


def _write_partial(target: Path, data: bytes) -> Path:
    """The bytes under a temporary name beside the target, on disk before anything is audited. An
    error names the file the user chose, never the temporary one."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(target)) from exc
    partial = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            raise DiskFull("磁盘空间不足，文件未保存（没有留下不完整的文件）。请清理磁盘后重试。") from exc
        if isinstance(exc, OSError):
            raise OSError(exc.errno, exc.strerror, str(target)) from exc
        raise
    return partial
