"""The 活动记录表 as PDF, Word and Excel: S000's title, 填报单位（盖章）, the five headers, the six
categories in order with their numbers, 报送联系人 and 电话, and the notes — every PDF font embedded."""

from __future__ import annotations

import io
import subprocess
from datetime import date
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from counselroom.domain.activities.talks import TalkCategory
from counselroom.reports.activity_table_data import HEADERS, TITLE, ActivityTableData, ActivityTableRow
from counselroom.reports.activity_table_docx import build_activity_table_docx
from counselroom.reports.activity_table_pdf import build_activity_table_pdf
from counselroom.reports.activity_table_xlsx import build_activity_table_xlsx

DATA = ActivityTableData(
    school="赣江市第一中学",
    start=date(2025, 9, 1),
    end=date(2026, 1, 20),
    rows=tuple(ActivityTableRow(n, c.value, n + 1, 10 * n, 7 * n) for n, c in enumerate(TalkCategory, start=1)),
    contact="王老师",
    phone="0790-1234567",
    meanings=("院校领导重点谈为参与谈话的院校领导人数", "学生家长倾心谈为参与谈话的学生家长人数"),
)
CATEGORIES = [c.value for c in TalkCategory]


def test_pdf(tmp_path: Path) -> None:
    path = tmp_path / "表.pdf"
    path.write_bytes(build_activity_table_pdf(DATA))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    for words in (TITLE, "填报单位（盖章）：赣江市第一中学", *HEADERS, "报送联系人：王老师", "电话：0790-1234567"):
        assert words in text
    assert [text.index(c) for c in CATEGORIES] == sorted(text.index(c) for c in CATEGORIES)
    assert "统计时段：2025年9月1日至2026年1月20日" in text and "60" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts)


def test_docx() -> None:
    doc = Document(io.BytesIO(build_activity_table_docx(DATA)))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == TITLE and "填报单位（盖章）：赣江市第一中学" in paragraphs
    assert "报送联系人：王老师" in paragraphs and "电话：0790-1234567" in paragraphs
    rows = [[cell.text for cell in row.cells] for row in doc.tables[0].rows]
    assert rows[0] == list(HEADERS) and [r[1] for r in rows[1:]] == CATEGORIES
    assert rows[6] == ["6", "学生家长倾心谈", "7", "60", "42"]


def test_xlsx() -> None:
    sheet = load_workbook(io.BytesIO(build_activity_table_xlsx(DATA))).active
    assert sheet is not None and sheet["A1"].value == TITLE
    assert sheet["A2"].value == "填报单位（盖章）：赣江市第一中学"
    assert [sheet.cell(3, c).value for c in range(1, 6)] == list(HEADERS)
    assert [sheet.cell(r, 2).value for r in range(4, 10)] == CATEGORIES
    assert [sheet.cell(9, c).value for c in range(1, 6)] == [6, "学生家长倾心谈", 7, 60, 42]  # numbers add up in Excel
    below = [sheet.cell(r, 1).value for r in range(11, 17)]
    assert "报送联系人：王老师" in below and "电话：0790-1234567" in below
