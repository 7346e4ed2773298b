"""A timetable sheet's lines → the weekly 心理课 of each class, or RowErrors naming row, column and
reason (issue #12 item 6). The sheet has 班级, 星期, 节次 and, optionally, 课题 and 任课教师.

Pure: the service reads the file and passes the lines, the school's classes and staff; which dates
each weekly lesson falls on is `lesson_days` (timetable_weeks.py)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from counselroom.domain.activities.timetable_cells import (
    MAX_TEACHER,
    MAX_TOPIC,
    WEEKDAY_NAMES,
    BadValue,
    parse_period,
    parse_text,
    parse_weekday,
)
from counselroom.domain.activities.timetable_header import REQUIRED, Columns, Line, read_header
from counselroom.domain.errors import ValidationError
from counselroom.domain.school.class_names import ClassName, parse_class
from counselroom.domain.students.enrolment_rules import RowError

__all__ = [
    "Line",
    "ParsedTimetable",
    "RowError",
    "SchoolLookup",
    "TimetableRejected",
    "TimetableRow",
    "parse_timetable",
]
T = TypeVar("T")
_NOTE = re.compile(r"[:：]|^(合计|共计|总计|制表|填表|注|说明|备注)")


@dataclass(frozen=True)
class SchoolLookup:
    """What the sheet's names are matched against: current classes by name, staff by name."""

    classes: Mapping[ClassName, tuple[int, str]]  # → (class id, the school's own name for it)
    staff: Mapping[str, tuple[int, ...]]  # name → the ids of active staff with that name


@dataclass(frozen=True)
class TimetableRow:
    row: int
    class_id: int
    class_name: str
    weekday: int  # 1 Monday … 5 Friday
    period: int  # 节次 1–12
    topic: str
    teacher_id: int | None
    teacher: str

    @property
    def weekday_name(self) -> str:
        return f"周{WEEKDAY_NAMES[self.weekday - 1]}"


@dataclass(frozen=True)
class ParsedTimetable:
    rows: tuple[TimetableRow, ...]
    errors: tuple[RowError, ...]
    ignored_columns: tuple[str, ...]


class TimetableRejected(ValidationError):
    """The sheet has invalid rows: nothing was imported. `errors` lists every one."""

    def __init__(self, errors: Sequence[RowError], *, shown: int = 5):
        lines = "；".join(str(e) for e in errors[:shown])
        more = f"……共 {len(errors)} 处" if len(errors) > shown else ""
        super().__init__(f"课表中有 {len(errors)} 处错误，未导入任何心理课：{lines}{more}")
        self.errors = tuple(errors)


def parse_timetable(lines: Sequence[Line], header_at: int, school: SchoolLookup) -> ParsedTimetable:
    """Every data line below the header at index `header_at`, validated and matched."""
    columns, first = read_header(lines, header_at)
    missing = [
        RowError(columns.header_row, label, f"缺少“{label}”列")
        for field, label in REQUIRED.items()
        if not columns.has(field)
    ]
    if missing:
        return ParsedTimetable((), tuple(missing), columns.ignored)
    rows: list[TimetableRow] = []
    errors: list[RowError] = []
    first_row_of: dict[tuple[int, int, int], int] = {}
    for line in lines[first:]:
        if _is_not_data(line.cells, columns):
            continue
        row, row_errors = _parse_line(line, columns, school)
        key = (row.class_id, row.weekday, row.period) if row else None
        if key in first_row_of:
            row_errors.append(RowError(line.number, "", f"与第 {first_row_of[key]} 行是同一班级的同一节课"))
        elif key is not None:
            first_row_of[key] = line.number
        if row_errors:
            errors += row_errors
        elif row is not None:
            rows.append(row)
    return ParsedTimetable(tuple(rows), tuple(errors), columns.ignored)


def _is_not_data(cells: Sequence[str], columns: Columns) -> bool:
    """Blank lines, banners merged across the row (初一年级), notes and footers, and the header
    repeated further down (a timetable printed one page per grade)."""
    filled = [c for c in cells if c]
    if not filled:
        return True
    if len(filled) >= 2 and len(set(filled)) == 1:
        return True
    if len(filled) == 1 and (_NOTE.search(filled[0]) or not columns.cell(cells, "class")):
        return True
    return columns.cell(cells, "class") == columns.header("class")


def _parse_line(line: Line, columns: Columns, school: SchoolLookup) -> tuple[TimetableRow | None, list[RowError]]:
    errors: list[RowError] = []

    def read(field: str, parse: Callable[[str], T]) -> T | None:
        try:
            return parse(columns.cell(line.cells, field))
        except BadValue as exc:
            errors.append(RowError(line.number, columns.header(field), exc.message))
            return None

    found = read("class", lambda t: _class(t, school))
    weekday = read("weekday", parse_weekday)
    period = read("period", parse_period)
    topic = read("topic", lambda t: parse_text(t, label="课题", longest=MAX_TOPIC)) or ""
    teacher = read("teacher", lambda t: _teacher(t, school))
    if errors or found is None or weekday is None or period is None:
        return None, errors
    teacher_id, teacher_name = teacher or (None, "")
    return TimetableRow(line.number, found[0], found[1], weekday, period, topic, teacher_id, teacher_name), errors


def _class(text: str, school: SchoolLookup) -> tuple[int, str]:
    name = parse_class(text)
    if name not in school.classes:
        typed = text.strip()
        said = f"“{name.name}”" + (f"（原文“{typed}”）" if typed != name.name else "")
        raise BadValue(f"学校现有班级中没有{said}，请核对班级名称")
    return school.classes[name]


def _teacher(text: str, school: SchoolLookup) -> tuple[int, str] | None:
    name = re.sub(
        r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])", "", parse_text(text, label="任课教师", longest=MAX_TEACHER)
    )
    if not name:
        return None
    ids = school.staff.get(name, ())
    if not ids:
        raise BadValue(f"教职工名单中没有“{name}”：请先在“设置 → 教职工”中添加，或清空此格")
    if len(ids) > 1:
        raise BadValue(f"教职工中有 {len(ids)} 位“{name}”，无法确定是哪一位：请清空此格，导入后再逐节填写")
    return ids[0], name
