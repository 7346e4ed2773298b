"""Numbered `.sql` migrations; the schema version lives in `PRAGMA user_version`.

Each step and its version bump run in one transaction. `executescript` would commit a pending
transaction first, so the BEGIN/COMMIT are part of the script itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from counselroom.domain.errors import SchemaTooNew
from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_one

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def all_migrations() -> list[Migration]:
    folder = resources.files("counselroom.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError("migrations must be numbered 0001, 0002, … without gaps")
    return found


def latest_version() -> int:
    return all_migrations()[-1].version


def schema_version(conn: Connection) -> int:
    row = fetch_one(conn, "PRAGMA user_version")
    return int(row["user_version"]) if row else 0


def migrate(
    conn: Connection,
    *,
    target: int | None = None,
    before_upgrade: Callable[[int], None] | None = None,
) -> int:
    """Bring the schema to `target` (default: latest). `before_upgrade(old_version)` runs once
    before an existing database is changed — the caller takes its encrypted copy there."""
    migrations = all_migrations()
    newest = migrations[-1].version
    target = newest if target is None else target
    current = schema_version(conn)
    if current > newest:
        raise SchemaTooNew(
            f"此数据库由更新版本的心理辅导室工作台创建（结构版本 {current}，本程序支持到 {newest}），"
            "请升级程序后再打开。"
        )
    pending = [m for m in migrations if current < m.version <= target]
    if pending and current > 0 and before_upgrade is not None:
        before_upgrade(current)
    for step in pending:
        _apply(conn, step)
    return schema_version(conn)


def _apply(conn: Connection, step: Migration) -> None:
    script = f"BEGIN IMMEDIATE;\n{step.sql}\nPRAGMA user_version = {step.version};\nCOMMIT;"
    try:
        conn.executescript(script)
    except Exception:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
