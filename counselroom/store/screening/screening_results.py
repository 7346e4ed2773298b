"""Screening batches, results, saved column mappings, and the counts the principal may see."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from counselroom.store.connection import Connection


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
    row = conn.execute(
        "SELECT id FROM screening_batches WHERE name = ? AND instrument = ? AND source = ? AND held_on = ?",
        (name, instrument, source, held_on.isoformat()),
    ).fetchone()
    return int(row[0]) if row else None


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
    "SELECT r.id, r.batch_id, b.name, b.instrument, r.student_id, r.taken_on, r.total_score,"
    " r.band, r.positive, r.risk_item_flag, r.invalid_reason, r.duration_seconds, r.answers"
    " FROM screening_results r JOIN screening_batches b ON b.id = r.batch_id"
)


def _result(r: tuple[Any, ...]) -> ResultRow:
    values = ResultValues(
        student_id=int(r[4]),
        taken_on=date.fromisoformat(str(r[5])),
        total_score=float(r[6]) if r[6] is not None else None,
        band=str(r[7]),
        positive=bool(r[8]),
        risk_item_flag=bool(r[9]),
        invalid_reason=str(r[10]),
        duration_seconds=int(r[11]) if r[11] is not None else None,
        answers=str(r[12]),
    )
    return ResultRow(int(r[0]), int(r[1]), str(r[2]), str(r[3]), values)


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
    r = conn.execute(f"{_RESULT} WHERE r.id = ?", (result_id,)).fetchone()
    return _result(r) if r else None


def results_in_batch(conn: Connection, batch_id: int) -> dict[int, ResultRow]:
    """student_id -> result, to tell new from updated from unchanged on a re-import."""
    rows = conn.execute(f"{_RESULT} WHERE r.batch_id = ?", (batch_id,)).fetchall()
    return {row.values.student_id: row for row in map(_result, rows)}


def results_for_student(conn: Connection, student_id: int) -> list[ResultRow]:
    rows = conn.execute(f"{_RESULT} WHERE r.student_id = ? ORDER BY r.taken_on, r.id", (student_id,))
    return [_result(r) for r in rows]


def has_proposal(conn: Connection, result_id: int) -> bool:
    row = conn.execute("SELECT 1 FROM warning_proposals WHERE result_id = ? LIMIT 1", (result_id,))
    return row.fetchone() is not None


def encode_answers(answers: tuple[int | None, ...]) -> str:
    return json.dumps(list(answers)) if answers else ""


def decode_answers(text: str) -> tuple[int | None, ...]:
    return tuple(json.loads(text)) if text else ()


# -- students as the importer needs them ------------------------------------------------------
def student_numbers(conn: Connection) -> dict[str, tuple[int, str]]:
    """学号 -> (student id, name), for matching a platform's rows to the roster."""
    return {str(r[0]): (int(r[1]), str(r[2])) for r in conn.execute("SELECT student_no, id, name FROM students")}


def student_exists(conn: Connection, student_id: int) -> bool:
    return conn.execute("SELECT 1 FROM students WHERE id = ?", (student_id,)).fetchone() is not None


# -- saved column mappings ------------------------------------------------------------------
def saved_mapping(conn: Connection, signature: str) -> dict[str, str] | None:
    row = conn.execute("SELECT mapping FROM screening_mappings WHERE signature = ?", (signature,)).fetchone()
    return dict(json.loads(row[0])) if row else None


def all_saved_headers(conn: Connection) -> set[str]:
    """Every header a saved mapping points at: they help find the header row next time."""
    return {h for (text,) in conn.execute("SELECT mapping FROM screening_mappings") for h in json.loads(text).values()}


def save_mapping(conn: Connection, signature: str, mapping: dict[str, str], now: datetime) -> None:
    conn.execute(
        "INSERT INTO screening_mappings (signature, mapping, saved_at) VALUES (?, ?, ?)"
        " ON CONFLICT (signature) DO UPDATE SET mapping = excluded.mapping, saved_at = excluded.saved_at",
        (signature, json.dumps(mapping, ensure_ascii=False, sort_keys=True), now.isoformat(timespec="seconds")),
    )


# -- aggregates -----------------------------------------------------------------------------
_COUNTS = (
    "count(*), sum(r.positive AND r.invalid_reason = ''), sum(r.risk_item_flag AND"
    " r.invalid_reason = ''), sum(r.invalid_reason <> '')"
)


def batch_counts(conn: Connection) -> list[BatchCounts]:
    rows = conn.execute(
        f"SELECT b.id, b.name, b.instrument, b.source, b.held_on, {_COUNTS},"
        " sum(r.risk_item_flag AND r.invalid_reason <> '')"
        " FROM screening_batches b JOIN screening_results r ON r.batch_id = b.id"
        " GROUP BY b.id ORDER BY b.held_on DESC, b.id DESC"
    ).fetchall()
    return [
        BatchCounts(int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), *(int(n or 0) for n in r[5:10]))
        for r in rows
    ]


def grade_counts(conn: Connection) -> list[GradeCounts]:
    rows = conn.execute(
        f"SELECT coalesce(g.name, '未分班'), {_COUNTS} FROM screening_results r"
        " JOIN students s ON s.id = r.student_id LEFT JOIN classes c ON c.id = s.class_id"
        " LEFT JOIN grades g ON g.id = c.grade_id"
        " GROUP BY g.id ORDER BY coalesce(g.sort_order, 999), g.name"
    ).fetchall()
    return [GradeCounts(str(r[0]), *(int(n or 0) for n in r[1:5])) for r in rows]
