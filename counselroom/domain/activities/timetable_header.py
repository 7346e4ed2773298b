"""Which timetable column is which: the header names schools use, and a header over two rows.

Schools write 班级 or 班别, 星期 or 周几, 节次 or 第几节; some group 星期 and 节次 under a merged
上课时间 cell, with the other headers merged down both rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from counselroom.domain.errors import ValidationError
from counselroom.domain.students.enrolment_columns import Line, header_key

__all__ = ["ALIASES", "REQUIRED", "Columns", "Line", "find_header", "read_header"]

# field → header names, most specific first.
ALIASES: dict[str, tuple[str, ...]] = {
    "class": ("班级", "班别", "班级名称", "上课班级", "班"),
    "weekday": ("星期", "星期几", "周几", "上课星期", "上课日", "周"),
    "period": ("节次", "第几节", "上课节次", "课节", "节"),
    "topic": ("课题", "内容", "课程内容", "教学内容", "主题"),
    "teacher": ("任课教师", "教师", "任课老师", "授课教师", "授课老师", "老师"),
    "remarks": ("备注",),  # recognised (it helps find the header) but not imported
    "seq": ("序号",),
}
REQUIRED = {"class": "班级", "weekday": "星期", "period": "节次"}
_FIELD = {header_key(alias): (field, rank) for field, names in ALIASES.items() for rank, alias in enumerate(names)}
HEADER_SEARCH = 15  # title rows above the header seldom exceed a few lines


@dataclass(frozen=True)
class Columns:
    fields: Mapping[str, tuple[int, str]]  # field → (column index, header as the sheet shows it)
    ignored: tuple[str, ...]
    header_row: int  # the sheet's row number of the (lower) header line

    def has(self, field: str) -> bool:
        return field in self.fields

    def header(self, field: str) -> str:
        return self.fields[field][1] if field in self.fields else REQUIRED.get(field, field)

    def cell(self, cells: Sequence[str], field: str) -> str:
        index = self.fields[field][0] if field in self.fields else len(cells)
        return cells[index] if index < len(cells) else ""


def _known(text: str) -> tuple[str, int] | None:
    return _FIELD.get(header_key(text)) if text else None


def find_header(lines: Sequence[Line], *, sheet: str) -> int:
    """The index of the first line (of the first few) naming at least two known columns."""
    for index, line in enumerate(lines[:HEADER_SEARCH]):
        if sum(1 for c in line.cells if _known(c)) >= 2:
            return index
    raise ValidationError(
        f"在前 {HEADER_SEARCH} 行中没有找到表头（应包含 班级、星期、节次 等列名）：请确认选的是心理课课表",
        field=sheet,
    )


def read_header(lines: Sequence[Line], at: int) -> tuple[Columns, int]:
    """The columns named by the header at index `at` — or by the line below it, where that line
    names a column the header does not (上课时间 merged over 星期 and 节次) — and the index of the
    first data line."""
    header, first_data = list(lines[at].cells), at + 1
    below = lines[at + 1] if at + 1 < len(lines) else None
    if below is not None and any(
        _known(sub) and not _known(top) for top, sub in zip(header, below.cells, strict=False)
    ):
        header = [sub if _known(sub) else top for top, sub in zip(header, below.cells, strict=False)]
        header += list(lines[at].cells[len(header) :])
        first_data = at + 2
    chosen: dict[str, tuple[int, int, str]] = {}  # field → (rank, index, header)
    ignored: list[str] = []
    for index, text in enumerate(header):
        found = _known(text)
        if found is None:
            if text:
                ignored.append(text)
            continue
        field, rank = found
        if field in chosen and chosen[field][0] <= rank:
            if text != chosen[field][2]:  # a header merged across two columns is one column
                ignored.append(text)
            continue
        if field in chosen:
            ignored.append(chosen[field][2])
        chosen[field] = (rank, index, text)
    if "remarks" in chosen:  # the program has nowhere to keep it: the preview says so
        ignored.append(chosen.pop("remarks")[2])
    chosen.pop("seq", None)
    row_number = lines[first_data - 1].number
    return Columns({f: (i, t) for f, (_r, i, t) in chosen.items()}, tuple(ignored), row_number), first_data
