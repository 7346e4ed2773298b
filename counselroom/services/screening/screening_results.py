"""Screening (心理普查/筛查) entered in the program, read back, and counted.

A result is scored by the domain's published rules and stored in a batch. When it is valid
and positive or flagged it *proposes* a warning level that a counselor confirms or rejects;
an invalid questionnaire is kept with its reason and proposes only on a risk answer (a risk
answer always reaches a person, whatever the validity checks say). Item answers are as
confidential as notes: only counselors and the lead read them, and every read is audited.
The principal gets counts only (SPEC §1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.care.warning_reasons import screening_reason
from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import AlreadyExists, NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.screening.instruments import (
    ScreeningScore,
    built_in,
    format_total,
    instrument_name,
    propose_level,
    score,
    score_hand_total,
)
from counselroom.domain.screening.screening_quality import invalid_reason, review_notes
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.store import audit_log, care_counts
from counselroom.store.care import warnings as warning_store
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.screening import screening_results as store

SOURCE_ENTERED = "录入"
SOURCE_IMPORTED = "导入"
DEFAULT_ENTRY_BATCH = "个别录入"


@dataclass(frozen=True)
class ScreeningOutcome:
    result_id: int
    instrument: str
    total: float
    band: str
    positive: bool
    risk_flag: bool
    invalid_reason: str
    proposed_level: WarningLevel | None
    flags: tuple[str, ...]
    changes: Changes
    review_notes: tuple[str, ...] = ()  # valid, but worth a second look (the same answer throughout)

    @property
    def summary(self) -> str:
        return self.changes.summary


@dataclass(frozen=True)
class ScreeningSummary:
    """One result without its item answers: what the 测评 tab and the trend chart show."""

    result_id: int
    taken_on: date
    instrument: str
    batch_name: str
    total: float | None
    band: str
    positive: bool
    risk_flag: bool
    invalid_reason: str
    review_note: str = ""  # valid, but worth a second look (the same answer throughout)

    @property
    def point(self) -> tuple[date, str, float | None]:
        return (self.taken_on, self.instrument, self.total)


@dataclass(frozen=True)
class AnswerLine:
    number: int
    text: str
    answer: int | None
    label: str


@dataclass(frozen=True)
class ScreeningAnswers:
    result_id: int
    student_id: int
    instrument: str
    taken_on: date
    total: float | None
    band: str
    lines: tuple[AnswerLine, ...]


@dataclass(frozen=True)
class BatchStats:
    batch_name: str
    instrument: str
    source: str
    held_on: str
    screened: int
    positives: int
    flagged: int
    invalid: int
    invalid_flagged: int  # invalid, yet a risk item was answered: a counselor should look


@dataclass(frozen=True)
class GradeStats:
    grade: str
    screened: int
    positives: int
    flagged: int
    invalid: int


@dataclass(frozen=True)
class ScreeningOverview:
    """Aggregates only: no names, no student ids, no answers."""

    batches: tuple[BatchStats, ...]
    grades: tuple[GradeStats, ...]


# -- entering ------------------------------------------------------------------------------
def enter_screening(
    db: Database,
    actor: Actor,
    student_id: int,
    *,
    instrument: str,
    answers: Sequence[int | None],
    taken_on: date,
    duration_seconds: int | None = None,
    batch_name: str = "",
    total: float | None = None,
    cutoff: float | None = None,
    now: datetime,
) -> ScreeningOutcome:
    """Score and store one questionnaire. A copyrighted scale takes `total` and `cutoff` instead
    of answers."""
    authorize(db, actor, Permission.RECORD_SCREENING, now=now, object_type="student", object_id=student_id)
    if not store.student_exists(db.conn, student_id):
        raise NotFound("找不到这名学生")
    if taken_on > now.date():
        raise ValidationError("测评日期不能晚于今天", field="测评日期")
    scored = _score_entry(instrument, answers, total, cutoff)
    invalid = invalid_reason(item_count=len(scored.answers), duration_seconds=duration_seconds)
    name = batch_name.strip() or DEFAULT_ENTRY_BATCH
    with db.transaction() as conn:
        batch_id = _entry_batch(conn, actor, name, scored.instrument, taken_on, now)
        if student_id in store.results_in_batch(conn, batch_id):
            raise AlreadyExists(
                f"{taken_on.isoformat()} 的“{name}”中已有该生的 {scored.instrument} 结果；"
                "如是重测，请填写另一个批次名称",
                field="批次",
            )
        result_id, level = store_result(
            conn,
            batch_id,
            student_id,
            scored,
            invalid=invalid,
            taken_on=taken_on,
            duration_seconds=duration_seconds,
            now=now,
        )
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.SCREENING_ENTERED,
            object_type="screening_result",
            object_id=result_id,
            detail=f"{scored.instrument} 学生 {student_id}",
        )
    return _outcome(result_id, scored, invalid, level)


def _score_entry(
    instrument: str, answers: Sequence[int | None], total: float | None, cutoff: float | None
) -> ScreeningScore:
    spec = built_in(instrument)
    if spec is not None:
        return score(spec, answers)
    if total is None:
        raise ValidationError("不是内置量表：请填写总分和临界值", field="总分")
    return score_hand_total(instrument_name(instrument), total, cutoff)


def _entry_batch(conn: Connection, actor: Actor, name: str, instrument: str, held_on: date, now: datetime) -> int:
    found = store.find_batch(conn, name=name, instrument=instrument, source=SOURCE_ENTERED, held_on=held_on)
    return found or store.insert_batch(
        conn,
        name=name,
        instrument=instrument,
        source=SOURCE_ENTERED,
        held_on=held_on,
        file_name="",
        created_by=actor.user_id,
        now=now,
    )


def store_result(
    conn: Connection,
    batch_id: int,
    student_id: int,
    scored: ScreeningScore,
    *,
    invalid: str,
    taken_on: date,
    duration_seconds: int | None,
    now: datetime,
) -> tuple[int, WarningLevel | None]:
    """Write a result and, when warranted, its proposal (shared with the importer)."""
    values = store.result_values(
        student_id, scored, invalid=invalid, taken_on=taken_on, duration_seconds=duration_seconds
    )
    result_id = store.insert_result(conn, batch_id, values)
    return result_id, propose_for(conn, result_id, student_id, scored, invalid=invalid, now=now)


def propose_for(
    conn: Connection, result_id: int, student_id: int, scored: ScreeningScore, *, invalid: str, now: datetime
) -> WarningLevel | None:
    """File the proposal a result warrants, unless one at that level or higher is already there;
    returns the level filed now. An invalid sheet proposes on its risk answers only."""
    level = propose_level(scored, invalid=invalid)
    if level is None:
        return None
    earlier = [WarningLevel(v) for v in store.proposal_levels(conn, result_id)]
    if any(e.rank >= level.rank for e in earlier):
        return None
    reason = screening_reason(scored, invalid=invalid, notes=review_notes(scored.answers))
    warning_store.insert_proposal(conn, student_id=student_id, level=level, reason=reason, now=now, result_id=result_id)
    return level


def _outcome(result_id: int, scored: ScreeningScore, invalid: str, level: WarningLevel | None) -> ScreeningOutcome:
    notes = review_notes(scored.answers)
    text = f"已保存 {scored.instrument}：总分 {format_total(scored.total)}，{scored.band}"
    if invalid:
        text += f"；无效问卷（{invalid}）"
    if level is not None:
        text += "，但风险题有作答" if invalid else ""
        text += f"；已生成{level.label}预警建议，待心理教师确认"
    elif invalid:
        text += "，不生成预警建议"
    text += "".join(f"；请复核：{n}" for n in notes)
    kinds = (ChangeKind.SCREENING, ChangeKind.WARNINGS) if level else (ChangeKind.SCREENING,)
    return ScreeningOutcome(
        result_id,
        scored.instrument,
        scored.total,
        scored.band,
        scored.positive,
        scored.risk_flag,
        invalid,
        level,
        scored.flags,
        Changes.of(*kinds, summary=text),
        notes,
    )


# -- reading -------------------------------------------------------------------------------
def student_screening_history(db: Database, actor: Actor, student_id: int, *, now: datetime) -> list[ScreeningSummary]:
    authorize(db, actor, Permission.VIEW_SCREENING_DETAIL, now=now, object_type="student", object_id=student_id)
    if not store.student_exists(db.conn, student_id):
        raise NotFound("找不到这名学生")
    rows = store.results_for_student(db.conn, student_id)
    with db.transaction() as conn:
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.SCREENING_VIEWED,
            object_type="student",
            object_id=student_id,
            detail="测评记录",
        )
    return [_summary(r) for r in rows]


def _summary(row: store.ResultRow) -> ScreeningSummary:
    v = row.values
    return ScreeningSummary(
        row.id,
        v.taken_on,
        row.instrument,
        row.batch_name,
        v.total_score,
        v.band,
        v.positive,
        v.risk_item_flag,
        v.invalid_reason,
        "；".join(review_notes(store.decode_answers(v.answers))),
    )


def screening_answers(db: Database, actor: Actor, result_id: int, *, now: datetime) -> ScreeningAnswers:
    """The item answers of one result: confidential like notes, so every read is audited."""
    authorize(db, actor, Permission.VIEW_SCREENING_DETAIL, now=now, object_type="screening_result", object_id=result_id)
    row = store.result_by_id(db.conn, result_id)
    if row is None:
        raise NotFound("找不到这份测评结果")
    with db.transaction() as conn:
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.SCREENING_VIEWED,
            object_type="screening_result",
            object_id=result_id,
            detail="逐题作答",
        )
    v = row.values
    return ScreeningAnswers(
        row.id,
        v.student_id,
        row.instrument,
        v.taken_on,
        v.total_score,
        v.band,
        _lines(row.instrument, store.decode_answers(v.answers)),
    )


def _lines(instrument: str, answers: tuple[int | None, ...]) -> tuple[AnswerLine, ...]:
    spec = built_in(instrument)
    if spec is None:  # a copyrighted scale: its item texts are not reproduced
        return tuple(AnswerLine(i, f"第 {i} 题", a, format_total(a)) for i, a in enumerate(answers, 1))
    return tuple(
        AnswerLine(i, spec.items[i - 1], a, spec.answer_label(a))
        for i, a in enumerate(answers, start=1)
        if i <= spec.item_count
    )


def screening_overview(db: Database, actor: Actor, *, now: datetime) -> ScreeningOverview:
    """Counts per batch and per grade, for everyone with VIEW_AGGREGATES (the principal too)."""
    authorize(db, actor, Permission.VIEW_AGGREGATES, now=now)
    batches = tuple(
        BatchStats(
            b.name, b.instrument, b.source, b.held_on, b.screened, b.positives, b.flagged, b.invalid, b.invalid_flagged
        )
        for b in care_counts.batch_counts(db.conn)  # kept in the school store by the care side
    )
    grades = tuple(
        GradeStats(g.grade, g.screened, g.positives, g.flagged, g.invalid) for g in care_counts.grade_counts(db.conn)
    )
    return ScreeningOverview(batches, grades)
