"""The care store: the second SQLCipher file, under the care key (SECURITY.md 3a).

It is attached to the school store's connection as schema `care`, so queries keep naming
tables without a schema: SQLite finds a table in `main` first, then in `care`, and no table
name exists in both (except `drafts`, which store/drafts.py always qualifies).

Which table lives where is written once here and in docs/security-design.md. A new database
and an upgraded single-key one take the same path: the schema is built by the numbered
migrations in the school store, then `move_care_tables` moves these tables across in one
transaction (atomic over both files under the rollback journal) and the school store is
vacuumed so no freed page keeps a care row.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from pathlib import Path

from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all, fetch_one

CARE = "care"

# Parents before children: rows are copied in this order and dropped in reverse.
CARE_TABLES = (
    "student_background",  # 成长史、生活史、心理支持系统
    "status_change_reasons",  # why a student took leave (休学) or left
    "student_flags",  # family situation and 六困生
    "peer_reports",
    "care_plans",
    "screening_batches",
    "screening_results",
    "screening_mappings",
    "warnings",
    "warning_history",
    "warning_proposals",
    "proposal_rejections",
    "guardian_notices",
    "appointments",
    "appointment_students",
    "waitlist",
    "drafts",
)

# A foreign key from a care table to a school table cannot be kept: SQLite enforces foreign keys
# within one database file only. Students, users, staff, classes and rooms are never deleted.
_SCHOOL_REFERENCE = re.compile(
    r"\s+REFERENCES\s+(students|users|classes|staff|rooms|grades|terms|student_status_changes)\s*\([^)]*\)"
    r"(\s+ON\s+(DELETE|UPDATE)\s+(SET\s+NULL|SET\s+DEFAULT|CASCADE|RESTRICT|NO\s+ACTION))*",
    re.IGNORECASE,
)

_CARE_SCHEMA_EXTRA = """
CREATE TABLE IF NOT EXISTS care.care_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
-- The audit chain head as last seen by a holder of the care key, written in the same
-- transaction as the audit row: a school-key holder who rewrites the chain cannot move it.
CREATE TABLE IF NOT EXISTS care.audit_anchor (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL,
    mac  TEXT NOT NULL
);
"""


def care_store_path(db_path: Path) -> Path:
    """school.db → school.care.db, beside it."""
    return db_path.with_name(f"{db_path.stem}.care{db_path.suffix or '.db'}")


def tables_in(conn: Connection, schema: str) -> set[str]:
    rows = fetch_all(conn, f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'")
    return {str(r["name"]) for r in rows}


def care_tables_in_school_store(conn: Connection) -> list[str]:
    """Care tables still in the school store: all of them before the move, none after."""
    present = tables_in(conn, "main")
    return [t for t in CARE_TABLES if t in present and t != "drafts"]


def move_care_tables(conn: Connection, *, db_id: str, user_version: int) -> None:
    """Create each care table in `care` (without cross-file foreign keys), copy its rows and
    drop it from the school store — one transaction over both files. Then vacuum the school
    store. `drafts` stays in both: a principal's unsaved text needs somewhere too."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in _split(_CARE_SCHEMA_EXTRA):
            conn.execute(statement)
        existing = tables_in(conn, CARE)
        present = tables_in(conn, "main")
        for table in CARE_TABLES:
            if table not in present:
                continue
            if table not in existing:
                conn.execute(_care_create_sql(conn, table))
                for index_sql in _index_sqls(conn, table):
                    conn.execute(index_sql)
            conn.execute(f"INSERT INTO care.{table} SELECT * FROM main.{table}")
        for table in reversed(CARE_TABLES):
            if table in present and table != "drafts":
                conn.execute(f"DROP TABLE main.{table}")
        if "drafts" in present:
            conn.execute("DELETE FROM main.drafts")  # moved across: note text belongs in the care store
        conn.execute("INSERT OR REPLACE INTO care.care_meta (name, value) VALUES ('db_id', ?)", (db_id,))
        # The key of students' pseudonyms in de-identified exports (SECURITY.md 11) lives with the
        # care data: a school-key holder cannot link an export's pseudonyms back to names.
        conn.execute(
            "INSERT OR IGNORE INTO care.care_meta (name, value) VALUES ('pseudonym_secret', ?)", (os.urandom(32).hex(),)
        )
        conn.execute("DELETE FROM main.meta WHERE key = 'pseudonym_secret'")
        conn.execute(f"PRAGMA care.user_version = {int(user_version)}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("VACUUM main")


def care_db_id(conn: Connection, schema: str = CARE) -> str | None:
    """The school a care store belongs to (`schema` is "main" for a care file opened on its own)."""
    row = fetch_one(conn, f"SELECT value FROM {schema}.care_meta WHERE name = 'db_id'")
    return str(row["value"]) if row else None


def _split(script: str) -> list[str]:
    body = "\n".join(line for line in script.splitlines() if not line.strip().startswith("--"))
    return [s.strip() for s in body.split(";") if s.strip()]


def _care_create_sql(conn: Connection, table: str) -> str:
    row = fetch_one(conn, "SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = ?", (table,))
    assert row is not None
    sql = _SCHOOL_REFERENCE.sub("", str(row["sql"]))
    return re.sub(r"^CREATE TABLE\s+\"?(\w+)\"?", rf"CREATE TABLE {CARE}.\1", sql, count=1)


def _index_sqls(conn: Connection, table: str) -> list[str]:
    rows = fetch_all(
        conn,
        "SELECT sql FROM main.sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (table,),
    )
    return [re.sub(r"INDEX\s+(\w+)\s+ON", rf"INDEX {CARE}.\1 ON", str(r["sql"]), count=1) for r in rows]


# -- the audit anchor ------------------------------------------------------------------------


def anchor_mac(care_key: bytes, db_id: str, seq: int, digest: str) -> str:
    """HMAC under a key derived from the care key: only a care-key holder can write a valid one."""
    anchor_key = hmac.new(care_key, b"counselroom audit anchor v1", hashlib.sha256).digest()
    return hmac.new(anchor_key, f"{db_id}:{seq}:{digest}".encode(), hashlib.sha256).hexdigest()


def read_anchor(conn: Connection) -> tuple[int, str, str] | None:
    row = fetch_one(conn, "SELECT seq, hash, mac FROM care.audit_anchor WHERE id = 1")
    return (int(row["seq"]), str(row["hash"]), str(row["mac"])) if row else None


def write_anchor(conn: Connection, seq: int, digest: str, mac: str) -> None:
    conn.execute(
        "INSERT INTO care.audit_anchor (id, seq, hash, mac) VALUES (1, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, mac = excluded.mac",
        (seq, digest, mac),
    )
