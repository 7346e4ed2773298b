"""Errors that reach a user. Each carries a Chinese message and, where known, where it happened."""

from __future__ import annotations

from counselroom.domain.visible_text import visible


class CounselRoomError(Exception):
    """Base of every error a user may see; `message` is plain Chinese, shown as is."""

    def __init__(self, message: str, *, field: str | None = None, row: int | None = None):
        message = visible(message)  # a cell's invisible characters never reach the screen raw
        super().__init__(message)
        self.message = message
        self.field = visible(field) if field else field
        self.row = row

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"第 {self.row} 行")
        if self.field:
            where.append(f"“{self.field}”")
        return f"{'，'.join(where)}：{self.message}" if where else self.message


class ValidationError(CounselRoomError):
    """Input that breaks a rule; names the field (and row, for imports)."""


class NotFound(CounselRoomError):
    """A record the caller asked for does not exist (or is not visible to them)."""


class AccessDenied(CounselRoomError):
    """The acting user's role or assignment does not allow this."""


class WrongPassword(CounselRoomError):
    """The password (or recovery key) did not unwrap a key slot. The database was not touched."""


class LoginBackoff(CounselRoomError):
    """Too many recent failures for this account: wait before the next try."""

    def __init__(self, message: str, *, wait_seconds: int):
        super().__init__(message)
        self.wait_seconds = wait_seconds


class DatabaseDamaged(CounselRoomError):
    """The key was right but the file is not a healthy database: restore from a backup."""


class DeviceSecretMissing(CounselRoomError):
    """The account slot needs this PC's keyring secret, which is gone: use the recovery key."""


class SchemaTooNew(CounselRoomError):
    """The database was written by a newer CounselRoom."""


class SchemaUpgradeFailed(CounselRoomError):
    """A schema upgrade step failed and was rolled back; the copy taken before it is named."""


class SessionLocked(CounselRoomError):
    """The session is locked (idle or on request): every service call refuses until unlock."""


class AlreadyExists(CounselRoomError):
    """Creating something that is already there (a school, a user name)."""


class DiskFull(CounselRoomError):
    """The disk (or the database's page limit) is full; nothing was lost."""
