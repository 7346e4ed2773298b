"""An ExportDocument (domain/exports/export_document.py) as an Excel workbook or a CSV file.

XLSX: the first line of every sheet is the watermark (who, as what, when, the export id, and a named
export's purpose), and the printed page's footer repeats it, so neither a screenshot nor a print
loses it. A document with one table (a 班主任's class list) is one sheet: title, the lines about it,
the table. A document with several (the statistics) opens on 说明 — title, the lines about it and
what each sheet holds — then one sheet per table, ready for a district's own formulas.

CSV: the watermark is the first line, then the title and the lines about it, then each table after
a blank line: its title, its note, its header, its rows.

A count shown is a number; a hidden one is its marker ("<5", "*"). Every cell goes through
sheet_cells (SECURITY.md 14).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from counselroom.domain.exports.export_document import Cell, ExportDocument, ExportTable
from counselroom.domain.small_counts import ShownCell
from counselroom.reports.sheet_cells import CellValue, csv_bytes, put

FONT = "宋体"
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="EEF2F6")
MARK_COLOUR = "C0392B"  # the watermark line: it must be noticed
MAX_FOOTER = 240  # Excel refuses a header or footer past 255 characters
CONTENTS = "说明"


def document_xlsx(doc: ExportDocument) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    if len(doc.tables) == 1:
        _table_sheet(first, doc, doc.tables[0], with_about=True)
    else:
        _contents_sheet(first, doc)
        for table in doc.tables:
            _table_sheet(book.create_sheet(), doc, table, with_about=False)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def document_csv(doc: ExportDocument) -> bytes:
    return csv_bytes(_csv_lines(doc))


def cell_value(cell: Cell) -> CellValue:
    """A shown count as its number, a hidden one as its marker, text as text."""
    if isinstance(cell, ShownCell):
        return cell.value if cell.value is not None else cell.text
    return cell


# -- XLSX -----------------------------------------------------------------------------------------


def _contents_sheet(sheet: Any, doc: ExportDocument) -> None:
    sheet.title = CONTENTS
    row = _heading(sheet, doc, doc.title)
    for line in doc.about:
        put(sheet, row, 1, line).font = Font(name=FONT, size=11)
        row += 1
    row += 1
    put(sheet, row, 1, "工作表").font = Font(name=FONT, size=11, bold=True)
    put(sheet, row, 2, "内容").font = Font(name=FONT, size=11, bold=True)
    for table in doc.tables:
        row += 1
        put(sheet, row, 1, table.sheet).font = Font(name=FONT, size=11)
        put(sheet, row, 2, f"{table.title}。{table.note}" if table.note else table.title).font = Font(name=FONT)
        sheet.cell(row=row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 100
    _page(sheet, doc)


def _table_sheet(sheet: Any, doc: ExportDocument, table: ExportTable, *, with_about: bool) -> None:
    sheet.title = table.sheet
    row = _heading(sheet, doc, doc.title if with_about else table.title)
    for line in (*(doc.about if with_about else ()), *((table.note,) if table.note else ())):
        put(sheet, row, 1, line).font = Font(name=FONT, size=10, color="555555")
        row += 1
    row += 1
    for column, label in enumerate(table.columns, start=1):
        cell = put(sheet, row, column, label)
        cell.font, cell.border, cell.fill = Font(name=FONT, size=11, bold=True), BOX, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)
    for values in table.rows:
        row += 1
        for column, value in enumerate(values, start=1):
            cell = put(sheet, row, column, cell_value(value))
            cell.font, cell.border = Font(name=FONT, size=11), BOX
            if isinstance(value, ShownCell):
                cell.alignment = Alignment(horizontal="right")
    for column, width in enumerate(_widths(table), start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = width
    _page(sheet, doc)


def _heading(sheet: Any, doc: ExportDocument, title: str) -> int:
    """The watermark line, then the title; returns the next free row."""
    put(sheet, 1, 1, doc.watermark).font = Font(name=FONT, size=10, bold=True, color=MARK_COLOUR)
    put(sheet, 2, 1, title).font = Font(name=FONT, size=14, bold=True)
    sheet.row_dimensions[2].height = 24
    return 3


def _page(sheet: Any, doc: ExportDocument) -> None:
    """Printed: A4 landscape, the watermark at the foot of every page."""
    footer = doc.watermark.replace("&", "&&")[:MAX_FOOTER]  # & starts a code in a header or footer
    for part in (sheet.oddFooter, sheet.evenFooter, sheet.firstFooter):
        part.center.text = footer
        part.center.size = 8
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = "1:2"


def _widths(table: ExportTable) -> list[float]:
    """Wide enough for the header and the longest cell of each column (a Chinese character ≈ 2)."""
    texts: list[Sequence[str]] = [table.columns, *([str(cell_value(c)) for c in row] for row in table.rows)]
    return [
        min(30.0, max(6.0, *(_text_width(t[i]) + 2 for t in texts if i < len(t)))) for i in range(len(table.columns))
    ]


def _text_width(text: str) -> float:
    return sum(2.0 if ord(c) > 0x2E80 else 1.1 for c in text)


# -- CSV ------------------------------------------------------------------------------------------


def _csv_lines(doc: ExportDocument) -> Iterator[list[CellValue]]:
    yield [doc.watermark]
    yield [doc.title]
    for line in doc.about:
        yield [line]
    for table in doc.tables:
        yield []
        if table.title != doc.title:
            yield [table.title]
        if table.note:
            yield [table.note]
        yield list(table.columns)
        for row in table.rows:
            yield [cell_value(c) for c in row]
