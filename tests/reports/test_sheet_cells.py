"""Spreadsheet safety (SECURITY.md 14): a cell beginning with = + - @ or a control character is
neutralised in every CSV and XLSX the program writes; numbers stay numbers."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from counselroom.reports.sheet_cells import NEUTRALISER, csv_bytes, is_risky, put, safe_text, safe_value

RISKY = ['=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)", "\tx", "\rx", "\nx", "\x00x", "\x1bx"]
HARMLESS = ["张三", "初一(3)班", "2025-10-13", "", " =not first", "a=b", "<5", "*"]


@pytest.mark.parametrize("text", RISKY)
def test_risky_text_gets_the_leading_apostrophe(text: str) -> None:
    assert is_risky(text) and safe_text(text).startswith(NEUTRALISER)


def test_a_control_character_xlsx_cannot_hold_is_written_as_its_code() -> None:
    assert safe_text("\x00x") == NEUTRALISER + "〈U+0000〉x"
    assert safe_text("a\x1bb") == "a〈U+001B〉b"
    assert safe_text("\tx") == NEUTRALISER + "\tx"


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_text_is_left_alone(text: str) -> None:
    assert not is_risky(text) and safe_text(text) == text


def test_numbers_and_dates_stay_what_they_are() -> None:
    assert safe_value(-3) == -3 and safe_value(2.5) == 2.5 and safe_value(None) is None
    assert safe_value(date(2025, 9, 1)) == date(2025, 9, 1)
    assert safe_value(True) == "是"


def test_an_xlsx_cell_is_a_string_never_a_formula() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row, text in enumerate(RISKY, start=1):
        put(sheet, row, 1, text)
    put(sheet, len(RISKY) + 1, 1, 12)
    buffer = io.BytesIO()
    book.save(buffer)
    read = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert read is not None
    cells = [read.cell(row=r, column=1) for r in range(1, len(RISKY) + 2)]
    for cell, text in zip(cells, RISKY, strict=False):
        assert cell.data_type == "s" and cell.value == safe_text(text) and cell.value.startswith(NEUTRALISER)
    assert cells[-1].data_type == "n" and cells[-1].value == 12


def test_a_csv_field_begins_with_the_neutraliser() -> None:
    data = csv_bytes([["姓名", "人数"], ['=HYPERLINK("http://x","y")', 3], ["-2", None]])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [["姓名", "人数"], [NEUTRALISER + '=HYPERLINK("http://x","y")', "3"], [NEUTRALISER + "-2", ""]]
