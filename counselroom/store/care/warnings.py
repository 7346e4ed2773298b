"""The warning list (三级预警), its history, and proposals waiting for a counselor."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.care.warnings import WarningAction, WarningLevel
from counselroom.store.connection import Connection
from counselroom.store.id_sets import within
from counselroom.store.named_rows import Row, fetch_all, fetch_one


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


@dataclass(frozen=True)
class GradeLevel:
    """One open warning as the principal's counts see it: grade and level, no student."""

    grade: str
    level: WarningLevel


_WARNING = "SELECT id, student_id, level, reason, source, counselor_id, opened_on, review_on, closed_on FROM warnings"


def _warning(r: Row) -> WarningRow:
    return WarningRow(
        int(r["id"]),
        int(r["student_id"]),
        WarningLevel(r["level"]),
        str(r["reason"]),
        str(r["source"]),
        int(r["counselor_id"]) if r["counselor_id"] is not None else None,
        date.fromisoformat(str(r["opened_on"])),
        date.fromisoformat(str(r["review_on"])),
        date.fromisoformat(str(r["closed_on"])) if r["closed_on"] else None,
    )


def open_warning(conn: Connection, student_id: int) -> WarningRow | None:
    r = fetch_one(conn, f"{_WARNING} WHERE student_id = ? AND closed_on IS NULL", (student_id,))
    return _warning(r) if r else None


def by_id(conn: Connection, warning_id: int) -> WarningRow | None:
    r = fetch_one(conn, f"{_WARNING} WHERE id = ?", (warning_id,))
    return _warning(r) if r else None


def all_open(conn: Connection) -> list[WarningRow]:
    return [_warning(r) for r in fetch_all(conn, f"{_WARNING} WHERE closed_on IS NULL")]


def open_levels(conn: Connection, student_ids: Iterable[int] | None = None) -> dict[int, WarningLevel]:
    """Student → the level of their open warning: every student's, or only those of `student_ids`."""
    scope, params = within("student_id", student_ids)
    rows = fetch_all(conn, f"SELECT student_id, level FROM warnings WHERE closed_on IS NULL AND {scope}", params)
    return {int(r["student_id"]): WarningLevel(r["level"]) for r in rows}


def for_student(conn: Connection, student_id: int) -> list[WarningRow]:
    return [_warning(r) for r in fetch_all(conn, f"{_WARNING} WHERE student_id = ? ORDER BY opened_on", (student_id,))]


def open_grade_levels(conn: Connection) -> list[GradeLevel]:
    """Grade ('未分班' without a class) and level of every open warning, grades in school order."""
    rows = fetch_all(
        conn,
        "SELECT coalesce(g.name, '未分班') AS grade, w.level FROM warnings w JOIN students s ON s.id = w.student_id"
        " LEFT JOIN classes c ON c.id = s.class_id LEFT JOIN grades g ON g.id = c.grade_id"
        " WHERE w.closed_on IS NULL ORDER BY g.sort_order",
    )
    return [GradeLevel(r["grade"], WarningLevel(r["level"])) for r in rows]


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
    rows = fetch_all(
        conn,
        "SELECT warning_id, changed_at, changed_by, action, from_level, to_level, review_on, reason"
        " FROM warning_history WHERE warning_id = ? ORDER BY id",
        (warning_id,),
    )
    return [
        HistoryRow(
            int(r["warning_id"]),
            r["changed_at"],
            r["changed_by"],
            r["action"],
            r["from_level"],
            r["to_level"],
            r["review_on"],
            r["reason"],
        )
        for r in rows
    ]


# -- proposals -------------------------------------------------------------------------------
_PROPOSAL = (
    "SELECT id, student_id, result_id, peer_report_id, proposed_level, reason, status,"
    " created_at FROM warning_proposals"
)


def _proposal(r: Row) -> ProposalRow:
    return ProposalRow(
        int(r["id"]),
        int(r["student_id"]),
        r["result_id"] and int(r["result_id"]),
        r["peer_report_id"] and int(r["peer_report_id"]),
        WarningLevel(r["proposed_level"]),
        str(r["reason"]),
        str(r["status"]),
        str(r["created_at"]),
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
    return [_proposal(r) for r in fetch_all(conn, f"{_PROPOSAL} WHERE status = '待确认' ORDER BY id")]


def proposal(conn: Connection, proposal_id: int) -> ProposalRow | None:
    r = fetch_one(conn, f"{_PROPOSAL} WHERE id = ?", (proposal_id,))
    return _proposal(r) if r else None


def decide_proposal(
    conn: Connection,
    proposal_id: int,
    *,
    status: str,
    decided_by: int,
    reason: str,
    now: datetime,
    cosigned_by: int | None = None,
) -> None:
    conn.execute(
        "UPDATE warning_proposals SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ?,"
        " cosigned_by = ? WHERE id = ?",
        (status, decided_by, now.isoformat(timespec="seconds"), reason, cosigned_by, proposal_id),
    )


def screen_decisions(conn: Connection, student_ids: Iterable[int] | None = None) -> dict[int, frozenset[str]]:
    """Student → the decision on each positive screen or risk answer ('' where none was filed):
    待确认, 已确认 or 已驳回 (domain.care.key_groups.ScreenDecision). Every student's, or only those of
    `student_ids`."""
    scope, params = within("r.student_id", student_ids)
    rows = fetch_all(
        conn,
        "SELECT r.student_id, coalesce(p.status, '') AS decision FROM screening_results r"
        " LEFT JOIN warning_proposals p ON p.result_id = r.id"
        f" WHERE ((r.positive = 1 AND r.invalid_reason = '') OR r.risk_item_flag = 1 OR p.id IS NOT NULL) AND {scope}",
        params,
    )
    found: dict[int, set[str]] = {}
    for r in rows:
        found.setdefault(int(r["student_id"]), set()).add(str(r["decision"]))
    return {k: frozenset(v) for k, v in found.items()}


# -- a counselor's rejection of a red proposal, waiting for the lead's co-signature -----------
@dataclass(frozen=True)
class RejectionRequestRow:
    proposal_id: int
    requested_by: int
    requested_at: str
    reason: str


def request_rejection(conn: Connection, proposal_id: int, *, requested_by: int, reason: str, now: datetime) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO proposal_rejections (proposal_id, requested_by, requested_at, reason)"
        " VALUES (?, ?, ?, ?)",
        (proposal_id, requested_by, now.isoformat(timespec="seconds"), reason),
    )


def awaiting_cosign(conn: Connection) -> dict[int, RejectionRequestRow]:
    """Proposal → the counselor's rejection waiting for a lead (proposals still 待确认 only)."""
    rows = fetch_all(
        conn,
        "SELECT q.proposal_id, q.requested_by, q.requested_at, q.reason FROM proposal_rejections q"
        " JOIN warning_proposals p ON p.id = q.proposal_id WHERE p.status = '待确认'",
    )
    return {
        int(r["proposal_id"]): RejectionRequestRow(
            int(r["proposal_id"]), int(r["requested_by"]), str(r["requested_at"]), str(r["reason"])
        )
        for r in rows
    }


# -- 家长告知 -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class GuardianNoticeRow:
    id: int
    warning_id: int
    told_at: str
    channel: str
    told_by: str
    guardian: str
    response: str
    recorded_by: int | None


def insert_guardian_notice(
    conn: Connection,
    warning_id: int,
    *,
    told_at: datetime,
    channel: str,
    told_by: str,
    guardian: str,
    response: str,
    user_id: int,
    now: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO guardian_notices (warning_id, told_at, channel, told_by, guardian, response, recorded_by,"
        " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            warning_id,
            told_at.isoformat(timespec="minutes"),
            channel,
            told_by,
            guardian,
            response,
            user_id,
            now.isoformat(timespec="seconds"),
        ),
    )
    return int(cur.lastrowid or 0)


def guardian_notices(conn: Connection, warning_id: int) -> list[GuardianNoticeRow]:
    rows = fetch_all(
        conn,
        "SELECT id, warning_id, told_at, channel, told_by, guardian, response, recorded_by FROM guardian_notices"
        " WHERE warning_id = ? ORDER BY told_at, id",
        (warning_id,),
    )
    return [
        GuardianNoticeRow(
            int(r["id"]),
            int(r["warning_id"]),
            str(r["told_at"]),
            str(r["channel"]),
            str(r["told_by"]),
            str(r["guardian"]),
            str(r["response"]),
            int(r["recorded_by"]) if r["recorded_by"] is not None else None,
        )
        for r in rows
    ]


# -- whole-list reads (the demo plans its appointments from the list it just wrote) -------------


def all_with_counselor(conn: Connection) -> list[WarningRow]:
    """Every listing, open or closed, that has a counselor, by id."""
    return [_warning(r) for r in fetch_all(conn, f"{_WARNING} WHERE counselor_id IS NOT NULL ORDER BY id")]


def first_screening_proposals(conn: Connection) -> dict[int, datetime]:
    """Student → when a positive screen first proposed a listing for them, by student."""
    rows = fetch_all(
        conn,
        "SELECT student_id, min(created_at) AS first_at FROM warning_proposals"
        " WHERE result_id IS NOT NULL GROUP BY student_id ORDER BY student_id",
    )
    return {int(r["student_id"]): datetime.fromisoformat(str(r["first_at"])) for r in rows}


def last_proposal_id(conn: Connection) -> int:
    """The highest proposal id so far (0 when there is none): proposals after it are new."""
    row = fetch_one(conn, "SELECT coalesce(max(id), 0) AS top FROM warning_proposals")
    return int(row["top"]) if row else 0
