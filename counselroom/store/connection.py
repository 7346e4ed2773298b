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
        _set_file_pragmas(conn, "main")
        conn.execute("PRAGMA temp_store = MEMORY")  # never FILE: temp tables stay off disk
        conn.execute("PRAGMA cache_size = -65536")  # 64 MB: a big import rarely spills (and locks readers out)
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        raise DatabaseDamaged(f"数据库文件已损坏或不是本程序的数据库：{path}（{exc}）。请从备份恢复。") from exc
    except Exception:
        conn.close()
        raise
    return conn


def _set_file_pragmas(conn: Connection, schema: str) -> None:
    """A rollback journal, not WAL: SQLite commits a transaction over attached files atomically
    (through a super-journal) only then, and a care change must land with its aggregates and
    its audit row in the other file or not at all. secure_delete zeroes freed pages, so a row
    deleted or moved to the care store leaves nothing behind in the school store's free pages."""
    conn.execute(f"PRAGMA {schema}.journal_mode = DELETE")
    conn.execute(f"PRAGMA {schema}.synchronous = FULL")
    conn.execute(f"PRAGMA {schema}.secure_delete = ON")


def attach_encrypted(conn: Connection, path: Path, key: bytes, schema: str, *, create: bool = False) -> None:
    """Attach a second SQLCipher file under its own key as `schema`; raise DatabaseDamaged when
    the key is right for the slot but the file does not open with it."""
    if not create and not path.exists():
        raise DatabaseDamaged(f"找不到关爱数据文件：{path}。请从备份恢复。")
    if not create and path.stat().st_size == 0:
        raise DatabaseDamaged(f"关爱数据文件是空的（0 字节），可能在写入时被截断：{path}。请从备份恢复。")
    key_literal = raw_key_pragma(key).removeprefix("PRAGMA key = ")
    try:
        conn.execute(f"ATTACH DATABASE ? AS {schema} KEY {key_literal}", (_uri(path, create=create),))
    except sqlcipher3.DatabaseError as exc:
        raise DatabaseDamaged(f"关爱数据文件无法打开：{path}（{exc}）。请从备份恢复。") from exc
    try:
        conn.execute(f"SELECT count(*) FROM {schema}.sqlite_master").fetchone()
        _set_file_pragmas(conn, schema)
    except sqlcipher3.DatabaseError as exc:
        conn.execute(f"DETACH DATABASE {schema}")
        raise DatabaseDamaged(f"关爱数据文件已损坏或与密钥不符：{path}（{exc}）。请从备份恢复。") from exc


def _require_sqlcipher4(conn: Connection) -> None:
    row = fetch_one(conn, "PRAGMA cipher_version")
    version = row["cipher_version"] if row else ""
    if not version.startswith("4."):
        raise RuntimeError(f"需要 SQLCipher 4，当前为：{version or '未加密的 SQLite'}")


def run_health_checks(conn: Connection, path: Path, *, full: bool, schema: str = "main") -> list[str]:
    """quick_check on every unlock; with full=True also cipher_integrity_check and
    integrity_check. Returns the problems found (empty when healthy)."""
    problems: list[str] = []
    try:
        pragmas = ["quick_check"] + (["cipher_integrity_check", "integrity_check"] if full else [])
        for pragma in pragmas:
            rows = [r[pragma] for r in fetch_all(conn, f"PRAGMA {schema}.{pragma}")]  # column named after it
            if pragma == "cipher_integrity_check" or rows != ["ok"]:
                problems += _summary(path, pragma, rows)
    except sqlcipher3.DatabaseError as exc:
        problems.append(f"{path}: {exc}")
    return problems


def _summary(path: Path, pragma: str, rows: list[str]) -> list[str]:
    """One short line per check: SQLite lists every damaged page (hundreds of English lines), which
    a teacher's message box cannot hold; the count and the first finding say enough."""
    lines = [line.strip() for row in rows for line in str(row).splitlines() if line.strip() and "***" not in line]
    if not lines:
        return []
    first = lines[0] if len(lines[0]) <= 80 else lines[0][:77] + "…"
    more = f"，共 {len(lines)} 处问题" if len(lines) > 1 else ""
    return [f"{path.name} {pragma}：{first}{more}"]


@dataclass(frozen=True)
class ForeignKeyProblem:
    table: str
    rowid: int | None  # None for a WITHOUT ROWID table
    parent: str


def foreign_key_problems(conn: Connection) -> list[ForeignKeyProblem]:
    """Rows whose foreign key points at nothing (`PRAGMA foreign_key_check`)."""
    return [ForeignKeyProblem(r["table"], r["rowid"], r["parent"]) for r in fetch_all(conn, "PRAGMA foreign_key_check")]


def cipher_version(conn: Connection) -> str:
    """The SQLCipher library's version (empty for plain SQLite)."""
    row = fetch_one(conn, "PRAGMA cipher_version")
    return str(row["cipher_version"]) if row else ""


def file_looks_plain(path: Path) -> bool:
    """True when the file starts with SQLite's plaintext header: an encrypted file never does."""
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_PLAIN_HEADER)) == SQLITE_PLAIN_HEADER
