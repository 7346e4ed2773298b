"""The 活动记录表 (S000 附件 1-1) as an A4 PDF in the bundled font, laid out as the seed lays it out."""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from counselroom.reports.activity_table_data import HEADERS, TITLE, ActivityTableData
from counselroom.reports.pdf_fonts import style
from counselroom.reports.pdf_pages import build_pdf, plain, table_style

WIDTHS = (18 * mm, 62 * mm, 30 * mm, 30 * mm, 40 * mm)  # 180 mm, A4 less 15 mm margins
TITLE_STYLE = style("activity-table-title", 16, align=TA_CENTER, space_after=6)
BODY = style("activity-table-body", 11, leading=16)
CELL = style("activity-table-cell", 11, align=TA_CENTER)
NOTE = style("activity-table-note", 9, leading=13, colour="#444444")


def build_activity_table_pdf(data: ActivityTableData) -> bytes:
    rows = [[plain(h, CELL) for h in HEADERS], *([plain(c, CELL) for c in r.cells] for r in data.rows)]
    table = Table(rows, colWidths=WIDTHS, rowHeights=[10 * mm] * len(rows))
    table.setStyle(
        table_style(
            ("GRID", (0, 0), (-1, -1), 0.6, "#000000"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        )
    )
    story: list[Flowable] = [
        plain(TITLE, TITLE_STYLE),
        Spacer(1, 4 * mm),
        plain(f"填报单位（盖章）：{data.school}", BODY),
        Spacer(1, 3 * mm),
        table,
        Spacer(1, 4 * mm),
        plain(f"报送联系人：{data.contact}", BODY),
        Spacer(1, 2 * mm),
        plain(f"电话：{data.phone}", BODY),
        Spacer(1, 8 * mm),
        *(plain(line, NOTE) for line in data.notes),
    ]
    return build_pdf(story, pagesize=A4, title=TITLE)
