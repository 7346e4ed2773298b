"""The 活动记录表 (S000 附件 1-1) as Word — the seed asks for “word版及PDF盖章版”: the same layout as the
PDF, editable before it is stamped; the bundled font's family named for Latin and East Asian text."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from counselroom.reports.activity_table_data import HEADERS, TITLE, ActivityTableData
from counselroom.reports.charts import chart_font_family

WIDTHS = (Cm(1.8), Cm(6.2), Cm(3.0), Cm(3.0), Cm(3.5))


def build_activity_table_docx(data: ActivityTableData) -> bytes:
    doc = Document()
    _setup(doc)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(TITLE)
    run.bold, run.font.size = True, Pt(16)
    doc.add_paragraph(f"填报单位（盖章）：{data.school}")
    table = doc.add_table(rows=1 + len(data.rows), cols=len(HEADERS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
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


def _setup(doc: WordDocument) -> None:
    """A4, 2 cm margins; the bundled family on Normal for every script; metadata without names."""
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), chart_font_family())
    doc.core_properties.title = TITLE
    doc.core_properties.author = "心理辅导室工作台"
    doc.core_properties.last_modified_by = "心理辅导室工作台"
