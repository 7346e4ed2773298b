"""Numbered `.sql` migrations; each store's schema version lives in its `PRAGMA user_version`.

One sequence of numbers for both stores: `NNNN_name.sql` changes the school store,
`NNNN_name.care.sql` the care store, and each store records the last number applied to it. A
care migration names its schema on every object it creates (`CREATE TABLE care.cases …`,
`CREATE INDEX care.cases_student ON cases …`): the script runs on the school store's connection
with the care store attached. It runs only in a session holding the care key.

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

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+?)(\.care)?\.sql$")
SCHOOL, CARE = "main", "care"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str
    store: str = SCHOOL  # "main" (the school store) or "care"


def all_migrations() -> list[Migration]:
    """Sorted by number. Each number is used once; one may be missing while the branch that took
    it (numbers are handed out to work in parallel) is not merged yet."""
    folder = resources.files("counselroom.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            store = CARE if match[3] else SCHOOL
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8"), store))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions) or versions[:1] != [1]:
        raise RuntimeError("migrations must be numbered from 0001, each number once")
    return found


def latest_version() -> int:
    return all_migrations()[-1].version


def schema_version(conn: Connection, store: str = SCHOOL) -> int:
    row = fetch_one(conn, f"PRAGMA {store}.user_version")
    return int(row["user_version"]) if row else 0


def migrate(
    conn: Connection,
    *,
    target: int | None = None,
    before_upgrade: Callable[[int], None] | None = None,
    store: str = SCHOOL,
) -> int:
    """Bring `store`'s schema to `target` (default: latest). `before_upgrade(old_version)` runs
    once before an existing store is changed — the caller takes its encrypted copy there."""
    migrations = all_migrations()
    newest = migrations[-1].version
    target = newest if target is None else target
    current = schema_version(conn, store)
    if current > newest:
        raise SchemaTooNew(
            f"此数据库由更新版本的心理辅导室工作台创建（结构版本 {current}，本程序支持到 {newest}），"
            "请升级程序后再打开。"
        )
    pending = [m for m in migrations if m.store == store and current < m.version <= target]
    if pending and current > 0 and before_upgrade is not None:
        before_upgrade(current)
    for step in pending:
        _apply(conn, step)
    return schema_version(conn, store)


def _apply(conn: Connection, step: Migration) -> None:
    script = f"BEGIN IMMEDIATE;\n{step.sql}\nPRAGMA {step.store}.user_version = {step.version};\nCOMMIT;"
    try:
        conn.executescript(script)
    except Exception:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
