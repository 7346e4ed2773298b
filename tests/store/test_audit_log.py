"""The append-only, hash-chained audit table (SECURITY.md 9)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from counselroom.domain.audit import GENESIS_HASH, AuditAction, AuditEntry, Outcome, chain_hash
from counselroom.domain.roles import Actor, Role, UserId
from counselroom.store import audit_log
from counselroom.store.connection import Connection, DatabaseError
from counselroom.store.opening import create_database

KEY = bytes.fromhex("3c" * 32)
AT = datetime(2025, 10, 13, 9, 30, 0)
ADMIN = Actor(UserId(1), "admin", "管理员", Role.ADMIN)
COUNSELOR = Actor(UserId(2), "wang", "王老师", Role.COUNSELOR)


@pytest.fixture
def conn(db_path: Path) -> Iterator[Connection]:
    connection = create_database(db_path, KEY)
    yield connection
    connection.close()


def _fill(conn: Connection, n: int = 5) -> list[audit_log.AuditRecord]:
    records = []
    for i in range(n):
        actor = ADMIN if i % 2 == 0 else COUNSELOR
        records.append(
            audit_log.append(
                conn,
                at=AT + timedelta(minutes=i),
                actor=actor,
                action=AuditAction.NOTE_OPENED,
                object_type="note",
                object_id=100 + i,
                reason=f"第{i}次查阅",
            )
        )
    return records


def _rows(conn: Connection) -> list[tuple[object, ...]]:
    return conn.execute("SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq").fetchall()


def _drop_triggers(conn: Connection) -> None:
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")


# -- appending -----------------------------------------------------------------------------


def test_rows_get_consecutive_seq_and_chained_hashes(conn: Connection) -> None:
    records = _fill(conn, 6)
    rows = _rows(conn)
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[0][1] == GENESIS_HASH
    for before, after in itertools.pairwise(rows):
        assert after[1] == before[2]
    for record, row in zip(records, rows, strict=True):
        assert (record.entry.seq, record.prev_hash, record.hash) == row
        assert record.hash == chain_hash(record.prev_hash, record.entry)
    assert len({r[2] for r in rows}) == 6


def test_append_stores_every_field(conn: Connection) -> None:
    record = audit_log.append(
        conn,
        at=AT,
        actor=COUNSELOR,
        action=AuditAction.EXPORTED,
        outcome=Outcome.DENIED,
        object_type="report",
        object_id=7,
        reason="无权导出",
        detail="sha256=abc",
    )
    assert record.entry == AuditEntry(
        seq=1,
        at="2025-10-13T09:30:00",
        user_id=2,
        username="wang",
        role="counselor",
        action="exported",
        object_type="report",
        object_id="7",
        outcome="denied",
        reason="无权导出",
        detail="sha256=abc",
    )
    assert audit_log.recent(conn, limit=10) == [record]


def test_a_row_without_actor_keeps_the_typed_username(conn: Connection) -> None:
    record = audit_log.append(
        conn, at=AT, actor=None, username="ghost", action=AuditAction.LOGIN_FAILED, outcome=Outcome.FAILED
    )
    assert (record.entry.user_id, record.entry.username, record.entry.role) == (None, "ghost", "")
    assert audit_log.verify(conn).first_bad_seq is None


def test_last_link_of_an_empty_log_is_genesis(conn: Connection) -> None:
    assert audit_log.last_link(conn) == (0, GENESIS_HASH)
    records = _fill(conn, 2)
    assert audit_log.last_link(conn) == (2, records[-1].hash)


def test_recent_is_newest_first_and_pages(conn: Connection) -> None:
    _fill(conn, 5)
    assert [r.entry.seq for r in audit_log.recent(conn, limit=3)] == [5, 4, 3]
    assert [r.entry.seq for r in audit_log.recent(conn, limit=3, offset=3)] == [2, 1]


def test_an_append_inside_a_rolled_back_transaction_leaves_no_row(conn: Connection) -> None:
    _fill(conn, 2)
    conn.execute("BEGIN")
    audit_log.append(conn, at=AT, actor=ADMIN, action=AuditAction.EXPORTED)
    conn.execute("ROLLBACK")
    assert [r[0] for r in _rows(conn)] == [1, 2]
    audit_log.append(conn, at=AT, actor=ADMIN, action=AuditAction.EXPORTED)
    assert audit_log.verify(conn).first_bad_seq is None


# -- the table refuses change --------------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_log SET reason = '改过' WHERE seq = 2",
        "UPDATE audit_log SET hash = prev_hash",
    ],
)
def test_update_is_refused_by_a_trigger(conn: Connection, sql: str) -> None:
    _fill(conn, 3)
    before = conn.execute("SELECT * FROM audit_log ORDER BY seq").fetchall()
    with pytest.raises(DatabaseError, match="审计日志只能追加，不能修改"):
        conn.execute(sql)
    assert conn.execute("SELECT * FROM audit_log ORDER BY seq").fetchall() == before


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM audit_log WHERE seq = 3",
        "DELETE FROM audit_log",
    ],
)
def test_delete_is_refused_by_a_trigger(conn: Connection, sql: str) -> None:
    _fill(conn, 3)
    with pytest.raises(DatabaseError, match="审计日志只能追加，不能删除"):
        conn.execute(sql)
    assert [r[0] for r in _rows(conn)] == [1, 2, 3]


_REPLACE_ROW_2 = (
    "INSERT OR REPLACE INTO audit_log (seq, at, username, role, action, outcome,"
    " prev_hash, hash) VALUES (2, '2025-10-13T09:31:00', 'admin', 'admin', 'login', 'ok', 'x', 'x')"
)


def test_insert_or_replace_cannot_overwrite_a_row(conn: Connection) -> None:
    """REPLACE deletes without firing delete triggers; the table must refuse it anyway."""
    _fill(conn, 3)
    before = conn.execute("SELECT * FROM audit_log ORDER BY seq").fetchall()
    for sql in (_REPLACE_ROW_2, _REPLACE_ROW_2.replace("INSERT OR REPLACE", "REPLACE")):
        with pytest.raises(DatabaseError, match="审计日志"):
            conn.execute(sql)
    assert conn.execute("SELECT * FROM audit_log ORDER BY seq").fetchall() == before


_INSERT = (
    "INSERT INTO audit_log (seq, at, username, role, action, outcome, prev_hash, hash)"
    " VALUES (?, '2025-10-13T09:31:00', 'admin', 'admin', 'login', 'ok', 'x', 'x')"
)


@pytest.mark.parametrize("seq", [None, 2, 5, 0])
def test_only_the_next_seq_may_be_inserted(conn: Connection, seq: int | None) -> None:
    _fill(conn, 3)
    with pytest.raises(DatabaseError, match="审计日志"):
        conn.execute(_INSERT, (seq,))
    assert [r[0] for r in _rows(conn)] == [1, 2, 3]
    conn.execute(_INSERT, (4,))  # the next one is fine
    assert [r[0] for r in _rows(conn)] == [1, 2, 3, 4]


# -- verify ------------------------------------------------------------------------------


def test_an_intact_chain_verifies(conn: Connection) -> None:
    records = _fill(conn, 5)
    check = audit_log.verify(conn)
    assert check.first_bad_seq is None
    assert check.problem == ""
    assert (check.rows, check.head_seq, check.head_hash) == (5, 5, records[-1].hash)


def test_an_empty_chain_verifies(conn: Connection) -> None:
    check = audit_log.verify(conn)
    assert (check.rows, check.first_bad_seq, check.head_seq, check.head_hash) == (0, None, 0, GENESIS_HASH)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("reason", "无"),
        ("username", "admin2"),
        ("at", "2025-10-13T09:31:00"),
        ("outcome", "ok"),
        ("action", "case_opened"),
        ("object_id", "999"),
        ("user_id", 1),
        ("detail", " "),
    ],
)
def test_verify_names_the_first_changed_row(conn: Connection, column: str, value: object) -> None:
    _fill(conn, 6)
    _drop_triggers(conn)
    if conn.execute(f"SELECT {column} FROM audit_log WHERE seq = 4").fetchone()[0] == value:
        value = "x"
    conn.execute(f"UPDATE audit_log SET {column} = ? WHERE seq = 4", (value,))
    conn.execute("UPDATE audit_log SET reason = 'later too' WHERE seq = 6")
    check = audit_log.verify(conn)
    assert check.first_bad_seq == 4
    assert check.problem == "第 4 条记录内容被改动"


def test_a_row_rehashed_after_editing_breaks_the_next_link(conn: Connection) -> None:
    records = _fill(conn, 5)
    _drop_triggers(conn)
    forged = AuditEntry(**{**records[2].entry.__dict__, "reason": "伪造"})
    conn.execute(
        "UPDATE audit_log SET reason = ?, hash = ? WHERE seq = 3",
        (forged.reason, chain_hash(records[2].prev_hash, forged)),
    )
    check = audit_log.verify(conn)
    assert check.first_bad_seq == 4
    assert check.problem == "第 4 条记录与上一条不衔接"


@pytest.mark.parametrize("missing", [1, 3, 4])
def test_a_deleted_row_is_named(conn: Connection, missing: int) -> None:
    _fill(conn, 5)
    _drop_triggers(conn)
    conn.execute("DELETE FROM audit_log WHERE seq = ?", (missing,))
    check = audit_log.verify(conn)
    assert check.first_bad_seq == missing
    assert check.problem == f"缺少第 {missing} 条记录"


def test_deleted_rows_renumbered_to_close_the_gap_are_caught(conn: Connection) -> None:
    _fill(conn, 5)
    _drop_triggers(conn)
    conn.execute("DELETE FROM audit_log WHERE seq = 3")
    conn.execute("UPDATE audit_log SET seq = seq - 1 WHERE seq > 3")
    check = audit_log.verify(conn)
    assert check.first_bad_seq == 3


def test_a_cut_tail_verifies_alone_so_the_head_must_be_kept_elsewhere(conn: Connection) -> None:
    """Why the head is copied into the key file: the table alone cannot show a cut tail."""
    records = _fill(conn, 5)
    _drop_triggers(conn)
    conn.execute("DELETE FROM audit_log WHERE seq > 3")
    check = audit_log.verify(conn)
    assert check.first_bad_seq is None
    assert (check.head_seq, check.head_hash) == (3, records[2].hash)
    assert check.head_hash != records[-1].hash
