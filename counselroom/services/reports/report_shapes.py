"""Protected counts (domain/small_counts.py) in the shapes the reports print and draw: ReportTable
rows of texts with their footnote, and ChartSpec series where a hidden cell ("<5", "*") is drawn
as 0 and the chart says so. Shared by the 学期自查报告 and the 统计 tab, so both show a count alike.

A chart drawn from a protected table hides what the table hides (its totals are printed beside
it). A chart of other counts (`series_chart`: the 统计 tab's) protects each series as a row whose
total is known — the 学期自查报告 prints the term's totals, so hiding only the small counts would
let a reader subtract the rest from that total."""

from __future__ import annotations

from collections.abc import Sequence

from counselroom.domain.small_counts import (
    COMPLEMENT_MARK,
    ProtectedRow,
    ProtectedTable,
    ShownCell,
    protect_row,
    small_count_mark,
)
from counselroom.reports.self_inspection_data import ChartKind, ChartSeries, ChartSpec, ReportTable

TOTAL = "合计"


def hidden_note(threshold: int, *, complement: bool = True) -> str:
    marks = f"“{small_count_mark(threshold)}”" + (f"“{COMPLEMENT_MARK}”" if complement else "")
    return f"{marks}的格为保护学生隐私按 0 画出"


def _values(cells: Sequence[ShownCell]) -> tuple[float, ...]:
    return tuple(float(c.value or 0) for c in cells)


def _note(cells: Sequence[ShownCell], threshold: int) -> str:
    return hidden_note(threshold) if any(c.hidden for c in cells) else ""


def row_chart(
    kind: ChartKind, title: str, row: ProtectedRow, *, series: str, y_label: str = "人次", labels: Sequence[str] = ()
) -> ChartSpec:
    """One series over the row's labels (or `labels`, the same length, as the axis shows them)."""
    return cells_chart(
        kind, title, tuple(labels) or row.labels, row.cells, row.threshold, series=series, y_label=y_label
    )


def cells_chart(
    kind: ChartKind,
    title: str,
    labels: Sequence[str],
    cells: Sequence[ShownCell],
    threshold: int,
    *,
    series: str,
    y_label: str = "人次",
) -> ChartSpec:
    """One series of protected cells (a table's row or column totals, say)."""
    return ChartSpec(
        kind, title, tuple(labels), (ChartSeries(series, _values(cells)),), y_label, _note(cells, threshold)
    )


def table_chart(kind: ChartKind, title: str, table: ProtectedTable, *, y_label: str = "人次") -> ChartSpec:
    """The table's rows along the axis, one series per column (stacked: e.g. levels on each grade)."""
    series = tuple(
        ChartSeries(name, _values([row[c] for row in table.cells])) for c, name in enumerate(table.column_labels)
    )
    every = [cell for row in table.cells for cell in row]
    return ChartSpec(kind, title, table.row_labels, series, y_label, _note(every, table.threshold))


def series_chart(
    kind: ChartKind,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    threshold: int,
    *,
    y_label: str = "人次",
) -> ChartSpec:
    """Series of counts, each protected as a row with its total (threshold 0: exact counts)."""
    rows = [(name, protect_row(list(labels), list(values), threshold)) for name, values in series]
    drawn = tuple(ChartSeries(name, _values(row.cells)) for name, row in rows)
    every = [cell for _name, row in rows for cell in (*row.cells, row.total)]
    return ChartSpec(kind, title, tuple(labels), drawn, y_label, _note(every, threshold))


def row_table(title: str, row: ProtectedRow, headers: tuple[str, str], *, total: str = TOTAL) -> ReportTable:
    """A two-column table: label and count, with the total last."""
    rows = tuple((label, cell.text) for label, cell in zip(row.labels, row.cells, strict=True))
    return ReportTable(title, headers, (*rows, (total, row.total.text)), row.footnote)


def grid_table(title: str, table: ProtectedTable, corner: str, *, total: str = TOTAL) -> ReportTable:
    """Rows × columns with the row totals on the right and the column totals at the foot."""
    body = tuple(
        (label, *(c.text for c in cells), row_total.text)
        for label, cells, row_total in zip(table.row_labels, table.cells, table.row_totals, strict=True)
    )
    foot = (total, *(c.text for c in table.column_totals), table.grand_total.text)
    headers = (corner, *table.column_labels, total)
    return ReportTable(title, headers, (*body, foot), table.footnote)
