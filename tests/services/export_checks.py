"""Reading an export file back as a teacher's spreadsheet program would: every cell's text, the
numbers, any formula — for the export tests."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook


@dataclass(frozen=True)
class ReadBack:
    texts: list[str]  # every non-empty cell or field, as text
    numbers: list[int | float]  # XLSX cells stored as numbers; CSV fields that read as a number
    formulas: list[str]  # XLSX cells stored as formulas (must be none)
    first_line: str  # the first row's first cell


def read_xlsx(path: Path) -> ReadBack:
    book = load_workbook(path)
    texts, numbers, formulas = [], [], []
    first = ""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                if cell.data_type == "f":
                    formulas.append(str(cell.value))
                if isinstance(cell.value, int | float):
                    numbers.append(cell.value)
                texts.append(str(cell.value))
        if not first:
            first = str(sheet.cell(row=1, column=1).value)
    return ReadBack(texts, numbers, formulas, first)


def read_csv(path: Path) -> ReadBack:
    data = path.read_bytes()
    assert data.startswith("\ufeff".encode()), "a CSV for Excel carries the UTF-8 byte-order mark"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    texts = [field for row in rows for field in row if field]
    numbers: list[int | float] = [int(t) for t in texts if t.isdigit()]
    return ReadBack(texts, numbers, [], rows[0][0])


def read_back(path: Path) -> ReadBack:
    return read_xlsx(path) if path.suffix == ".xlsx" else read_csv(path)


def xlsx_footers(path: Path) -> list[str]:
    return [str(sheet.oddFooter.center.text) for sheet in load_workbook(path).worksheets]
