"""Creating and opening the stores: key, migrate (copy first), attach the care store, health check."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from counselroom.domain.errors import DatabaseDamaged, SchemaUpgradeFailed
from counselroom.store import care_counts, care_store, migrations
from counselroom.store.connection import (
    Connection,
    DatabaseError,
    attach_encrypted,
    open_encrypted,
    raw_key_pragma,
    run_health_checks,
)
from counselroom.store.crisis import incident_status
from counselroom.store.settings import get_meta


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


def create_stores(path: Path, school_key: bytes, care_key: bytes, *, db_id: str) -> Connection:
    """Both stores of a new school: the full schema is built in the school store, then the care
    tables move to the new care store (the same path an upgraded database takes). Returns the
    school store's connection with the care store detached: the admin who creates the school
    does not keep the care key."""
    conn = create_database(path, school_key)
    try:
        care_path = care_store.care_store_path(path)
        create_owner_only(care_path)
        attach_encrypted(conn, care_path, care_key, care_store.CARE, create=True)
        care_store.move_care_tables(conn, db_id=db_id, user_version=migrations.care_baseline())
        migrations.migrate(conn, store=care_store.CARE)  # a new care store: nothing to copy first
        conn.execute(f"DETACH DATABASE {care_store.CARE}")
    except BaseException:
        conn.close()
        raise
    return conn


def open_stores(
    path: Path, school_key: bytes, *, care_key: bytes | None, now: datetime | None = None, check: bool = True
) -> Connection:
    """The school store, with the care store attached when the care key is given. `now` is for
    the copy a schema upgrade takes first; a worker's second connection passes check=False."""
    conn = open_database(path, school_key, now=now) if check else open_encrypted(path, school_key)
    if care_key is None:
        return conn
    try:
        attach_care(conn, path, care_key, db_id=None, check=check)
    except BaseException:
        conn.close()
        raise
    return conn


def attach_care(conn: Connection, path: Path, care_key: bytes, *, db_id: str | None, check: bool = True) -> None:
    """Attach the care store and watch the counted tables; finish a move that a crash cut short."""
    care_path = care_store.care_store_path(path)
    attach_encrypted(conn, care_path, care_key, care_store.CARE, create=not care_path.exists())
    if check:
        problems = run_health_checks(conn, care_path, full=False, schema=care_store.CARE)
        if problems:
            raise DatabaseDamaged(f"关爱数据文件已损坏：{care_path}（{problems[0]}）。请从备份恢复。")
    if care_store.care_tables_in_school_store(conn):
        stored_id = db_id or _school_db_id(conn)
        care_store.move_care_tables(conn, db_id=stored_id, user_version=migrations.care_baseline())
    if care_store.care_db_id(conn) != (db_id or _school_db_id(conn)):
        raise DatabaseDamaged(f"关爱数据文件与学校数据文件不匹配：{care_path}")
    migrate_care_store(conn, path, care_key)
    care_counts.watch(conn)
    incident_status.watch(conn)


def migrate_care_store(conn: Connection, path: Path, care_key: bytes) -> None:
    """The care store's own migrations, after an encrypted copy of it (under the care key)."""
    copies: list[Path] = []
    stamp = datetime.now()

    def copy_first(old: int) -> None:
        target = care_store.care_store_path(path)
        target = target.with_name(f"{target.name}.before-v{old + 1}-{stamp.strftime('%Y%m%d-%H%M%S')}.bak")
        export_encrypted_copy(conn, target, care_key, old, source=care_store.CARE)
        copies.append(target)

    try:
        migrations.migrate(conn, store=care_store.CARE, before_upgrade=copy_first)
    except DatabaseError as exc:
        kept = f"升级前的副本在：{copies[0]}。" if copies else ""
        raise SchemaUpgradeFailed(
            f"关爱数据文件结构升级失败（{exc}）。未完成的一步已撤销，数据未改动。{kept}请联系维护人员。"
        ) from exc


def _school_db_id(conn: Connection) -> str:
    return get_meta(conn, "db_id") or ""


def open_database(path: Path, key: bytes, *, now: datetime | None) -> Connection:
    """Open an existing database, upgrading it after an encrypted copy, and run quick_check."""
    conn = open_encrypted(path, key)
    try:
        problems = run_health_checks(conn, path, full=False)
        if not problems and migrations.schema_version(conn) == 0:
            problems = ["没有任何表结构"]  # never build a new schema into an existing file
        if problems:
            # SQLite's own findings are English page numbers: `counselroom check` lists them, not the login.
            raise DatabaseDamaged(f"数据库文件已损坏：{path}（完整性检查未通过）。请从备份恢复。")
        copies: list[Path] = []
        stamp = now or datetime.now()
        try:
            migrations.migrate(
                conn, before_upgrade=lambda old: copies.append(copy_before_upgrade(conn, path, key, old, stamp))
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


def export_encrypted_copy(
    conn: Connection, target: Path, key: bytes, user_version: int, *, source: str = "main"
) -> None:
    """sqlcipher_export of one store (`source`) into a new encrypted file; `user_version` must be
    set again on the copy."""
    create_owner_only(target)
    attach_key = raw_key_pragma(key).removeprefix("PRAGMA key = ")
    conn.execute(f"ATTACH DATABASE ? AS backup_copy KEY {attach_key}", (str(target),))
    try:
        conn.execute("SELECT sqlcipher_export('backup_copy', ?)", (source,))
        conn.execute(f"PRAGMA backup_copy.user_version = {int(user_version)}")
    finally:
        conn.execute("DETACH DATABASE backup_copy")


def rekey_copy(path: Path, old_key: bytes, new_key: bytes) -> bool:
    """Re-encrypt a copy under another key (`PRAGMA rekey`); False when `old_key` does not open it
    (not ours, or already under another key), which leaves it as it was."""
    try:
        conn = open_encrypted(path, old_key)
    except DatabaseDamaged:
        return False
    try:
        conn.execute(raw_key_pragma(new_key).replace("PRAGMA key", "PRAGMA rekey", 1))
    finally:
        conn.close()
    return True
