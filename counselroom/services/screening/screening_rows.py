"""Reading one platform-export row at a time into a scored result, or into row errors.

Every problem is reported with the row number and the column header as the teacher sees them
in Excel/WPS, in Chinese; nothing here writes to the database.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TypeVar

from counselroom.domain.errors import ValidationError
from counselroom.domain.screening.instruments import (
    Instrument,
    InstrumentSpec,
    ScreeningScore,
    format_total,
    parse_answer,
    score,
    score_hand_total,
    score_total_only,
)
from counselroom.domain.screening.screening_columns import (
    FIELD_DATE,
    FIELD_DURATION,
    FIELD_NAME,
    FIELD_NO,
    FIELD_TOTAL,
    FIELD_VALIDITY,
    item_field,
    item_number_of_field,
    parse_taken_on,
)
from counselroom.domain.screening.screening_quality import invalid_reason, parse_duration
from counselroom.domain.visible_text import visible
from counselroom.services.students.sheets import SheetRow
from counselroom.store.screening.screening_results import ResultValues, result_values

T = TypeVar("T")


@dataclass(frozen=True)
class RowError:
    row: int | None
    column: str
    message: str

    def __post_init__(self) -> None:
        # The header and the message may quote the school's file: never its invisible characters raw.
        object.__setattr__(self, "column", visible(self.column))
        object.__setattr__(self, "message", visible(self.message))

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row is not None else ""
        column = f"“{self.column}”" if self.column else ""
        return f"{where}{column}：{self.message}" if where or column else self.message

    def to_json(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class ParsedRow:
    row: int
    student_id: int
    student_no: str
    name: str  # as on the roster
    scored: ScreeningScore
    values: ResultValues


def check_columns(spec: InstrumentSpec | None, instrument: str, columns: dict[str, int], cutoff: float | None) -> None:
    """The mapping as a whole: all items of a built-in (or none, with a total), a cutoff for
    a hand-scored scale."""
    items = sorted(n for f in columns if (n := item_number_of_field(f)) is not None)
    if spec is None:
        if FIELD_TOTAL not in columns:
            raise ValidationError(f"{instrument} 不是内置量表，只能导入总分：请指定总分列", field=FIELD_TOTAL)
        if cutoff is None or cutoff <= 0:
            raise ValidationError(f"{instrument} 不是内置量表，请给出筛查阳性的临界值（分数线）", field="临界值")
        return
    required = spec.item_count - (1 if spec.code is Instrument.ASQ else 0)  # ASQ Q5 only after a yes or a refusal
    missing = [item_field(n) for n in range(1, required + 1) if n not in items]
    if items and missing:
        raise ValidationError(f"{instrument} 的题目列不全，还缺：{'、'.join(missing)}", field=missing[0])
    if not items and FIELD_TOTAL not in columns:
        raise ValidationError("请指定各题的列，或至少指定总分列", field=FIELD_TOTAL)


def normalise_student_no(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").upper()


def _squash_name(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").replace("·", "").replace("•", "")


class RowReader:
    """Turns rows into ParsedRow or RowError, with the mapping and roster it was given."""

    def __init__(
        self,
        *,
        spec: InstrumentSpec | None,
        instrument: str,
        columns: dict[str, int],
        headers: tuple[str, ...],
        students: dict[str, tuple[int, str]],
        held_on: date,
        cutoff: float | None,
        lie_max: float | None,
        today: date,
    ):
        self.spec, self.instrument, self.columns, self.headers = spec, instrument, columns, headers
        self.students = {normalise_student_no(k): v for k, v in students.items()}
        self.held_on, self.cutoff, self.lie_max, self.today = held_on, cutoff, lie_max, today
        self.risky_error_rows: list[int] = []  # a risk answer on a row an error keeps out
        # 用时(分钟): a bare number there is minutes, not seconds.
        unit = unicodedata.normalize("NFKC", self._header(FIELD_DURATION)).upper()
        self._minutes = "分钟" in unit or "(分)" in unit or "MIN" in unit

    def read_all(self, rows: Iterable[SheetRow]) -> tuple[list[ParsedRow], list[RowError]]:
        parsed: list[ParsedRow] = []
        errors: list[RowError] = []
        seen: dict[int, int] = {}  # student id -> first row
        rows = list(rows)
        self._check_lie_scores(rows)
        for row in rows:
            if not any(self._cell(row, f) for f in self.columns):
                continue  # a footer or spacer outside the mapped columns
            result, row_errors = self.read(row)
            if result is not None and result.student_id in seen:
                row_errors.append(
                    self._error(row, FIELD_NO, f"学号 {result.student_no} 与第 {seen[result.student_id]} 行重复")
                )
            errors += row_errors
            if result is not None and not row_errors:
                seen[result.student_id] = row.number
                parsed.append(result)
            elif result is not None and result.scored.risk_flag:
                self.risky_error_rows.append(row.number)
        return parsed, errors

    def _check_lie_scores(self, rows: list[SheetRow]) -> None:
        """Lie scores need a limit; asked once for the file rather than on every row."""
        if FIELD_VALIDITY not in self.columns or self.lie_max is not None:
            return
        for row in rows:
            try:
                float(unicodedata.normalize("NFKC", self._cell(row, FIELD_VALIDITY)))
            except ValueError:
                continue
            raise ValidationError(
                f"“{self._header(FIELD_VALIDITY)}”列是测谎分：请给出测谎分的上限（高于上限为无效问卷）",
                field=FIELD_VALIDITY,
            )

    def read(self, row: SheetRow) -> tuple[ParsedRow | None, list[RowError]]:
        errors: list[RowError] = []
        student = self._student(row, errors)
        before = len(errors)
        answers = self._answers(row, errors)
        # An unreadable item is already reported: scoring it again would only repeat that.
        scored = (
            self._try(row, errors, FIELD_TOTAL, lambda: self._score(row, answers)) if len(errors) == before else None
        )
        duration = self._try(
            row, errors, FIELD_DURATION, lambda: parse_duration(self._cell(row, FIELD_DURATION), minutes=self._minutes)
        )
        taken_on = self._try(
            row, errors, FIELD_DATE, lambda: parse_taken_on(self._cell(row, FIELD_DATE), today=self.today)
        )
        invalid = self._try(
            row,
            errors,
            FIELD_VALIDITY,
            lambda: invalid_reason(
                item_count=self._item_count(answers),
                duration_seconds=duration,
                validity=self._cell(row, FIELD_VALIDITY),
                lie_max=self.lie_max,
            ),
        )
        if student is None or scored is None or invalid is None or errors:
            if scored is not None and scored.risk_flag:
                self.risky_error_rows.append(row.number)
            return None, errors
        values = result_values(
            student[0], scored, invalid=invalid, taken_on=taken_on or self.held_on, duration_seconds=duration
        )
        return ParsedRow(row.number, student[0], student[2], student[1], scored, values), errors

    # -- cells ------------------------------------------------------------------------------
    def _cell(self, row: SheetRow, fld: str) -> str:
        index = self.columns.get(fld)
        return row.cells[index].strip() if index is not None and index < len(row.cells) else ""

    def _header(self, fld: str) -> str:
        index = self.columns.get(fld)
        return self.headers[index] if index is not None else fld

    def _error(self, row: SheetRow, fld: str, message: str) -> RowError:
        return RowError(row.number, self._header(fld), message)

    def _try(self, row: SheetRow, errors: list[RowError], fld: str, work: Callable[[], T]) -> T | None:
        try:
            return work()
        except ValidationError as exc:
            # An item's own complaint (e.g. ASQ 第5题) names that item's column.
            target = exc.field if exc.field and exc.field in self.columns else fld
            errors.append(self._error(row, target, exc.message))
            return None

    # -- fields -----------------------------------------------------------------------------
    def _student(self, row: SheetRow, errors: list[RowError]) -> tuple[int, str, str] | None:
        number = normalise_student_no(self._cell(row, FIELD_NO))
        if not number:
            errors.append(self._error(row, FIELD_NO, "学号为空"))
            return None
        found = self.students.get(number)
        if found is None:
            errors.append(self._error(row, FIELD_NO, f"学生名单中没有学号 {number}（请先导入或核对学生名单）"))
            return None
        given = self._cell(row, FIELD_NAME)
        if given and _squash_name(given) != _squash_name(found[1]):
            errors.append(self._error(row, FIELD_NAME, f"姓名“{given}”与名单中学号 {number} 的姓名不一致"))
        return found[0], found[1], number

    def _item_columns(self) -> list[tuple[int, str]]:
        if self.spec is None:
            return []
        return sorted((n, f) for f in self.columns if (n := item_number_of_field(f)) is not None)

    def _answers(self, row: SheetRow, errors: list[RowError]) -> tuple[int | None, ...] | None:
        """The item answers when items are mapped; None when only a total is imported."""
        spec, items = self.spec, self._item_columns()
        if spec is None or not items:
            return None
        return tuple(self._try(row, errors, f, partial(self._answer, spec, row, f, n)) for n, f in items)

    def _answer(self, spec: InstrumentSpec, row: SheetRow, fld: str, number: int) -> int | None:
        return parse_answer(spec, self._cell(row, fld), number)

    def _score(self, row: SheetRow, answers: tuple[int | None, ...] | None) -> ScreeningScore:
        if self.spec is None:
            return score_hand_total(self.instrument, self._total(row, required=True) or 0.0, self.cutoff)
        if answers is None:
            return score_total_only(self.spec, self._total(row, required=True) or 0.0)
        scored = score(self.spec, answers)
        given = self._total(row, required=False)
        if given is not None and given != scored.total:
            raise ValidationError(
                f"总分 {format_total(given)} 与各题得分之和 {format_total(scored.total)} "
                "不一致，请检查题目列是否对应正确",
                field=FIELD_TOTAL,
            )
        return scored

    def _total(self, row: SheetRow, *, required: bool) -> float | None:
        text = unicodedata.normalize("NFKC", self._cell(row, FIELD_TOTAL)).removesuffix("分").strip()
        if not text:
            if required:
                raise ValidationError("总分为空", field=FIELD_TOTAL)
            return None
        try:
            return float(text)
        except ValueError:
            raise ValidationError(f"总分“{text}”不是数字", field=FIELD_TOTAL) from None

    def _item_count(self, answers: tuple[int | None, ...] | None) -> int:
        if answers is not None:
            return len(answers)
        return self.spec.item_count if self.spec else 0  # the form's length, for the too-fast check
