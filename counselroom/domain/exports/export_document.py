"""What an export file holds, as plain data: its watermark, the lines that say what it is, and its
tables. The service builds one (checking who may, protecting small counts); the preview dialog
shows it before anything is written; reports/export_workbook.py writes the same object as XLSX or
CSV — so what the teacher saw is what leaves the room.

A table cell is text, or a protected count (small_counts.ShownCell): a count shown is written as a
number, a hidden one as its marker ("<5", "*"), never its value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from counselroom.domain.small_counts import (
    COMPLEMENT_MARK,
    ProtectedRow,
    ProtectedTable,
    ShownCell,
    Suppression,
    shown_count,
    small_count_mark,
)

TOTAL = "合计"
Cell = ShownCell | str


@dataclass(frozen=True)
class ExportTable:
    sheet: str  # the worksheet's name: short, no [ ] : * ? / \
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""  # what is counted, over what time, and what the markers mean

    def count_of(self, kind: Suppression) -> int:
        return sum(1 for row in self.rows for c in row if isinstance(c, ShownCell) and c.suppression is kind)

    @property
    def small_counts(self) -> int:
        return self.count_of(Suppression.SMALL_COUNT)

    @property
    def complements(self) -> int:
        return self.count_of(Suppression.COMPLEMENT)


@dataclass(frozen=True)
class ExportDocument:
    kind: str  # stats / class_list: the audit row's object type
    title: str  # 去标识化统计 …
    export_id: str  # 8 hex digits: on the file and in the audit row
    watermark: str  # who (and as what), when, which export — and why, for a named export
    about: tuple[str, ...]  # lines under the title
    tables: tuple[ExportTable, ...]
    object_id: str  # the term's id, the class's id
    reason: str  # for the audit row: a named export's stated reason, else a fixed sentence
    names_students: bool = False

    @property
    def rows(self) -> int:
        return sum(len(t.rows) for t in self.tables)


def watermark_line(who: str, role: str, at: datetime, export_id: str, reason: str = "") -> str:
    """导出：王老师（心理教师） 2025-10-13 09:30 用途：… 编号 1A2B3C4D"""
    why = f" 用途：{' '.join(reason.split())[:60]}" if reason else ""
    return f"导出：{who}（{role}） {at:%Y-%m-%d %H:%M}{why} 编号 {export_id} · 心理辅导室工作台"


def cell_of(text: str, threshold: int) -> ShownCell:
    """A count already protected elsewhere (care_count_facts: "12", "<5", "*") as a cell."""
    if text.isdigit():
        return ShownCell(text, int(text), Suppression.SHOWN)
    if text == COMPLEMENT_MARK:
        return ShownCell(text, None, Suppression.COMPLEMENT)
    if text == small_count_mark(threshold):
        return ShownCell(text, None, Suppression.SMALL_COUNT)
    raise ValueError(f"not a protected count: {text!r}")


def single(n: int, threshold: int) -> ShownCell:
    """One count on its own, with no total beside it that could give it away."""
    return cell_of(shown_count(n, threshold), threshold)


def table_rows(table: ProtectedTable) -> tuple[tuple[Cell, ...], ...]:
    """Rows with their totals, then the totals row: the table as the report prints it."""
    body: list[tuple[Cell, ...]] = [
        (label, *cells, total)
        for label, cells, total in zip(table.row_labels, table.cells, table.row_totals, strict=True)
    ]
    return (*body, (TOTAL, *table.column_totals, table.grand_total))


def row_as_column(row: ProtectedRow) -> tuple[tuple[Cell, ...], ...]:
    """A 1-D table stood on end: one line per label, then the total."""
    return (*((label, cell) for label, cell in zip(row.labels, row.cells, strict=True)), (TOTAL, row.total))


def columns_side_by_side(labels: Sequence[str], *rows: ProtectedRow) -> tuple[tuple[Cell, ...], ...]:
    """Several 1-D tables over the same labels, each as a column with its own total (no row total:
    the columns count different things)."""
    body: list[tuple[Cell, ...]] = [(label, *(r.cells[i] for r in rows)) for i, label in enumerate(labels)]
    return (*body, (TOTAL, *(r.total for r in rows)))
