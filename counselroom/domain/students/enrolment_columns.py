"""Which roster column is which: the usual Chinese header names, and two-row headers.

Real sheets say 学号 or 学籍号, 出生日期 or 出生年月, and often group the guardian columns
under a merged cell (监护人信息 over 姓名 / 关系 / 联系电话). The result is a ColumnMap from
field names to column positions, plus the columns that will not be imported.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from counselroom.domain.students.enrolment_values import half_width

# field → header names, most specific first (学号 wins over 学籍号 when a sheet has both).
ALIASES: dict[str, tuple[str, ...]] = {
    "student_no": ("学号", "学生学号", "学生编号", "学籍号", "学籍编号", "全国学籍号"),
    "name": ("姓名", "学生姓名"),
    "gender": ("性别", "学生性别"),
    "birth_date": ("出生日期", "出生年月日", "出生年月", "生日"),
    "grade": ("年级", "所在年级"),
    "class": ("班级", "班别", "所在班级", "班级名称", "班"),
    "guardian_name": ("监护人", "监护人姓名", "家长姓名", "家长", "联系人", "联系人姓名"),
    "guardian_relation": ("与学生关系", "关系", "监护人关系", "与本人关系", "家长关系"),
    "guardian_phone": (
        "联系电话",
        "家长电话",
        "家长手机",
        "监护人电话",
        "手机",
        "手机号",
        "手机号码",
        "电话",
        "联系方式",
    ),
    "father_name": ("父亲姓名", "父亲"),
    "father_phone": ("父亲电话", "父亲手机", "父亲联系电话"),
    "mother_name": ("母亲姓名", "母亲"),
    "mother_phone": ("母亲电话", "母亲手机", "母亲联系电话"),
    "family": ("家庭情况", "家庭状况", "家庭类型", "特殊家庭"),
    "remarks": ("备注",),  # recognised (it helps find the header) but not stored
    "seq": ("序号",),
}
REQUIRED = {"student_no": "学号", "name": "姓名", "gender": "性别", "class": "班级"}
KNOWN_HEADERS = frozenset(a for names in ALIASES.values() for a in names)
_PRIORITY = {alias: (field, rank) for field, names in ALIASES.items() for rank, alias in enumerate(names)}

# Under a merged group cell: which group, and which of its fields a sub-header names.
_GROUPS = (("父", "father"), ("母", "mother"), ("家长", "guardian"), ("监护人", "guardian"), ("联系人", "guardian"))
_LEAVES = {
    "姓名": "name",
    "电话": "phone",
    "联系电话": "phone",
    "手机": "phone",
    "手机号码": "phone",
    "联系方式": "phone",
    "关系": "relation",
    "与学生关系": "relation",
}


class Line(Protocol):
    """A sheet row as parsing reads it; read-only, so frozen dataclasses fit."""

    @property
    def number(self) -> int: ...
    @property
    def cells(self) -> tuple[str, ...]: ...


def header_key(text: str) -> str:
    """A header compared without spaces, width, asterisks, colons or hints in brackets."""
    key = re.sub(r"[\s*:：]", "", half_width(text))
    return re.sub(r"\(.*?\)", "", key)


@dataclass(frozen=True)
class ColumnMap:
    fields: Mapping[str, tuple[int, str]]  # field → (column index, header as the sheet shows it)
    ignored: tuple[str, ...]  # headers of columns that are not imported
    header_row: int  # the sheet's row number of the (lower) header line

    def has(self, field: str) -> bool:
        return field in self.fields

    def header(self, field: str) -> str:
        return self.fields[field][1] if field in self.fields else REQUIRED.get(field, field)

    def cell(self, cells: Sequence[str], field: str) -> str:
        index = self.fields[field][0] if field in self.fields else len(cells)
        return cells[index] if index < len(cells) else ""

    def missing(self) -> list[str]:
        return [label for field, label in REQUIRED.items() if field not in self.fields]


def _group(top: str) -> str:
    return next((slot for word, slot in _GROUPS if word in top), "")


def _is_group_row(top: Sequence[str], sub: Sequence[str]) -> bool:
    """True when `top` holds merged group cells (监护人信息) over sub-headers (姓名, 电话)."""
    if len({c for c in top if c}) < 2:  # a title banner is not a group row
        return False
    return any(_group(t) and header_key(s) in _LEAVES and t != s for t, s in zip(top, sub, strict=False))


def _field_of(top: str, text: str) -> tuple[str, int] | None:
    key = header_key(text)
    slot = _group(top) if top and top != text else ""
    if slot and key in _LEAVES:
        leaf = _LEAVES[key]
        field = f"guardian_{leaf}" if slot == "guardian" else f"{slot}_{leaf}"
        return (field, 0) if field in ALIASES else None
    return _PRIORITY.get(key)


def read_header(lines: Sequence[Line], at: int) -> tuple[ColumnMap, int]:
    """The columns named by the header at index `at` (with the group row above or the
    sub-header below, if any), and the index of the first data line."""
    top: Sequence[str] = ()
    header, first_data = lines[at], at + 1
    if at + 1 < len(lines) and _is_group_row(header.cells, lines[at + 1].cells):
        top, header, first_data = header.cells, lines[at + 1], at + 2
    elif at > 0 and _is_group_row(lines[at - 1].cells, header.cells):
        top = lines[at - 1].cells
    chosen: dict[str, tuple[int, int, str]] = {}  # field → (rank, index, header)
    ignored: list[str] = []
    for index, text in enumerate(header.cells):
        group = top[index] if index < len(top) else ""
        found = _field_of(group, text) if text else None
        if found is None:
            if text:
                ignored.append(text)
            continue
        field, rank = found
        if field in chosen and chosen[field][0] <= rank:
            ignored.append(text)
            continue
        if field in chosen:
            ignored.append(chosen[field][2])
        chosen[field] = (rank, index, text)
    if "remarks" in chosen:  # the program has nowhere to keep it: say so in the preview
        ignored.append(chosen.pop("remarks")[2])
    chosen.pop("seq", None)
    fields = {f: (index, text) for f, (_rank, index, text) in chosen.items()}
    return ColumnMap(fields, tuple(ignored), header.number), first_data
