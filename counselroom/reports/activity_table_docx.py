"""The 活动记录表 (S000 附件 1-1) as Word — the seed asks for “word版及PDF盖章版”: the same layout as the
PDF, editable before it is stamped; page, fonts and properties as every Word file has them (docx_parts)."""

from __future__ import annotations

import io

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from counselroom.reports.activity_table_data import HEADERS, TITLE, ActivityTableData
from counselroom.reports.docx_parts import a4_document

WIDTHS = (Cm(1.4), Cm(6.8), Cm(2.8), Cm(2.8), Cm(3.2))  # 17 cm, the text width: 类别 on one line


def build_activity_table_docx(data: ActivityTableData) -> bytes:
    doc = a4_document(TITLE, dated=data.end, body_size=12)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(TITLE)
    run.bold, run.font.size = True, Pt(16)
    doc.add_paragraph(f"填报单位（盖章）：{data.school}")
    table = doc.add_table(rows=1 + len(data.rows), cols=len(HEADERS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # Word would otherwise narrow 类别 to its header and wrap the long categories
    for column, width in zip(table.columns, WIDTHS, strict=True):
        column.width = width
    for r, cells in enumerate([HEADERS, *(row.cells for row in data.rows)]):
        for c, text in enumerate(cells):
            cell = table.cell(r, c)
            cell.width = WIDTHS[c]
            cell.text = text
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            if r == 0:
                cell.paragraphs[0].runs[0].bold = True
    doc.add_paragraph()
    doc.add_paragraph(f"报送联系人：{data.contact}")
    doc.add_paragraph(f"电话：{data.phone}")
    for line in data.notes:
        note = doc.add_paragraph().add_run(line)
        note.font.size = Pt(9)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
