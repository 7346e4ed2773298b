"""Copying the stores into a backup folder (SECURITY.md 23): never a file copy of a live database.

A store whose key the session holds is copied with `sqlcipher_export` under that same key; both
exports and the digests they are checked against run in one read transaction on the session's
connection, so the school store's copy (with the principal's counts and the audit log) and the
care store's copy are of the same moment.

A session without the care key (an admin, a principal) cannot export the care store. It copies
the care file's ciphertext instead, and only while the file is at rest: the data folder's lock is
held by this program, the store is not attached here, no hot journal lies beside it, and the file's
SHA-256 is the same before the copy, after it, and of the copy. A file whose every byte stayed the
same through the copy, with no journal to roll back, is a committed state of the database; a writer
that slipped in is seen and the copy is taken again. The care copy is then checked fully by the
next care-key holder's backup or at restore, when the recovery key opens it."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from counselroom.domain.errors import CounselRoomError
from counselroom.store import audit_log
from counselroom.store.backup.store_digest import StoreDigest, digest_store
from counselroom.store.connection import Connection, raw_key_pragma
from counselroom.store.opening import create_owner_only

CHUNK = 1 << 20
COPY_ATTEMPTS = 3
PAGE_SIZE = 4096  # SQLCipher 4's default: a whole file is a whole number of pages
PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"


class CareStoreBusy(CounselRoomError):
    """The care file is being written (or a write was cut short): no consistent copy now."""


@dataclass(frozen=True)
class ExportedStores:
    school: StoreDigest
    care: StoreDigest | None  # None when the care store was copied as ciphertext
    audit_seq: int
    audit_hash: str


def export_stores(
    conn: Connection, school_target: Path, school_key: bytes, care_target: Path | None, care_key: bytes | None
) -> ExportedStores:
    """sqlcipher_export of the school store (and of the attached care store when its key is given)
    into new files, with their digests and the audit head, all of one moment."""
    targets = [("backup_school", school_target, school_key)]
    if care_target is not None and care_key is not None:
        targets.append(("backup_care", care_target, care_key))
    for schema, target, key in targets:
        create_owner_only(target)
        conn.execute(
            f"ATTACH DATABASE ? AS {schema} KEY {raw_key_pragma(key).removeprefix('PRAGMA key = ')}", (str(target),)
        )
    try:
        conn.execute("BEGIN")
        try:
            school = digest_store(conn, "main")
            care = digest_store(conn, "care") if len(targets) == 2 else None
            seq, digest = audit_log.last_link(conn)
            conn.execute("SELECT sqlcipher_export('backup_school', 'main')")
            conn.execute(f"PRAGMA backup_school.user_version = {school.user_version}")
            if care is not None:
                conn.execute("SELECT sqlcipher_export('backup_care', 'care')")
                conn.execute(f"PRAGMA backup_care.user_version = {care.user_version}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        for schema, _target, _key in targets:
            conn.execute(f"DETACH DATABASE {schema}")
    return ExportedStores(school, care, seq, digest)


def copy_at_rest(source: Path, target: Path) -> str:
    """The care file's ciphertext, copied only as a committed state (see the module's note);
    returns the SHA-256 of the copy. CareStoreBusy when it would not hold still."""
    journal = source.with_name(source.name + "-journal")
    for _attempt in range(COPY_ATTEMPTS):
        if _hot(journal):
            raise CareStoreBusy(
                f"心理档案文件有一次未完成的写入（{journal.name}）：请心理教师或负责人登录一次后再备份。"
            )
        before = file_sha256(source)
        copied = _copy_bytes(source, target)
        if copied == before == file_sha256(source) and not _hot(journal):
            return copied
        target.unlink(missing_ok=True)
    raise CareStoreBusy("心理档案文件在复制时一直在被写入：请稍后再备份。")


def looks_encrypted(path: Path) -> bool:
    """A SQLCipher file: whole pages, and no plaintext SQLite header (its first bytes are a salt)."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(len(PLAIN_SQLITE_HEADER))
    return size > 0 and size % PAGE_SIZE == 0 and head != PLAIN_SQLITE_HEADER


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _hot(journal: Path) -> bool:
    try:
        return journal.stat().st_size > 0
    except FileNotFoundError:
        return False


def _copy_bytes(source: Path, target: Path) -> str:
    digest = hashlib.sha256()
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as out, source.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest()
