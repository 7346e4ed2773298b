"""Creating and opening the school database: key, migrate (copy first), health check."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from counselroom.domain.errors import DatabaseDamaged, SchemaUpgradeFailed
from counselroom.store import migrations
from counselroom.store.connection import (
    Connection,
    DatabaseError,
    open_encrypted,
    raw_key_pragma,
    run_health_checks,
)


def create_database(path: Path, key: bytes) -> Connection:
    """A new encrypted database at the latest schema. Refuses to touch an existing file."""
    create_owner_only(path)
    try:
        conn = open_encrypted(path, key, create=True)
    except BaseException:
        path.unlink(missing_ok=True)  # still the empty file made above: leave nothing behind
        raise
    migrations.migrate(conn)
    return conn


def open_database(path: Path, key: bytes, *, now: datetime) -> Connection:
    """Open an existing database, upgrading it after an encrypted copy, and run quick_check."""
    conn = open_encrypted(path, key)
    try:
        problems = run_health_checks(conn, path, full=False)
        if not problems and migrations.schema_version(conn) == 0:
            problems = ["没有任何表结构"]  # never build a new schema into an existing file
        if problems:
            raise DatabaseDamaged(f"数据库文件已损坏：{path}（{problems[0]}）。请从备份恢复。")
        copies: list[Path] = []
        try:
            migrations.migrate(
                conn, before_upgrade=lambda old: copies.append(copy_before_upgrade(conn, path, key, old, now))
            )
        except DatabaseError as exc:
            kept = f"升级前的副本在：{copies[0]}。" if copies else ""
            raise SchemaUpgradeFailed(
                f"数据库结构升级失败：{path}（{exc}）。未完成的一步已撤销，数据未改动。{kept}请联系维护人员。"
            ) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def create_owner_only(path: Path) -> None:
    """An empty file only this account may read (like the key file), made before SQLite writes
    into it: SQLite gives its -wal and -shm files the database file's permissions. Refuses an
    existing file."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def copy_before_upgrade(conn: Connection, path: Path, key: bytes, old_version: int, now: datetime) -> Path:
    """An encrypted copy (same key) beside the database, taken before a schema upgrade."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.before-v{old_version + 1}-{stamp}.bak")
    export_encrypted_copy(conn, target, key, old_version)
    return target


def export_encrypted_copy(conn: Connection, target: Path, key: bytes, user_version: int) -> None:
    """sqlcipher_export into a new encrypted file; `user_version` must be set again on the copy."""
    create_owner_only(target)
    attach_key = raw_key_pragma(key).removeprefix("PRAGMA key = ")
    conn.execute(f"ATTACH DATABASE ? AS backup_copy KEY {attach_key}", (str(target),))
    try:
        conn.execute("SELECT sqlcipher_export('backup_copy')")
        conn.execute(f"PRAGMA backup_copy.user_version = {int(user_version)}")
    finally:
        conn.execute("DETACH DATABASE backup_copy")
