"""What encryption costs, and what one audited click costs (issue #15 item 4), on a demo school.

- **Query mix on SQLCipher against the same library unkeyed.** The SELECTs a teacher's morning runs —
  student search as typed, three student files, the warning list and its counts, 今日, the week's
  appointments, my cases, a full-text search — are captured with a trace callback while the real
  services run as the lead. They are replayed on a fresh connection to the encrypted stores and on a
  fresh connection to a plaintext copy of both (made with sqlcipher_export, in a temp folder: demo data
  only), alternately, and the medians compared. Both sides are opened the same way, step for step (the
  store's open_encrypted and attach_encrypted; the copy with the same checks and pragmas, no key). Each
  pass opens its connection anew, so page decryption from the OS cache counts, as it does for a teacher
  after unlocking.
- **A click that writes an audit row**: `open_student_file` (read the file, append the audit row in its
  own transaction: fsync of the school store, the key file's audit head rewritten), against a bare
  one-row INSERT transaction with synchronous=FULL in an unkeyed file in the same folder — the fsync no
  program can avoid.

Run: `python -m benchmarks.query_mix DB` (the lead's password in COUNSELROOM_PASSWORD, default demo1234).
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import sqlcipher3

from benchmarks.budget_table import Budget, p50, p95, print_table
from counselroom.services.accounts import sign_in
from counselroom.services.accounts.session import KeyPolicy, Session
from counselroom.services.care import warning_list
from counselroom.services.cases import cases, search
from counselroom.services.registry import build_registry
from counselroom.services.scheduling import appointment_views
from counselroom.services.students import student_records
from counselroom.services.today import today_board
from counselroom.store.care_store import CARE, care_store_path
from counselroom.store.connection import attach_encrypted, open_encrypted
from counselroom.store.named_rows import fetch_all
from counselroom.system import clock

PASSES = 9
CLICKS = 60
TYPED = ("张", "张伟", "zh", "zw", "2025", "初二", "李", "王芳")


def _morning(session: Session, now: datetime) -> None:
    """The services whose SELECTs make the mix."""
    db, actor = session.db, session.actor
    for text in TYPED:
        found = student_records.search_students(db, actor, text, now=now)
    for item in found[:3] or student_records.search_students(db, actor, "", now=now)[:3]:
        student_records.open_student_file(db, actor, item.id, now=now)
    warning_list.list_warnings(db, actor, now=now)
    warning_list.warning_counts(db, actor, now=now)
    today_board(db, actor, sources=build_registry().todo_sources, now=now)
    monday = now.date() - timedelta(days=now.weekday())
    appointment_views.week_view(db, actor, start=monday, now=now)
    cases.my_cases(db, actor, now=now)
    search.search_care_texts(db, actor, "作息", now=now)


def capture_selects(session: Session, now: datetime) -> list[str]:
    statements: list[str] = []

    def keep(sql: str) -> None:
        head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
        if head in ("SELECT", "WITH") and "temp." not in sql:  # the session's temp tables exist on its own conn only
            statements.append(sql)

    session.db.conn.set_trace_callback(keep)
    try:
        _morning(session, now)
    finally:
        session.db.conn.set_trace_callback(None)
    return statements


def plaintext_copy(session: Session, folder: Path) -> tuple[Path, Path]:
    main, care = folder / "plain.db", folder / "plain.care.db"
    conn = session.db.conn
    conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(main),))
    conn.execute("SELECT sqlcipher_export('plain')")
    conn.execute("DETACH DATABASE plain")
    conn.execute("ATTACH DATABASE ? AS plaincare KEY ''", (str(care),))
    conn.execute("SELECT sqlcipher_export('plaincare', 'care')")
    conn.execute("DETACH DATABASE plaincare")
    return main, care


def _plain_connection(main: Path, care: Path) -> sqlcipher3.Connection:
    """The unkeyed copy opened step for step as store/connection.open_encrypted and attach_encrypted
    open the real files (the same checks and pragmas), the key alone left out."""
    conn = sqlcipher3.connect(f"file:{main}?mode=rw", uri=True, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA cipher_version").fetchone()
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.execute("PRAGMA foreign_keys = ON")
    _file_pragmas(conn, "main")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -65536")
    conn.execute("ATTACH DATABASE ? AS care", (f"file:{care}?mode=rw",))
    conn.execute("SELECT count(*) FROM care.sqlite_master").fetchone()
    _file_pragmas(conn, "care")
    return conn


def _file_pragmas(conn: sqlcipher3.Connection, schema: str) -> None:
    for pragma in ("journal_mode = DELETE", "synchronous = FULL", "secure_delete = ON"):
        conn.execute(f"PRAGMA {schema}.{pragma}")


def _encrypted_connection(session: Session) -> sqlcipher3.Connection:
    """The real stores opened with the store's own two steps: no key file read, no care checks or triggers."""
    conn = open_encrypted(session.db.path, session.db.key)
    attach_encrypted(conn, care_store_path(session.db.path), session.db.care_key, CARE)
    return conn


def replay(connect: Callable[[], sqlcipher3.Connection], statements: list[str]) -> float:
    started = time.perf_counter()
    conn = connect()
    for sql in statements:
        conn.execute(sql).fetchall()
    conn.close()
    return (time.perf_counter() - started) * 1000


def measure_query_mix(session: Session, now: datetime) -> Budget:
    statements = capture_selects(session, now)
    with tempfile.TemporaryDirectory(prefix="counselroom-plain-") as folder:
        main, care = plaintext_copy(session, Path(folder))
        encrypted_times, plain_times = [], []
        for _ in range(PASSES):
            encrypted_times.append(replay(lambda: _encrypted_connection(session), statements))
            plain_times.append(replay(lambda: _plain_connection(main, care), statements))
    return Budget(
        f"query mix, {len(statements)} SELECTs, SQLCipher (median of {PASSES})",
        p50(encrypted_times),
        "ms",
        floor=p50(plain_times),
        floor_name="the same SELECTs on an unkeyed copy, same library and pragmas",
        ratio_limit=1.3,
    )


def measure_audited_click(session: Session, now: datetime) -> Budget:
    db, actor = session.db, session.actor
    rows = fetch_all(db.conn, "SELECT id FROM students WHERE status = '在读' ORDER BY id LIMIT ?", (CLICKS,))
    times = []
    for row in rows:
        started = time.perf_counter()
        student_records.open_student_file(db, actor, row["id"], now=now)
        times.append((time.perf_counter() - started) * 1000)
    floor_times = []
    with tempfile.TemporaryDirectory(prefix="fsync-", dir=db.path.parent) as folder:
        bare = sqlite3.connect(Path(folder) / "bare.db", isolation_level=None)
        bare.execute("PRAGMA journal_mode = DELETE")
        bare.execute("PRAGMA synchronous = FULL")
        bare.execute("CREATE TABLE t (x TEXT)")
        for _ in range(CLICKS):
            started = time.perf_counter()
            bare.execute("BEGIN")
            bare.execute("INSERT INTO t VALUES ('audit')")
            bare.execute("COMMIT")
            floor_times.append((time.perf_counter() - started) * 1000)
        bare.close()
    return Budget(
        f"open a student file (audited), p95 of {len(times)} (p50 {p50(times):.1f} ms)",
        p95(times),
        "ms",
        floor=p95(floor_times),
        floor_name="one-row INSERT transaction, synchronous=FULL, unkeyed file, same disk",
        limit=30,
    )


def main(db_path: Path) -> list[Budget]:
    password = os.environ.get("COUNSELROOM_PASSWORD", "demo1234")
    now = clock.now()
    session = sign_in.sign_in(db_path, "lead", password, now=now, keys=KeyPolicy())
    try:
        return [measure_query_mix(session, now), measure_audited_click(session, now)]
    finally:
        sign_in.logout(session, now=clock.now())


def budgets(db_path: Path) -> list[Budget]:
    rows = main(db_path)
    for row in rows:
        print(f"{row.name}: {row.figure:.1f} {row.unit} (floor {row.floor:.1f} {row.unit})")
    return rows


if __name__ == "__main__":
    print_table(main(Path(sys.argv[1])))
