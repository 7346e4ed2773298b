"""The warning list (三级预警), its history, and proposals waiting for a counselor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.care.warnings import WarningAction, WarningLevel
from counselroom.store.connection import Connection


@dataclass(frozen=True)
class WarningRow:
    id: int
    student_id: int
    level: WarningLevel
    reason: str
    source: str
    counselor_id: int | None
    opened_on: date
    review_on: date
    closed_on: date | None


@dataclass(frozen=True)
class HistoryRow:
    warning_id: int
    changed_at: str
    changed_by: int | None
    action: str
    from_level: str
    to_level: str
    review_on: str
    reason: str


@dataclass(frozen=True)
class ProposalRow:
    id: int
    student_id: int
    result_id: int | None
    peer_report_id: int | None
    proposed_level: WarningLevel
    reason: str
    status: str
    created_at: str


_WARNING = "SELECT id, student_id, level, reason, source, counselor_id, opened_on, review_on, closed_on FROM warnings"


def _warning(r: tuple[object, ...]) -> WarningRow:
    return WarningRow(
        int(r[0]),
        int(r[1]),
        WarningLevel(r[2]),
        str(r[3]),
        str(r[4]),
        int(r[5]) if r[5] is not None else None,
        date.fromisoformat(str(r[6])),
        date.fromisoformat(str(r[7])),
        date.fromisoformat(str(r[8])) if r[8] else None,
    )


def open_warning(conn: Connection, student_id: int) -> WarningRow | None:
    r = conn.execute(f"{_WARNING} WHERE student_id = ? AND closed_on IS NULL", (student_id,)).fetchone()
    return _warning(r) if r else None


def by_id(conn: Connection, warning_id: int) -> WarningRow | None:
    r = conn.execute(f"{_WARNING} WHERE id = ?", (warning_id,)).fetchone()
    return _warning(r) if r else None


def all_open(conn: Connection) -> list[WarningRow]:
    return [_warning(r) for r in conn.execute(f"{_WARNING} WHERE closed_on IS NULL")]


def for_student(conn: Connection, student_id: int) -> list[WarningRow]:
    return [_warning(r) for r in conn.execute(f"{_WARNING} WHERE student_id = ? ORDER BY opened_on", (student_id,))]


def insert(
    conn: Connection,
    *,
    student_id: int,
    level: WarningLevel,
    reason: str,
    source: str,
    counselor_id: int | None,
    opened_on: date,
    review_on: date,
    now: datetime,
) -> int:
    stamp = now.isoformat(timespec="seconds")
    cur = conn.execute(
        "INSERT INTO warnings (student_id, level, reason, source, counselor_id, opened_on, review_on,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            student_id,
            level.value,
            reason,
            source,
            counselor_id,
            opened_on.isoformat(),
            review_on.isoformat(),
            stamp,
            stamp,
        ),
    )
    return int(cur.lastrowid or 0)


def update(
    conn: Connection,
    warning_id: int,
    *,
    level: WarningLevel,
    review_on: date,
    counselor_id: int | None,
    reason: str,
    now: datetime,
    closed_on: date | None = None,
) -> None:
    conn.execute(
        "UPDATE warnings SET level = ?, review_on = ?, counselor_id = ?, reason = ?, closed_on = ?,"
        " updated_at = ? WHERE id = ?",
        (
            level.value,
            review_on.isoformat(),
            counselor_id,
            reason,
            closed_on.isoformat() if closed_on else None,
            now.isoformat(timespec="seconds"),
            warning_id,
        ),
    )


def add_history(
    conn: Connection,
    *,
    warning_id: int,
    action: WarningAction,
    from_level: str,
    to_level: str,
    review_on: date | None,
    reason: str,
    changed_by: int | None,
    now: datetime,
) -> None:
    conn.execute(
        "INSERT INTO warning_history (warning_id, changed_at, changed_by, action, from_level, to_level,"
        " review_on, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            warning_id,
            now.isoformat(timespec="seconds"),
            changed_by,
            action.value,
            from_level,
            to_level,
            review_on.isoformat() if review_on else "",
            reason,
        ),
    )


def history(conn: Connection, warning_id: int) -> list[HistoryRow]:
    rows = conn.execute(
        "SELECT warning_id, changed_at, changed_by, action, from_level, to_level, review_on, reason"
        " FROM warning_history WHERE warning_id = ? ORDER BY id",
        (warning_id,),
    ).fetchall()
    return [HistoryRow(int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7]) for r in rows]


# -- proposals -------------------------------------------------------------------------------
_PROPOSAL = (
    "SELECT id, student_id, result_id, peer_report_id, proposed_level, reason, status,"
    " created_at FROM warning_proposals"
)


def _proposal(r: tuple[object, ...]) -> ProposalRow:
    return ProposalRow(
        int(r[0]),
        int(r[1]),
        r[2] and int(r[2]),
        r[3] and int(r[3]),  # type: ignore[arg-type]
        WarningLevel(r[4]),
        str(r[5]),
        str(r[6]),
        str(r[7]),
    )


def insert_proposal(
    conn: Connection,
    *,
    student_id: int,
    level: WarningLevel,
    reason: str,
    now: datetime,
    result_id: int | None = None,
    peer_report_id: int | None = None,
) -> int:
    """A level proposed by a positive screen or a report, waiting for a counselor's decision."""
    cur = conn.execute(
        "INSERT INTO warning_proposals (student_id, result_id, peer_report_id, proposed_level, reason,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (student_id, result_id, peer_report_id, level.value, reason, now.isoformat(timespec="seconds")),
    )
    return int(cur.lastrowid or 0)


def pending_proposals(conn: Connection) -> list[ProposalRow]:
    return [_proposal(r) for r in conn.execute(f"{_PROPOSAL} WHERE status = '待确认' ORDER BY id")]


def proposal(conn: Connection, proposal_id: int) -> ProposalRow | None:
    r = conn.execute(f"{_PROPOSAL} WHERE id = ?", (proposal_id,)).fetchone()
    return _proposal(r) if r else None


def decide_proposal(
    conn: Connection, proposal_id: int, *, status: str, decided_by: int, reason: str, now: datetime
) -> None:
    conn.execute(
        "UPDATE warning_proposals SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ? WHERE id = ?",
        (status, decided_by, now.isoformat(timespec="seconds"), reason, proposal_id),
    )


# -- whole-list reads (the demo plans its appointments from the list it just wrote) -------------


def all_with_counselor(conn: Connection) -> list[WarningRow]:
    """Every listing, open or closed, that has a counselor, by id."""
    return [_warning(r) for r in conn.execute(f"{_WARNING} WHERE counselor_id IS NOT NULL ORDER BY id")]


def first_screening_proposals(conn: Connection) -> dict[int, datetime]:
    """Student → when a positive screen first proposed a listing for them, by student."""
    rows = conn.execute(
        "SELECT student_id, min(created_at) FROM warning_proposals"
        " WHERE result_id IS NOT NULL GROUP BY student_id ORDER BY student_id"
    )
    return {int(student_id): datetime.fromisoformat(str(first)) for student_id, first in rows}


def last_proposal_id(conn: Connection) -> int:
    """The highest proposal id so far (0 when there is none): proposals after it are new."""
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM warning_proposals").fetchone()[0])
