"""Importing another platform's screening results (XLSX/CSV) with a column-mapping step.

inspect → the counselor checks the mapping → preview (row errors, new/updated/unchanged) →
apply, all or nothing. The mapping used is saved, keyed by the file's header row, so next
term's export from the same platform maps itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from counselroom.domain.audit import AuditAction
from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.screening.instruments import built_in, instrument_name, propose_level
from counselroom.domain.screening.screening_columns import (
    FIELD_NO,
    fields_for,
    guess_instrument,
    item_number,
    item_number_of_field,
    known_headers,
    suggest_mapping,
)
from counselroom.domain.screening.screening_quality import review_notes
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.services.screening import screening_rows
from counselroom.services.screening.screening_results import SOURCE_IMPORTED, propose_for, store_result
from counselroom.services.screening.screening_rows import RowError
from counselroom.services.students.sheets import Sheet, SheetRow, find_header_row, normalise_header, read_sheet
from counselroom.store import audit_log
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.screening import screening_results as store

SAMPLE_ROWS = 5
ERRORS_IN_MESSAGE = 5
Progress = Callable[[int, int], None]  # (done, total), for a progress bar
# Progress in tenths: reading the file is most of a preview; an apply then writes row by row.
READ, CHECKED, STEPS = 5, 9, 10
ROWS_PER_REPORT = 50


@dataclass(frozen=True)
class ScreeningFileInfo:
    file_name: str
    header_row: int
    headers: tuple[str, ...]
    sample_rows: tuple[tuple[str, ...], ...]
    suggested_mapping: dict[str, str]  # field -> header
    mapping_saved: bool  # the mapping saved for this header row, not a guess
    suggested_instrument: str


@dataclass(frozen=True)
class PreviewRow:
    row: int
    student_no: str
    name: str
    total: float | None
    band: str
    positive: bool
    risk_flag: bool
    invalid_reason: str
    status: str  # 新增 / 更新 / 不变
    proposed_level: WarningLevel | None
    review_note: str = ""  # valid, but worth a second look (the same answer throughout)


@dataclass(frozen=True)
class ScreeningPreview:
    instrument: str
    held_on: date  # the batch's date: as given, else the earliest 测评日期 in the file, else today
    rows: tuple[PreviewRow, ...]
    errors: tuple[RowError, ...]
    risky_error_rows: tuple[int, ...] = ()  # rows with a risk answer that an error keeps out

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def proposals(self) -> int:
        return sum(1 for r in self.rows if r.proposed_level and r.status != "不变")

    @property
    def invalid(self) -> int:
        return sum(1 for r in self.rows if r.invalid_reason)

    @property
    def risk_answers(self) -> int:
        """Rows with a risk answer, valid or not: each of them proposes or already has a proposal."""
        return sum(1 for r in self.rows if r.risk_flag)


@dataclass(frozen=True)
class ScreeningImportChanges(Changes):
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0
    proposals: int = 0  # proposals filed by this import
    errors: tuple[RowError, ...] = field(default_factory=tuple)
    by_level: tuple[tuple[WarningLevel, int], ...] = ()  # proposals filed, red first
    risk_answers: int = 0  # results with a risk answer, valid or not
    risk_answers_invalid: int = 0
    risk_answers_without_proposal: int = 0  # after the import: 0 unless one was dropped

    def to_json(self) -> dict[str, object]:
        """The shape of SPEC §6 that school IT scripts read (documented in README 命令行)."""
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "invalid": self.invalid,
            "proposals": {level.value: n for level, n in self.by_level},
            "risk_answers": self.risk_answers,
            "risk_answers_without_proposal": self.risk_answers_without_proposal,
            "errors": [e.to_json() for e in self.errors],
        }


def rejected_json(errors: Sequence[RowError], *, risk_rows: Sequence[int] = ()) -> dict[str, object]:
    """The same shape when nothing was imported: every risk answer read is then without a proposal."""
    return {
        "new": 0,
        "updated": 0,
        "unchanged": 0,
        "invalid": 0,
        "proposals": {level.value: 0 for level in _LEVELS},
        "risk_answers": len(risk_rows),
        "risk_answers_without_proposal": len(risk_rows),
        "errors": [e.to_json() for e in errors],
    }


_LEVELS = (WarningLevel.RED, WarningLevel.ORANGE, WarningLevel.YELLOW)


class ScreeningImportRejected(ValidationError):
    """Some rows are wrong: nothing was imported. `errors` names each row and column;
    `risk_rows` are the rows read with a risk answer, which must not wait for long."""

    def __init__(self, errors: tuple[RowError, ...], *, risk_rows: tuple[int, ...] = ()):
        shown = "；".join(str(e) for e in errors[:ERRORS_IN_MESSAGE])
        more = f"；另有 {len(errors) - ERRORS_IN_MESSAGE} 处" if len(errors) > ERRORS_IN_MESSAGE else ""
        super().__init__(f"有 {len(errors)} 处错误，未导入任何数据：{shown}{more}{risk_warning(risk_rows)}")
        self.errors = errors
        self.risk_rows = risk_rows


def risk_warning(rows: Sequence[int]) -> str:
    """Said wherever a file is refused: rows with a risk answer are not to be left lying."""
    if not rows:
        return ""
    listed = "、".join(str(r) for r in rows[:ERRORS_IN_MESSAGE]) + ("等" if len(rows) > ERRORS_IN_MESSAGE else "")
    return f"。注意：第 {listed} 行（共 {len(rows)} 份）有风险题作答，请尽快改正后重新导入"


# -- inspect -------------------------------------------------------------------------------
def inspect_screening_file(db: Database, actor: Actor, path: Path, *, now: datetime) -> ScreeningFileInfo:
    """Headers, a few rows, and the mapping to start from (the saved one when there is one)."""
    authorize(db, actor, Permission.RECORD_SCREENING, now=now)
    sheet, header = _read(db.conn, path)
    headers = _headers(header)
    saved = store.saved_mapping(db.conn, _signature(headers))
    usable = saved is not None and set(saved.values()) <= set(headers)
    mapping = dict(saved) if usable and saved else suggest_mapping(headers)
    samples = tuple(r.cells[: len(headers)] for r in _data_rows(sheet, header)[:SAMPLE_ROWS])
    titles = [c for r in sheet.rows[: header.number - 1] for c in r.cells] + [sheet.name, path.stem]
    items = sum(1 for h in headers if item_number(h) is not None)
    return ScreeningFileInfo(
        path.name, header.number, headers, samples, mapping, usable, guess_instrument(titles, items)
    )


def _read(conn: Connection, path: Path) -> tuple[Sheet, SheetRow]:
    sheet = read_sheet(path)
    return sheet, find_header_row(sheet, known_headers() | store.all_saved_headers(conn))


def _headers(header: SheetRow) -> tuple[str, ...]:
    cells = list(header.cells)
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


def _signature(headers: tuple[str, ...]) -> str:
    return "|".join(normalise_header(h) for h in headers)


def _data_rows(sheet: Sheet, header: SheetRow) -> list[SheetRow]:
    return [r for r in sheet.rows if r.number > header.number and not r.is_blank()]


# -- preview -------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Plan:
    """What an import would do, computed the same way for preview and apply."""

    instrument: str
    held_on: date
    headers: tuple[str, ...]
    parsed: tuple[screening_rows.ParsedRow, ...]
    errors: tuple[RowError, ...]
    batch_id: int | None
    existing: dict[int, store.ResultRow]
    risky_error_rows: tuple[int, ...]  # a risk answer on a row an error keeps out

    @property
    def risk_rows(self) -> tuple[int, ...]:
        """Every row read with a risk answer, imported or not."""
        return tuple(sorted({p.row for p in self.parsed if p.scored.risk_flag} | set(self.risky_error_rows)))


def preview_screening_import(
    db: Database,
    actor: Actor,
    path: Path,
    mapping: Mapping[str, str],
    *,
    instrument: str,
    batch_name: str = "",
    held_on: date | None = None,
    cutoff: float | None = None,
    lie_max: float | None = None,
    now: datetime,
    progress: Progress | None = None,
) -> ScreeningPreview:
    """`progress(done, total)` is told each step (a caller may stop the preview by raising there)."""
    authorize(db, actor, Permission.RECORD_SCREENING, now=now)
    step = progress or _no_progress
    plan = _plan(
        db.conn,
        path,
        mapping,
        instrument=instrument,
        batch_name=batch_name,
        held_on=held_on,
        cutoff=cutoff,
        lie_max=lie_max,
        today=now.date(),
        step=step,
    )
    rows = tuple(_preview_row(p, plan.existing) for p in plan.parsed)
    step(STEPS, STEPS)
    return ScreeningPreview(plan.instrument, plan.held_on, rows, plan.errors, plan.risky_error_rows)


def _plan(
    conn: Connection,
    path: Path,
    mapping: Mapping[str, str],
    *,
    instrument: str,
    batch_name: str,
    held_on: date | None,
    cutoff: float | None,
    lie_max: float | None,
    today: date,
    step: Progress,
) -> _Plan:
    name = instrument_name(instrument)
    if held_on and held_on > today:
        raise ValidationError("测评日期不能晚于今天", field="测评日期")
    step(0, STEPS)
    sheet, header = _read(conn, path)
    step(READ, STEPS)
    headers = _headers(header)
    columns = _columns(mapping, headers, name, cutoff)
    reader = screening_rows.RowReader(
        spec=built_in(name),
        instrument=name,
        columns=columns,
        headers=headers,
        students=store.student_numbers(conn),
        held_on=held_on or today,
        cutoff=cutoff,
        lie_max=lie_max,
        today=today,
    )
    parsed, errors = reader.read_all(_data_rows(sheet, header))
    step(CHECKED, STEPS)
    # Why the file's own date: re-importing the same export another day must find the same batch.
    day = held_on or min((p.values.taken_on for p in parsed), default=today)
    batch_id = store.find_batch(
        conn, name=batch_name.strip() or path.stem, instrument=name, source=SOURCE_IMPORTED, held_on=day
    )
    existing = store.results_in_batch(conn, batch_id) if batch_id else {}
    return _Plan(name, day, headers, tuple(parsed), tuple(errors), batch_id, existing, tuple(reader.risky_error_rows))


def _columns(
    mapping: Mapping[str, str], headers: tuple[str, ...], instrument: str, cutoff: float | None
) -> dict[str, int]:
    """field -> column index; the mapping must name real headers and fit the instrument."""
    spec = built_in(instrument)
    allowed = set(fields_for(spec))
    columns: dict[str, int] = {}
    for fld, header in mapping.items():
        if not header or (fld not in allowed and item_number_of_field(fld) is None):
            continue
        if header not in headers:
            raise ValidationError(f"文件中没有“{header}”这一列", field=fld)
        if fld not in allowed:
            count = spec.item_count if spec else 0
            raise ValidationError(f"{instrument} 只有 {count} 题，却对应了“{fld}”的列，请检查量表是否选对", field=fld)
        columns[fld] = headers.index(header)
    if FIELD_NO not in columns:
        raise ValidationError("请指定哪一列是学号（用来对应学生名单）", field=FIELD_NO)
    screening_rows.check_columns(spec, instrument, columns, cutoff)
    return columns


def _status(parsed: screening_rows.ParsedRow, existing: dict[int, store.ResultRow]) -> str:
    before = existing.get(parsed.student_id)
    if before is None:
        return "新增"
    return "不变" if before.values == parsed.values else "更新"


def _preview_row(p: screening_rows.ParsedRow, existing: dict[int, store.ResultRow]) -> PreviewRow:
    level = propose_level(p.scored, invalid=p.values.invalid_reason)
    return PreviewRow(
        p.row,
        p.student_no,
        p.name,
        p.values.total_score,
        p.values.band,
        p.values.positive,
        p.values.risk_item_flag,
        p.values.invalid_reason,
        _status(p, existing),
        level,
        "；".join(review_notes(p.scored.answers)),
    )


# -- apply ---------------------------------------------------------------------------------
def apply_screening_import(
    db: Database,
    actor: Actor,
    path: Path,
    mapping: Mapping[str, str],
    *,
    instrument: str,
    batch_name: str = "",
    held_on: date | None = None,
    cutoff: float | None = None,
    lie_max: float | None = None,
    now: datetime,
    progress: Progress | None = None,
) -> ScreeningImportChanges:
    """All or nothing: any row error raises ScreeningImportRejected and nothing is written.
    `progress(done, total)` is told each step and then every few rows written; raising there
    rolls everything back."""
    authorize(db, actor, Permission.RECORD_SCREENING, now=now)
    step = progress or _no_progress
    name = batch_name.strip() or path.stem
    plan = _plan(
        db.conn,
        path,
        mapping,
        instrument=instrument,
        batch_name=name,
        held_on=held_on,
        cutoff=cutoff,
        lie_max=lie_max,
        today=now.date(),
        step=lambda done, total: step(done, total * 2),  # reading is the first half
    )
    if plan.errors:
        raise ScreeningImportRejected(plan.errors, risk_rows=plan.risk_rows)
    if not plan.parsed:
        raise ValidationError("文件中没有可导入的数据行", field=path.name)
    with db.transaction() as conn:
        batch_id = plan.batch_id or store.insert_batch(
            conn,
            name=name,
            instrument=plan.instrument,
            source=SOURCE_IMPORTED,
            held_on=plan.held_on,
            file_name=path.name,
            created_by=actor.user_id,
            now=now,
        )
        counts = _write_rows(conn, batch_id, plan, now, step)
        counts["unproposed"] = store.risk_results_without_proposal(conn, batch_id)
        store.save_mapping(conn, _signature(plan.headers), {k: v for k, v in mapping.items() if v}, now)
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.SCREENING_IMPORTED,
            object_type="screening_batch",
            object_id=batch_id,
            detail=f"{path.name}：{plan.instrument}，{_count_text(counts)}",
        )
    return _changes(plan, counts)


def _write_rows(conn: Connection, batch_id: int, plan: _Plan, now: datetime, step: Progress) -> dict[str, int]:
    counts = {"新增": 0, "更新": 0, "不变": 0, "proposals": 0} | {level.value: 0 for level in _LEVELS}
    rows = len(plan.parsed)
    for done, p in enumerate(plan.parsed):
        if done % ROWS_PER_REPORT == 0:  # the second half of the bar: rows written
            step(rows + done, rows * 2)
        status = _status(p, plan.existing)
        counts[status] += 1
        level = _write_row(conn, batch_id, plan, p, status, now)
        if level is not None:
            counts["proposals"] += 1
            counts[level.value] += 1
    return counts


def _write_row(
    conn: Connection, batch_id: int, plan: _Plan, p: screening_rows.ParsedRow, status: str, now: datetime
) -> WarningLevel | None:
    """The row written (or left as it is) and the level of any proposal filed for it now."""
    invalid = p.values.invalid_reason
    if status == "新增":
        _, level = store_result(
            conn,
            batch_id,
            p.student_id,
            p.scored,
            invalid=invalid,
            taken_on=p.values.taken_on,
            duration_seconds=p.values.duration_seconds,
            now=now,
        )
        return level
    result_id = plan.existing[p.student_id].id
    if status == "更新":
        store.update_result(conn, result_id, p.values)
    # Unchanged rows too: a risk answer an earlier version left without a proposal gets one now.
    return propose_for(conn, result_id, p.student_id, p.scored, invalid=invalid, now=now)


def _no_progress(done: int, total: int) -> None:
    pass


def _count_text(counts: dict[str, int]) -> str:
    levels = "、".join(f"{level.label} {counts[level.value]}" for level in _LEVELS if counts[level.value])
    return (
        f"新增 {counts['新增']} 条，更新 {counts['更新']} 条，不变 {counts['不变']} 条，"
        f"预警建议 {counts['proposals']} 条" + (f"（{levels}）" if levels else "")
    )


def _changes(plan: _Plan, counts: dict[str, int]) -> ScreeningImportChanges:
    invalid = sum(1 for p in plan.parsed if p.values.invalid_reason)
    risky = [p for p in plan.parsed if p.scored.risk_flag]
    risky_invalid = sum(1 for p in risky if p.values.invalid_reason)
    summary = f"已导入 {plan.instrument} 测评：{_count_text(counts)}（待心理教师确认）；无效问卷 {invalid} 份"
    if risky:
        summary += f"；风险题有作答 {len(risky)} 份（其中无效问卷 {risky_invalid} 份）"
        missing = counts["unproposed"]
        summary += f"，其中 {missing} 份没有预警建议，请立即核实" if missing else "，都已有预警建议"
    kinds = (ChangeKind.SCREENING, ChangeKind.WARNINGS) if counts["proposals"] else (ChangeKind.SCREENING,)
    return ScreeningImportChanges(
        frozenset(kinds),
        summary,
        new=counts["新增"],
        updated=counts["更新"],
        unchanged=counts["不变"],
        invalid=invalid,
        proposals=counts["proposals"],
        by_level=tuple((level, counts[level.value]) for level in _LEVELS),
        risk_answers=len(risky),
        risk_answers_invalid=risky_invalid,
        risk_answers_without_proposal=counts["unproposed"],
    )
