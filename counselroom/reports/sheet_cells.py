"""Spreadsheet safety (SECURITY.md 14): every cell the program writes to a CSV or XLSX file.

A cell whose text begins with = + - or @ is taken by Excel and WPS as a formula: a student named
`=HYPERLINK("http://x","y")` in an exported list would become a live link (or worse, with DDE) on
the PC that opens it. A leading tab, CR or LF, or any other control character does the same in
some spreadsheet programs once the file is saved again as CSV. So such text is *neutralised*: it
gets a leading apostrophe, the usual sign for "this is text" that every spreadsheet program knows
and that survives a round trip through CSV. Numbers stay numbers (Excel can add them up); a date
or a number kept as text is text like any other.

In XLSX the cell is also written as a plain string (openpyxl would otherwise store a value that
begins with "=" as a formula). Every writer in `counselroom.reports` puts cells through `put` (XLSX)
or `csv_bytes` (CSV); nothing else in the program writes a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

NEUTRALISER = "'"
FORMULA_STARTS = frozenset("=+-@")
KEPT_CONTROLS = frozenset("\t\n\r")  # legal in XLSX and CSV text; still neutralised when first

CellValue = str | int | float | date | None


def is_risky(text: str) -> bool:
    """Text a spreadsheet program could run or mangle: a formula sign or a control character first."""
    if not text:
        return False
    return text[0] in FORMULA_STARTS or _is_control(text[0])


def _is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc"


def safe_text(text: str) -> str:
    """`text` as it is when harmless; with the leading apostrophe when it is not. A control character
    other than tab and line breaks cannot be stored in XLSX at all: it is written as its code."""
    shown = "".join(f"〈U+{ord(c):04X}〉" if c not in KEPT_CONTROLS and _is_control(c) else c for c in text)
    return NEUTRALISER + shown if is_risky(text) else shown


def safe_value(value: CellValue) -> CellValue:
    """A number, a date or nothing as it is (bool is not a count: written as text); text made safe."""
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return value
    return safe_text(str(value))


def put(sheet: Any, row: int, column: int, value: CellValue) -> Any:
    """Write one XLSX cell safely and return it (for its font and border). Text is stored as a
    string cell whatever it looks like, so openpyxl never reads it as a formula."""
    cell = sheet.cell(row=row, column=column)
    safe = safe_value(value)
    cell.value = safe
    if isinstance(safe, str):
        cell.data_type = "s"
    return cell


def csv_bytes(rows: Iterable[Sequence[CellValue]]) -> bytes:
    """The rows as CSV in UTF-8 with a byte-order mark (so Excel and WPS read the Chinese right),
    CRLF line ends, every field made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else _csv_text(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_text(value: CellValue) -> str:
    safe = safe_value(value)
    return safe.isoformat() if isinstance(safe, date) else str(safe)
