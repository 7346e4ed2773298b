"""The 活动记录表 (S000 附件 1-1) as an Excel workbook: the seed's layout on one A4 sheet, borders on
the table, the title merged across it — ready to print or to fill in further. Every cell goes through
sheet_cells.put (SECURITY.md 14)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from counselroom.reports.activity_table_data import HEADERS, TITLE, ActivityTableData
from counselroom.reports.sheet_cells import put

WIDTHS = {"A": 8, "B": 26, "C": 14, "D": 14, "E": 18}
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
FONT = "宋体"  # what a school's Excel shows; any CJK font stands in on a PC without it


def build_activity_table_xlsx(data: ActivityTableData) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "活动记录表"
    sheet.merge_cells("A1:E1")
    title = put(sheet, 1, 1, TITLE)
    title.font = Font(name=FONT, size=16, bold=True)
    title.alignment = CENTRE
    sheet.row_dimensions[1].height = 36
    sheet.merge_cells("A2:E2")
    put(sheet, 2, 1, f"填报单位（盖章）：{data.school}").font = Font(name=FONT, size=12)
    for row_number, cells in enumerate([HEADERS, *(r.cells for r in data.rows)], start=3):
        sheet.row_dimensions[row_number].height = 28
        for column, text in enumerate(cells, start=1):
            cell = put(sheet, row_number, column, _number_or_text(text, row_number))
            cell.border = BOX
            cell.alignment = CENTRE
            cell.font = Font(name=FONT, size=12, bold=row_number == 3)
    below = 3 + len(data.rows) + 2
    for offset, line in enumerate((f"报送联系人：{data.contact}", f"电话：{data.phone}", "", *data.notes)):
        sheet.merge_cells(start_row=below + offset, start_column=1, end_row=below + offset, end_column=5)
        cell = put(sheet, below + offset, 1, line)
        cell.font = Font(name=FONT, size=12 if offset < 2 else 9)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[below + 4].height = 48  # the 参与人数 note wraps
    for letter, width in WIDTHS.items():
        sheet.column_dimensions[letter].width = width
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.print_options.horizontalCentered = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _number_or_text(text: str, row_number: int) -> int | str:
    """Counts as numbers (Excel can add them up), headers and categories as text."""
    return int(text) if row_number > 3 and text.isdigit() else text
