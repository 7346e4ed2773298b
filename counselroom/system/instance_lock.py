"""One writer per data folder (SECURITY.md 21): the GUI, and every command that changes data.

The lock is the operating system's lock on `<db>.lock` — `flock` on POSIX, a byte-range lock on
Windows — which the system drops when its holder exits, however it exits: a crashed run never
leaves the folder locked, whatever its file still says. The file holds only the holder's process
id, program and computer, for a person to read, and is owner-only (0600). Releasing removes it.

Earlier versions' GUI used Qt's QLockFile on the same file, which takes the same `flock` (and on
Windows keeps the file open without sharing writes), so the two refuse each other both ways.
"""

from __future__ import annotations

import contextlib
import os
import platform
import sys
from pathlib import Path
from types import TracebackType

from counselroom.domain.errors import CounselRoomError

IN_USE = "心理辅导室工作台正在使用此数据文件夹（另一个窗口或命令正在运行）"
_ATTEMPTS = 5  # a holder releasing between our open and our lock makes us try once more
_SHARING_VIOLATION = 32  # Windows: the file is held open by a program that shares no writes


class DataFolderInUse(CounselRoomError):
    """Another window or a command that changes data holds the data folder's lock."""


class InstanceLock:
    """A held lock; `unlock()` (or leaving a `with` block) releases it and removes the file."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def unlock(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            _release(self.path, fd)

    def __del__(self) -> None:
        """Dropped unreleased (a caller returning early) it releases, as Qt's QLockFile did."""
        with contextlib.suppress(Exception):
            self.unlock()

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.unlock()


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def try_lock(db_path: Path) -> InstanceLock | None:
    """The lock of the school at `db_path` (one per database file; the messages say "data
    folder"), or None while another process, or another lock in this one, holds it. A new
    school's folder is made here, as creating the school would."""
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(_ATTEMPTS):
        fd = _open(path)
        if fd is None:
            return None
        if not _lock(fd):
            os.close(fd)
            return None
        if _still_named(path, fd):
            held = InstanceLock(path, fd)
            try:
                _write_owner(fd)
            except BaseException:
                held.unlock()
                raise
            return held
        os.close(fd)  # locked a file its holder had just removed: take the one now there
    return None


def hold(db_path: Path, *, advice: str) -> InstanceLock:
    """`try_lock`, or DataFolderInUse saying who to close and `advice` (what then)."""
    held = try_lock(db_path)
    if held is None:
        raise DataFolderInUse(f"{IN_USE}，{advice}数据文件：{db_path}")
    return held


def _owner() -> bytes:
    return f"{os.getpid()}\ncounselroom\n{platform.node()}\n".encode()


def _write_owner(fd: int) -> None:
    """Written after locking, then cut to length (never through byte 0, locked on Windows)."""
    content = _owner()
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, content)
    os.ftruncate(fd, len(content))


if sys.platform == "win32":
    import msvcrt

    def _open(path: Path) -> int | None:
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT | os.O_BINARY, 0o600)
        except PermissionError as exc:
            if getattr(exc, "winerror", None) == _SHARING_VIOLATION:
                return None  # an earlier version's QLockFile holds it open
            raise

    def _lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _still_named(path: Path, fd: int) -> bool:
        return True  # Windows does not remove a file another process holds open

    def _release(path: Path, fd: int) -> None:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        finally:
            os.close(fd)
        with contextlib.suppress(FileNotFoundError, PermissionError):
            path.unlink()  # refused while another process has it open: it is taking the lock now

else:
    import errno
    import fcntl

    def _open(path: Path) -> int | None:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        os.fchmod(fd, 0o600)  # a file left by QLockFile was readable by all
        return fd

    def _lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True

    def _still_named(path: Path, fd: int) -> bool:
        try:
            return os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
        except FileNotFoundError:
            return False

    def _release(path: Path, fd: int) -> None:
        """Removed while still locked, so nobody can lock this file after us and believe it theirs."""
        try:
            if _still_named(path, fd):
                path.unlink()
        finally:
            os.close(fd)
