"""What a backup is checked against: every table's row count and one SHA-256 over every row of
every table, taken inside the transaction that copies the store and again from the copy.

Rows are read in rowid order (primary-key order for a WITHOUT ROWID table) and hashed by value,
never by rowid: sqlcipher_export copies a table with INSERT … SELECT, which keeps the order of
the rows but may number an implicit rowid anew. Virtual tables (the full-text index) are hashed
through their shadow tables, which hold the data."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all, fetch_one


@dataclass(frozen=True)
class StoreDigest:
    tables: dict[str, int]  # rows per table
    content_hash: str
    user_version: int

    def to_json(self) -> dict[str, object]:
        return {
            "tables": dict(sorted(self.tables.items())),
            "content_hash": self.content_hash,
            "user_version": self.user_version,
        }

    @staticmethod
    def from_json(data: dict[str, object]) -> StoreDigest:
        tables = data["tables"]
        if not isinstance(tables, dict):
            raise ValueError("tables")
        return StoreDigest(
            {str(k): int(v) for k, v in tables.items()}, str(data["content_hash"]), int(str(data["user_version"]))
        )


def digest_store(conn: Connection, schema: str = "main") -> StoreDigest:
    whole = hashlib.sha256()
    counts: dict[str, int] = {}
    for table, order in _tables(conn, schema):
        whole.update(f"\x00table {table}\x00".encode())
        count = 0
        for row in conn.execute(f'SELECT * FROM {schema}."{table}" ORDER BY {order}'):
            whole.update(_canonical(tuple(row)))
            count += 1
        counts[table] = count
    row = fetch_one(conn, f"PRAGMA {schema}.user_version")
    version = int(row["user_version"]) if row else 0
    return StoreDigest(counts, whole.hexdigest(), version)


def _tables(conn: Connection, schema: str) -> list[tuple[str, str]]:
    """Tables that hold rows (rootpage > 0: not the virtual tables), with the order to read them in."""
    rows = fetch_all(
        conn,
        f"SELECT name, sql FROM {schema}.sqlite_master WHERE type = 'table' AND rootpage > 0 "
        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )
    found = []
    for r in rows:
        name, sql = str(r["name"]), str(r["sql"] or "")
        if "WITHOUT ROWID" in sql.upper():
            keys = [c for c in fetch_all(conn, f'PRAGMA {schema}.table_info("{name}")') if int(c["pk"]) > 0]
            order = ", ".join(f'"{c["name"]}"' for c in sorted(keys, key=lambda c: int(c["pk"])))
        else:
            order = "rowid"
        found.append((name, order))
    return found


def _canonical(values: tuple[object, ...]) -> bytes:
    """A row as bytes that tell 1 from '1' and NULL from '' (json with each value's type)."""
    typed = [[type(v).__name__, v.hex() if isinstance(v, bytes | memoryview) else v] for v in values]
    return json.dumps(typed, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
