"""Reading the schools' own spreadsheets (XLSX or CSV) into rows of text.

Real exports have title rows above the header, merged cells, GBK-encoded CSV, numbers and
dates stored as Excel values. This module only turns a file into a grid of strings with row
numbers as Excel shows them; what the columns mean is decided by the importer.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from counselroom.domain.errors import ValidationError
from counselroom.services.students.sheet_limits import (
    check_file_size,
    check_row,
    check_xlsx_directory,
    unreadable_xlsx,
)

MAX_HEADER_SEARCH = 15  # title rows above the header seldom exceed a few lines


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number a teacher sees in Excel/WPS (1-based)
    cells: tuple[str, ...]

    def is_blank(self) -> bool:
        return not any(self.cells)


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: tuple[SheetRow, ...]


def read_sheet(path: Path) -> Sheet:
    """The first worksheet of an .xlsx, or a .csv in UTF-8 (with or without BOM) or GBK."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise ValidationError(f"找不到文件：{path}")
    check_file_size(path)
    if suffix in (".xlsx", ".xlsm"):
        check_xlsx_directory(path)
        return _read_xlsx(path)
    if suffix in (".csv", ".txt"):
        return _read_csv(path)
    if suffix == ".xls":
        raise ValidationError("不支持旧版 .xls 文件，请在 Excel 或 WPS 中“另存为”.xlsx 后再导入", field=path.name)
    raise ValidationError(f"无法识别的文件类型“{suffix}”，请使用 .xlsx 或 .csv", field=path.name)


def cell_text(value: object) -> str:
    """One cell as text: whole floats without '.0', dates as YYYY-MM-DD, spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\u3000", " ").strip()


def _read_xlsx(path: Path) -> Sheet:
    # Read-only mode streams the sheet (a 5,000-row roster in about half the time of a full load),
    # but it does not keep merged ranges: those are read from the sheet's XML (merged_ranges).
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)  # cached values, not formulas
    except Exception as exc:  # any unreadable workbook gets one clear message
        raise unreadable_xlsx(path, exc) from exc
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # some exporters write a wrong <dimension>; read every cell there is
        grid = _checked(((cell_text(v) for v in row) for row in sheet.iter_rows(values_only=True)), sheet=path.name)
        merged = merged_ranges(book, sheet)
        title = sheet.title
    except ValidationError:
        raise
    except Exception as exc:
        raise unreadable_xlsx(path, exc) from exc
    finally:
        book.close()  # read-only mode keeps the file open until closed (Windows would lock it)
    width = max((len(row) for row in grid), default=0)
    for row in grid:  # rows as wide as the sheet, as Excel shows them
        row.extend([""] * (width - len(row)))
    # A merged cell holds its value only in the top-left corner: copy it over the whole range.
    for min_col, min_row, max_col, max_row in merged:
        value = grid[min_row - 1][min_col - 1] if min_row <= len(grid) and min_col <= width else ""
        for r in range(min_row - 1, min(max_row, len(grid))):
            for c in range(min_col - 1, min(max_col, width)):
                grid[r][c] = value
    return Sheet(title, _numbered(grid))


MERGE_CELLS = re.compile(rb"<(?:\w+:)?mergeCells\b")
MERGE_REF = re.compile(rb"""<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*["']([A-Za-z]+[0-9]+(?::[A-Za-z]+[0-9]+)?)["']""")


def merged_ranges(book: Any, sheet: Any) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of every merged range of a read-only sheet.

    The <mergeCells> element follows the cell data in the sheet's XML; openpyxl's read-only sheet
    streams the cells and drops it, so it is found in the sheet's part of the (already size-checked)
    zip. Uses openpyxl's own handles to that part; tests/services/test_sheets.py reads merged titles
    and headers through it, so a change in openpyxl shows there.
    """
    from openpyxl.utils.cell import range_boundaries

    xml = book._archive.read(sheet._worksheet_path)
    opening = MERGE_CELLS.search(xml)  # markup, never cell text: a "<" in text is escaped
    if opening is None:
        return []
    ranges = []
    for match in MERGE_REF.finditer(xml, opening.start()):
        min_col, min_row, max_col, max_row = range_boundaries(match.group(1).decode("ascii"))
        ranges.append((min_col or 1, min_row or 1, max_col or min_col or 1, max_row or min_row or 1))
    return ranges


def _read_csv(path: Path) -> Sheet:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError("CSV 文件的编码无法识别，请另存为 UTF-8 或 GBK 编码", field=path.name)
    dialect = csv.excel_tab if text.count("\t") > text.count(",") else csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        grid = _checked(((cell_text(c) for c in row) for row in reader), sheet=path.name)
    except csv.Error as exc:  # e.g. a field past csv's own limit, or a stray quote at the end
        raise ValidationError(
            f"第 {reader.line_num} 行无法按 CSV 读取（{exc}）：可能有一个单元格过长或引号不成对",
            field=path.name,
            row=reader.line_num,
        ) from exc
    return Sheet(path.stem, _numbered(grid))


def _checked(rows: Iterable[Iterable[str]], *, sheet: str) -> list[list[str]]:
    grid: list[list[str]] = []
    for number, row in enumerate(rows, start=1):
        cells = list(row)
        check_row(number, cells, sheet=sheet)
        grid.append(cells)
    return grid


def _numbered(grid: Iterable[list[str]]) -> tuple[SheetRow, ...]:
    return tuple(SheetRow(i, tuple(cells)) for i, cells in enumerate(grid, start=1))


def normalise_header(text: str) -> str:
    """Header cells compared without spaces, brackets' width or a trailing colon."""
    table = str.maketrans({"（": "(", "）": ")", "：": "", ":": "", " ": "", "*": ""})
    return text.translate(table).strip()


def find_header_row(sheet: Sheet, known: set[str], *, at_least: int = 2) -> SheetRow:
    """The first row (within the first rows) naming at least `at_least` known column names."""
    wanted = {normalise_header(k) for k in known}
    for row in sheet.rows[:MAX_HEADER_SEARCH]:
        if sum(1 for c in row.cells if normalise_header(c) in wanted) >= at_least:
            return row
    raise ValidationError(
        f"在前 {MAX_HEADER_SEARCH} 行中没有找到表头（应包含如 学号、姓名、班级 等列名）", field=sheet.name
    )
