"""A roster sheet's lines → valid EnrolmentRows, or RowErrors naming row, column and reason.

Pure: no files and no database. The service reads the sheet, finds the header line, and
hands the lines here; what is already in the database is compared elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from counselroom.domain.errors import ValidationError
from counselroom.domain.school.class_names import ClassName, parse_class, parse_grade
from counselroom.domain.students.enrolment_columns import KNOWN_HEADERS, ColumnMap, Line, read_header
from counselroom.domain.students.enrolment_values import (
    BadValue,
    clean,
    parse_birth_date,
    parse_family_flags,
    parse_gender,
    parse_name,
    parse_phones,
    parse_relation,
    parse_student_no,
)
from counselroom.domain.visible_text import visible

__all__ = [
    "KNOWN_HEADERS",
    "EnrolmentRejected",
    "EnrolmentRow",
    "GuardianEntry",
    "ParsedEnrolment",
    "RowError",
    "parse_enrolment",
]
T = TypeVar("T")
_COHORT = re.compile(r"(?:19|20)?\d{2}\s*[级届]")
_NOTE = re.compile(r"[:：]|^(合计|共计|总计|制表|填表|注|说明|备注)")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the header as the sheet shows it ("" for the row as a whole)
    message: str

    def __post_init__(self) -> None:
        # The header and the message may quote the school's file: never its invisible characters raw.
        object.__setattr__(self, "column", visible(self.column))
        object.__setattr__(self, "message", visible(self.message))

    def __str__(self) -> str:
        where = f"第 {self.row} 行“{self.column}”" if self.column else f"第 {self.row} 行"
        return f"{where}：{self.message}"


@dataclass(frozen=True)
class GuardianEntry:
    name: str
    relation: str
    phone: str


@dataclass(frozen=True)
class EnrolmentRow:
    row: int
    student_no: str
    name: str
    gender: str  # 男 / 女
    birth_date: date | None  # None: not given (an existing date is then kept)
    class_name: ClassName
    guardians: tuple[GuardianEntry, ...]
    family_flags: frozenset[str] | None  # None: the sheet has no 家庭情况 column


@dataclass(frozen=True)
class ParsedEnrolment:
    rows: tuple[EnrolmentRow, ...]
    errors: tuple[RowError, ...]
    ignored_columns: tuple[str, ...]
    has_family_column: bool


class EnrolmentRejected(ValidationError):
    """The sheet has invalid rows: nothing was imported. `errors` lists every one."""

    def __init__(self, errors: Sequence[RowError], *, shown: int = 5):
        lines = "；".join(str(e) for e in errors[:shown])
        more = f"……共 {len(errors)} 处" if len(errors) > shown else ""
        super().__init__(f"名单中有 {len(errors)} 处错误，未导入任何学生：{lines}{more}")
        self.errors = tuple(errors)


def parse_enrolment(lines: Sequence[Line], header_at: int, *, today: date) -> ParsedEnrolment:
    """Every data line below the header at index `header_at`, validated."""
    columns, first = read_header(lines, header_at)
    missing = [RowError(columns.header_row, label, f"缺少“{label}”列") for label in columns.missing()]
    if missing:
        return ParsedEnrolment((), tuple(missing), columns.ignored, columns.has("family"))
    rows: list[EnrolmentRow] = []
    errors: list[RowError] = []
    first_row_of: dict[str, int] = {}
    for line in lines[first:]:
        if _is_not_data(line.cells, columns):
            continue
        row, row_errors, number = _parse_line(line, columns, today)
        if number in first_row_of:  # checked on bad rows too, so every problem shows at once
            row_errors.append(
                RowError(line.number, columns.header("student_no"), f"学号“{number}”与第 {first_row_of[number]} 行重复")
            )
        elif number:
            first_row_of[number] = line.number
        if row_errors:
            errors += row_errors
        elif row is not None:
            rows.append(row)
    return ParsedEnrolment(tuple(rows), tuple(errors), columns.ignored, columns.has("family"))


def _is_not_data(cells: Sequence[str], columns: ColumnMap) -> bool:
    """Blank lines, merged banners (初一(1)班 across the row), notes and footers (合计：45人),
    a pre-filled 序号 with nothing else, and the header repeated further down."""
    filled = [c for c in cells if c]
    if not filled:
        return True
    if len(filled) >= 2 and len(set(filled)) == 1:
        return True
    key_cells = (columns.cell(cells, "student_no"), columns.cell(cells, "name"))
    if len(filled) == 1 and (not any(key_cells) or _NOTE.search(filled[0])):
        return True
    return key_cells == (columns.header("student_no"), columns.header("name"))


def _parse_line(line: Line, columns: ColumnMap, today: date) -> tuple[EnrolmentRow | None, list[RowError], str]:
    """The row (None when invalid), its errors, and its 学号 when that much could be read."""
    errors: list[RowError] = []

    def read(field: str, parse: Callable[[str], T]) -> T | None:
        try:
            return parse(columns.cell(line.cells, field))
        except BadValue as exc:
            errors.append(RowError(line.number, columns.header(field), exc.message))
            return None

    student_no = read("student_no", parse_student_no)
    name = read("name", parse_name)
    gender = read("gender", parse_gender)
    birth = read("birth_date", lambda t: parse_birth_date(t, today=today))
    grade_text = clean(columns.cell(line.cells, "grade"))
    # A cohort (2025级, 2028届) names no grade: the class cell must then say it.
    grade = read("grade", parse_grade) if grade_text and not _COHORT.fullmatch(grade_text) else None
    class_name = read("class", lambda t: parse_class(t, grade))
    guardians = _guardians(line, columns, read)
    flags = read("family", parse_family_flags) if columns.has("family") else None
    if errors or student_no is None or name is None or gender is None or class_name is None:
        return None, errors, student_no or ""
    row = EnrolmentRow(line.number, student_no, name, gender, birth, class_name, guardians, flags)
    return row, errors, student_no


_SLOTS = (("guardian", ""), ("father", "父亲"), ("mother", "母亲"))


def _guardians(line: Line, columns: ColumnMap, read: Callable[..., object]) -> tuple[GuardianEntry, ...]:
    found = []
    for slot, fixed_relation in _SLOTS:
        name = re.sub(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])", "", clean(columns.cell(line.cells, f"{slot}_name")))
        phone = read(f"{slot}_phone", parse_phones) if columns.has(f"{slot}_phone") else ""
        relation = fixed_relation or parse_relation(columns.cell(line.cells, "guardian_relation"))
        if name or phone:
            found.append(GuardianEntry(name[:30], relation or "监护人", str(phone or "")))
    return tuple(found)
