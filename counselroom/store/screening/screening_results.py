"""Screening batches, results, saved column mappings, and the counts the principal may see."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.screening.instruments import ScreeningScore
from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_one


@dataclass(frozen=True)
class ResultValues:
    """What is written for one student's questionnaire."""

    student_id: int
    taken_on: date
    total_score: float | None
    band: str
    positive: bool
    risk_item_flag: bool
    invalid_reason: str
    duration_seconds: int | None
    answers: str  # JSON list of item answers, '' when only a total is known


@dataclass(frozen=True)
class ResultRow:
    id: int
    batch_id: int
    batch_name: str
    instrument: str
    values: ResultValues


@dataclass(frozen=True)
class BatchCounts:
    batch_id: int
    name: str
    instrument: str
    source: str
    held_on: str
    screened: int
    positives: int  # valid results only
    flagged: int  # valid results only
    invalid: int
    invalid_flagged: int  # invalid but with a risk item answered: worth a human look


@dataclass(frozen=True)
class GradeCounts:
    grade: str
    screened: int
    positives: int
    flagged: int
    invalid: int


# -- batches -------------------------------------------------------------------------------
def find_batch(conn: Connection, *, name: str, instrument: str, source: str, held_on: date) -> int | None:
    row = fetch_one(
        conn,
        "SELECT id FROM screening_batches WHERE name = ? AND instrument = ? AND source = ? AND held_on = ?",
        (name, instrument, source, held_on.isoformat()),
    )
    return int(row["id"]) if row else None


def insert_batch(
    conn: Connection,
    *,
    name: str,
    instrument: str,
    source: str,
    held_on: date,
    file_name: str,
    created_by: int,
    now: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO screening_batches (name, instrument, source, held_on, file_name, created_by,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (name, instrument, source, held_on.isoformat(), file_name, created_by, now.isoformat(timespec="seconds")),
    )
    return int(cur.lastrowid or 0)


# -- results -------------------------------------------------------------------------------
_RESULT = (
    "SELECT r.id, r.batch_id, b.name AS batch_name, b.instrument, r.student_id, r.taken_on, r.total_score,"
    " r.band, r.positive, r.risk_item_flag, r.invalid_reason, r.duration_seconds, r.answers"
    " FROM screening_results r JOIN screening_batches b ON b.id = r.batch_id"
)


def _result(r: Row) -> ResultRow:
    values = ResultValues(
        student_id=int(r["student_id"]),
        taken_on=date.fromisoformat(str(r["taken_on"])),
        total_score=float(r["total_score"]) if r["total_score"] is not None else None,
        band=str(r["band"]),
        positive=bool(r["positive"]),
        risk_item_flag=bool(r["risk_item_flag"]),
        invalid_reason=str(r["invalid_reason"]),
        duration_seconds=int(r["duration_seconds"]) if r["duration_seconds"] is not None else None,
        answers=str(r["answers"]),
    )
    return ResultRow(int(r["id"]), int(r["batch_id"]), str(r["batch_name"]), str(r["instrument"]), values)


def result_values(
    student_id: int, scored: ScreeningScore, *, invalid: str, taken_on: date, duration_seconds: int | None
) -> ResultValues:
    """What is written for a scored questionnaire."""
    return ResultValues(
        student_id,
        taken_on,
        scored.total,
        scored.band,
        scored.positive,
        scored.risk_flag,
        invalid,
        duration_seconds,
        encode_answers(scored.answers),
    )


def _params(v: ResultValues) -> tuple[object, ...]:
    return (
        v.taken_on.isoformat(),
        v.total_score,
        v.band,
        int(v.positive),
        int(v.risk_item_flag),
        v.invalid_reason,
        v.duration_seconds,
        v.answers,
    )


def insert_result(conn: Connection, batch_id: int, values: ResultValues) -> int:
    cur = conn.execute(
        "INSERT INTO screening_results (batch_id, student_id, taken_on, total_score, band, positive,"
        " risk_item_flag, invalid_reason, duration_seconds, answers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (batch_id, values.student_id, *_params(values)),
    )
    return int(cur.lastrowid or 0)


def update_result(conn: Connection, result_id: int, values: ResultValues) -> None:
    conn.execute(
        "UPDATE screening_results SET taken_on = ?, total_score = ?, band = ?, positive = ?,"
        " risk_item_flag = ?, invalid_reason = ?, duration_seconds = ?, answers = ? WHERE id = ?",
        (*_params(values), result_id),
    )


def result_by_id(conn: Connection, result_id: int) -> ResultRow | None:
    r = fetch_one(conn, f"{_RESULT} WHERE r.id = ?", (result_id,))
    return _result(r) if r else None


def results_in_batch(conn: Connection, batch_id: int) -> dict[int, ResultRow]:
    """student_id -> result, to tell new from updated from unchanged on a re-import."""
    rows = fetch_all(conn, f"{_RESULT} WHERE r.batch_id = ?", (batch_id,))
    return {row.values.student_id: row for row in map(_result, rows)}


def results_for_student(conn: Connection, student_id: int) -> list[ResultRow]:
    rows = fetch_all(conn, f"{_RESULT} WHERE r.student_id = ? ORDER BY r.taken_on, r.id", (student_id,))
    return [_result(r) for r in rows]


def positive_student_ids(conn: Connection, *, with_risk_items: bool = False) -> set[int]:
    """Students with a valid positive result (with_risk_items: or a risk item answered)."""
    which = "(positive = 1 OR risk_item_flag = 1)" if with_risk_items else "positive = 1"
    rows = fetch_all(conn, f"SELECT DISTINCT student_id FROM screening_results WHERE {which} AND invalid_reason = ''")
    return {int(r["student_id"]) for r in rows}


def proposal_levels(conn: Connection, result_id: int) -> list[str]:
    """The levels already proposed for a result (any status), to propose only what is new."""
    rows = fetch_all(conn, "SELECT proposed_level FROM warning_proposals WHERE result_id = ?", (result_id,))
    return [str(r["proposed_level"]) for r in rows]


@dataclass(frozen=True)
class RiskResultRow:
    """A result with a risk answer that no counselor has decided on yet."""

    result_id: int
    student_id: int
    instrument: str
    taken_on: date
    invalid_reason: str
    proposal_id: int | None  # None: no proposal at all (filed by no version of the program)
    proposed_level: str
    proposed_at: str


def risk_results_awaiting_decision(conn: Connection) -> list[RiskResultRow]:
    """Results with a risk answer whose proposal is still 待确认, or that have none at all."""
    rows = fetch_all(
        conn,
        "SELECT r.id, r.student_id, b.instrument, r.taken_on, r.invalid_reason, p.id AS proposal_id,"
        " coalesce(p.proposed_level, '') AS proposed_level, coalesce(p.created_at, '') AS proposed_at"
        " FROM screening_results r JOIN screening_batches b ON b.id = r.batch_id"
        " LEFT JOIN warning_proposals p ON p.result_id = r.id AND p.status = '待确认'"
        " WHERE r.risk_item_flag = 1 AND NOT EXISTS (SELECT 1 FROM warning_proposals d"
        " WHERE d.result_id = r.id AND d.status <> '待确认') ORDER BY r.taken_on, r.id",
    )
    return [
        RiskResultRow(
            result_id=int(r["id"]),
            student_id=int(r["student_id"]),
            instrument=str(r["instrument"]),
            taken_on=date.fromisoformat(str(r["taken_on"])),
            invalid_reason=str(r["invalid_reason"]),
            proposal_id=int(r["proposal_id"]) if r["proposal_id"] is not None else None,
            proposed_level=str(r["proposed_level"]),
            proposed_at=str(r["proposed_at"]),
        )
        for r in rows
    ]


def risk_results_without_proposal(conn: Connection, batch_id: int) -> int:
    """Results of a batch with a risk answer and no proposal of any status: always 0 when none
    was dropped (what `import screening --json` reports)."""
    row = fetch_one(
        conn,
        "SELECT count(*) AS n FROM screening_results r WHERE r.batch_id = ? AND r.risk_item_flag = 1"
        " AND NOT EXISTS (SELECT 1 FROM warning_proposals p WHERE p.result_id = r.id)",
        (batch_id,),
    )
    return int(row["n"]) if row else 0


def encode_answers(answers: tuple[int | None, ...]) -> str:
    return json.dumps(list(answers)) if answers else ""


def decode_answers(text: str) -> tuple[int | None, ...]:
    return tuple(json.loads(text)) if text else ()


# -- students as the importer needs them ------------------------------------------------------
def student_numbers(conn: Connection) -> dict[str, tuple[int, str]]:
    """学号 -> (student id, name), for matching a platform's rows to the roster."""
    rows = fetch_all(conn, "SELECT student_no, id, name FROM students")
    return {str(r["student_no"]): (int(r["id"]), str(r["name"])) for r in rows}


def student_exists(conn: Connection, student_id: int) -> bool:
    return fetch_one(conn, "SELECT 1 FROM students WHERE id = ?", (student_id,)) is not None


# -- saved column mappings ------------------------------------------------------------------
def saved_mapping(conn: Connection, signature: str) -> dict[str, str] | None:
    row = fetch_one(conn, "SELECT mapping FROM screening_mappings WHERE signature = ?", (signature,))
    return dict(json.loads(row["mapping"])) if row else None


def all_saved_headers(conn: Connection) -> set[str]:
    """Every header a saved mapping points at: they help find the header row next time."""
    rows = fetch_all(conn, "SELECT mapping FROM screening_mappings")
    return {h for r in rows for h in json.loads(r["mapping"]).values()}


def save_mapping(conn: Connection, signature: str, mapping: dict[str, str], now: datetime) -> None:
    conn.execute(
        "INSERT INTO screening_mappings (signature, mapping, saved_at) VALUES (?, ?, ?)"
        " ON CONFLICT (signature) DO UPDATE SET mapping = excluded.mapping, saved_at = excluded.saved_at",
        (signature, json.dumps(mapping, ensure_ascii=False, sort_keys=True), now.isoformat(timespec="seconds")),
    )


# -- aggregates -----------------------------------------------------------------------------
_COUNTS = (
    "count(*) AS screened, sum(r.positive AND r.invalid_reason = '') AS positives, sum(r.risk_item_flag AND"
    " r.invalid_reason = '') AS flagged, sum(r.invalid_reason <> '') AS invalid"
)


def _count(r: Row, column: str) -> int:
    return int(r[column] or 0)  # sum() over no rows is NULL


def batch_counts(conn: Connection) -> list[BatchCounts]:
    rows = fetch_all(
        conn,
        f"SELECT b.id, b.name, b.instrument, b.source, b.held_on, {_COUNTS},"
        " sum(r.risk_item_flag AND r.invalid_reason <> '') AS invalid_flagged"
        " FROM screening_batches b JOIN screening_results r ON r.batch_id = b.id"
        " GROUP BY b.id ORDER BY b.held_on DESC, b.id DESC",
    )
    return [
        BatchCounts(
            batch_id=int(r["id"]),
            name=str(r["name"]),
            instrument=str(r["instrument"]),
            source=str(r["source"]),
            held_on=str(r["held_on"]),
            screened=_count(r, "screened"),
            positives=_count(r, "positives"),
            flagged=_count(r, "flagged"),
            invalid=_count(r, "invalid"),
            invalid_flagged=_count(r, "invalid_flagged"),
        )
        for r in rows
    ]


def grade_counts(conn: Connection) -> list[GradeCounts]:
    rows = fetch_all(
        conn,
        f"SELECT coalesce(g.name, '未分班') AS grade, {_COUNTS} FROM screening_results r"
        " JOIN students s ON s.id = r.student_id LEFT JOIN classes c ON c.id = s.class_id"
        " LEFT JOIN grades g ON g.id = c.grade_id"
        " GROUP BY g.id ORDER BY coalesce(g.sort_order, 999), g.name",
    )
    return [
        GradeCounts(
            grade=str(r["grade"]),
            screened=_count(r, "screened"),
            positives=_count(r, "positives"),
            flagged=_count(r, "flagged"),
            invalid=_count(r, "invalid"),
        )
        for r in rows
    ]
