"""Opening a SQLCipher 4 database with a raw 256-bit key (SECURITY.md 1–2, 6).

Order matters: the key is set first, then SQLCipher's version is checked, then the pragmas.
A missing file is never created here unless the caller asks for a new database, so no error
path can leave an empty, unencrypted file behind (the Signal Desktop lesson).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlcipher3

from counselroom.domain.errors import DatabaseDamaged
from counselroom.store.named_rows import fetch_all, fetch_one

KEY_BYTES = 32
SQLITE_PLAIN_HEADER = b"SQLite format 3\x00"

DatabaseError = sqlcipher3.DatabaseError
Connection = sqlcipher3.Connection


def raw_key_pragma(key: bytes) -> str:
    """`PRAGMA key` text for a raw key. Anything but 32 bytes is refused before SQLCipher
    sees it: a malformed raw key would silently be used as a passphrase instead."""
    if not isinstance(key, bytes | bytearray) or len(key) != KEY_BYTES:
        raise ValueError("database key must be exactly 32 bytes")
    return f"PRAGMA key = \"x'{bytes(key).hex()}'\""


def _uri(path: Path, *, create: bool) -> str:
    mode = "rwc" if create else "rw"
    return f"{path.resolve().as_uri()}?mode={mode}"


def open_encrypted(path: Path, key: bytes, *, create: bool = False) -> Connection:
    """Open (or with create=True, make) an encrypted database; raise DatabaseDamaged when the
    key is right but the file is not a readable SQLCipher 4 database."""
    if not create and not path.exists():
        raise DatabaseDamaged(f"找不到数据库文件：{path}")
    if not create and path.stat().st_size == 0:
        # SQLCipher would take an empty file as a new database and write into it.
        raise DatabaseDamaged(f"数据库文件是空的（0 字节），可能在写入时被截断：{path}。请从备份恢复。")
    conn = sqlcipher3.connect(_uri(path, create=create), uri=True, isolation_level=None, check_same_thread=False)
    try:
        conn.execute(raw_key_pragma(key))
        _require_sqlcipher4(conn)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA temp_store = MEMORY")  # never FILE: temp tables stay off disk
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        raise DatabaseDamaged(f"数据库文件已损坏或不是本程序的数据库：{path}（{exc}）。请从备份恢复。") from exc
    except Exception:
        conn.close()
        raise
    return conn


def _require_sqlcipher4(conn: Connection) -> None:
    row = fetch_one(conn, "PRAGMA cipher_version")
    version = row["cipher_version"] if row else ""
    if not version.startswith("4."):
        raise RuntimeError(f"需要 SQLCipher 4，当前为：{version or '未加密的 SQLite'}")


def run_health_checks(conn: Connection, path: Path, *, full: bool) -> list[str]:
    """quick_check on every unlock; with full=True also cipher_integrity_check and
    integrity_check. Returns the problems found (empty when healthy)."""
    problems: list[str] = []
    try:
        pragmas = ["quick_check"] + (["cipher_integrity_check", "integrity_check"] if full else [])
        for pragma in pragmas:
            rows = [r[pragma] for r in fetch_all(conn, f"PRAGMA {pragma}")]  # the column is named after it
            if pragma == "cipher_integrity_check" or rows != ["ok"]:
                problems += [f"{pragma}: {r}" for r in rows]
    except sqlcipher3.DatabaseError as exc:
        problems.append(f"{path}: {exc}")
    return problems


@dataclass(frozen=True)
class ForeignKeyProblem:
    table: str
    rowid: int | None  # None for a WITHOUT ROWID table
    parent: str


def foreign_key_problems(conn: Connection) -> list[ForeignKeyProblem]:
    """Rows whose foreign key points at nothing (`PRAGMA foreign_key_check`)."""
    return [ForeignKeyProblem(r["table"], r["rowid"], r["parent"]) for r in fetch_all(conn, "PRAGMA foreign_key_check")]
