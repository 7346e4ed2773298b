"""The append-only, hash-chained audit table (SECURITY.md 9)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counselroom.domain.audit import GENESIS_HASH, AuditAction, AuditEntry, Outcome, chain_hash
from counselroom.domain.roles import Actor
from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_each, fetch_one

_COLUMNS = "seq, at, user_id, username, role, action, object_type, object_id, outcome, reason, detail"
# The hashed columns are named as AuditEntry's fields: a row becomes an entry by name.
_ENTRY_FIELDS = tuple(name.strip() for name in _COLUMNS.split(","))


@dataclass(frozen=True)
class AuditRecord:
    entry: AuditEntry
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class ChainCheck:
    rows: int
    first_bad_seq: int | None
    problem: str
    head_seq: int
    head_hash: str


def last_link(conn: Connection) -> tuple[int, str]:
    row = fetch_one(conn, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    return (int(row["seq"]), str(row["hash"])) if row else (0, GENESIS_HASH)


def last_time(conn: Connection) -> datetime | None:
    """When the last row was written; None for an empty log (or a time that does not parse)."""
    row = fetch_one(conn, "SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1")
    if row is None:
        return None
    try:
        return datetime.fromisoformat(str(row["at"]))
    except ValueError:
        return None


def hash_at(conn: Connection, seq: int) -> str | None:
    """The stored hash of row `seq`; None when there is no such row."""
    row = fetch_one(conn, "SELECT hash FROM audit_log WHERE seq = ?", (seq,))
    return str(row["hash"]) if row else None


def append(
    conn: Connection,
    *,
    at: datetime,
    actor: Actor | None,
    action: AuditAction,
    outcome: Outcome = Outcome.OK,
    object_type: str = "",
    object_id: str | int = "",
    reason: str = "",
    detail: str = "",
    username: str = "",
) -> AuditRecord:
    """Append one row; call inside the transaction of the action it records."""
    seq, prev = last_link(conn)
    entry = AuditEntry(
        seq=seq + 1,
        at=at.isoformat(timespec="seconds"),
        user_id=int(actor.user_id) if actor else None,
        username=actor.username if actor else username,
        role=actor.role.value if actor else "",
        action=action.value,
        object_type=object_type,
        object_id=str(object_id),
        outcome=outcome.value,
        reason=reason,
        detail=detail,
    )
    digest = chain_hash(prev, entry)
    conn.execute(
        f"INSERT INTO audit_log ({_COLUMNS}, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (*_values(entry), prev, digest),
    )
    return AuditRecord(entry, prev, digest)


def _values(entry: AuditEntry) -> tuple[object, ...]:
    return (
        entry.seq,
        entry.at,
        entry.user_id,
        entry.username,
        entry.role,
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.outcome,
        entry.reason,
        entry.detail,
    )


def _record(row: Row) -> AuditRecord:
    entry = AuditEntry(**{name: row[name] for name in _ENTRY_FIELDS})
    return AuditRecord(entry, str(row["prev_hash"]), str(row["hash"]))


def recent(conn: Connection, *, limit: int, offset: int = 0) -> list[AuditRecord]:
    rows = fetch_all(
        conn, f"SELECT {_COLUMNS}, prev_hash, hash FROM audit_log ORDER BY seq DESC LIMIT ? OFFSET ?", (limit, offset)
    )
    return [_record(r) for r in rows]


def verify(conn: Connection) -> ChainCheck:
    """Walk the chain in order; name the first row whose link or content does not hold."""
    expected_prev, expected_seq, count = GENESIS_HASH, 1, 0
    for row in fetch_each(conn, f"SELECT {_COLUMNS}, prev_hash, hash FROM audit_log ORDER BY seq"):
        record = _record(row)
        count += 1
        seq = record.entry.seq
        if seq != expected_seq:
            return ChainCheck(count, expected_seq, f"缺少第 {expected_seq} 条记录", seq, "")
        if record.prev_hash != expected_prev:
            return ChainCheck(count, seq, f"第 {seq} 条记录与上一条不衔接", seq, "")
        if chain_hash(expected_prev, record.entry) != record.hash:
            return ChainCheck(count, seq, f"第 {seq} 条记录内容被改动", seq, "")
        expected_prev, expected_seq = record.hash, seq + 1
    return ChainCheck(count, None, "", expected_seq - 1, expected_prev)


@dataclass(frozen=True)
class RecordedBreak:
    seq: int
    at: str
    reason: str


def unacknowledged_breaks(conn: Connection, *, failed_check: str, acknowledged: str) -> list[RecordedBreak]:
    """Problems a sign-in found and wrote into the chain (action `failed_check`, outcome failed,
    with a reason) after the last acknowledgement: they stay reported after the key file's head
    has moved on."""
    row = fetch_one(conn, "SELECT max(seq) AS seq FROM audit_log WHERE action = ?", (acknowledged,))
    since = int(row["seq"]) if row and row["seq"] is not None else 0
    rows = fetch_all(
        conn,
        "SELECT seq, at, reason FROM audit_log WHERE action = ? AND outcome = 'failed' AND reason <> ''"
        " AND seq > ? ORDER BY seq",
        (failed_check, since),
    )
    return [RecordedBreak(int(r["seq"]), str(r["at"]), str(r["reason"])) for r in rows]


def max_seq(conn: Connection) -> int:
    return last_link(conn)[0]
