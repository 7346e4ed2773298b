"""The 学期自查报告 as a Word file (python-docx): what the PDF shows, in the same order and words
(self_inspection_text.py), editable before the school stamps it — S000 asks for "word版及PDF盖章版".

Word tables, Heading 1/2 styles (so Word's navigation pane lists the areas), the charts as the same
PNGs the PDF embeds, 第 N 页 共 M 页 as Word fields; the page, the fonts and the file's properties
as every Word file of the program has them (docx_parts).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx.document import Document as WordDocument
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Length, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from counselroom.reports import report_charts
from counselroom.reports import self_inspection_text as words
from counselroom.reports.docx_parts import BODY_FACE, HEADING_FACE, a4_document, name_faces
from counselroom.reports.self_inspection_data import AreaReport, ReportTable, SelfInspection, Verdict

CHECK_WIDTHS = (Cm(2.9), Cm(3.2), Cm(2.1), Cm(7.3), Cm(1.5))  # 17 cm, the text width
NOT_MET_RED = RGBColor(0xC0, 0x39, 0x2B)
MUTED = RGBColor(0x66, 0x66, 0x66)
INK = RGBColor(0x22, 0x22, 0x22)
HEAD_FILL = "EEF2F6"
RULED_LINES = 12
# What may follow w:shd in a w:tcPr and w:tblBorders in a w:tblPr (ECMA-376 sequence order).
TC_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
TBL_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
SIZES = {"Normal": 10.5, "Title": 20, "Heading 1": 14, "Heading 2": 11}  # 五号 body, as Chinese forms use


def build_self_inspection_docx(report: SelfInspection) -> bytes:
    doc = a4_document(words.document_title(report), dated=report.as_of, body_size=SIZES["Normal"])
    _page_setup(doc, report)
    _styles(doc)
    _title_block(doc, report)
    for index, area in enumerate(report.areas):
        _area(doc, index, area)
    gaps_heading, notes_heading = words.closing_headings(report)
    doc.add_heading(gaps_heading, level=1)
    for line in words.numbered_gaps(report) or [words.NO_GAPS]:
        doc.add_paragraph(line)
    doc.add_heading(notes_heading, level=1)
    _notes(doc, report)
    _signatures(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# -- the page and the styles ------------------------------------------------------------------------
def _page_setup(doc: WordDocument, report: SelfInspection) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    _run(header, words.header_line(report), size=9, colour=MUTED)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for part in ("第 ", "PAGE", " 页 共 ", "NUMPAGES", " 页"):
        if part.isupper():
            footer._p.append(_field(part))
        else:
            _run(footer, part, size=9, colour=MUTED)


def _field(instruction: str) -> BaseOxmlElement:
    """A simple Word field (PAGE, NUMPAGES) that Word and LibreOffice update when they lay out."""
    field = OxmlElement("w:fldSimple", {qn("w:instr"): instruction})
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    properties.append(OxmlElement("w:sz", {qn("w:val"): "18"}))  # 9 pt, as the words around it
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    return field


def _styles(doc: WordDocument) -> None:
    """Sizes and colour of the styles the report uses; the title centred without the template's rule."""
    for name, size in SIZES.items():
        style: ParagraphStyle = doc.styles[name]
        style.font.size, style.font.color.rgb = Pt(size), INK
        face = BODY_FACE if name == "Normal" else HEADING_FACE
        name_faces(style.element.get_or_add_rPr().get_or_add_rFonts(), face)
    title: ParagraphStyle = doc.styles["Title"]
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for border in title.element.iter(qn("w:pBdr")):  # the template's coloured rule under the title
        border.getparent().remove(border)
    heading: ParagraphStyle = doc.styles["Heading 1"]
    heading.paragraph_format.space_before = Pt(14)


# -- the parts --------------------------------------------------------------------------------------
def _title_block(doc: WordDocument, report: SelfInspection) -> None:
    school = doc.add_paragraph(style="Normal")
    school.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(school, report.school, size=12)
    doc.add_paragraph(words.TITLE, style="Title")
    term = doc.add_paragraph(style="Normal")
    term.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(term, report.term, size=11)
    facts = words.facts(report)
    table = _grid(doc, [[a, b] for a, b in facts], widths=(Cm(2.6), Cm(14.4)), header=False)
    for row in table.rows:
        _shade(row.cells[0])
    if note := words.running_note(report):
        _run(doc.add_paragraph(), note, colour=RGBColor(0xA0, 0x40, 0x00))
    glance = doc.add_paragraph()
    _run(glance, words.GLANCE_LABEL, size=12)
    for part in _glance_parts(report):
        _run(glance, part, size=12, colour=NOT_MET_RED if part.startswith("未达标") and report.not_met else None)


def _glance_parts(report: SelfInspection) -> list[str]:
    """The at-a-glance line cut around its 未达标 count, which is set in red."""
    line, gaps = words.at_a_glance(report), f"未达标 {report.not_met} 项"
    before, _, after = line.partition(gaps)
    return [p for p in (before, gaps, after) if p]


def _area(doc: WordDocument, index: int, area: AreaReport) -> None:
    doc.add_heading(words.area_heading(index, area.name), level=1)
    doc.add_paragraph(area.summary)
    table = _grid(doc, [list(words.CHECK_HEADERS), *map(list, words.check_rows(area.checks))], widths=CHECK_WIDTHS)
    for row in table.rows[1:]:
        _verdict(row.cells[-1])
    for quote in words.source_notes(area.checks).quotes:
        _small(doc, quote)
    for report_table in area.tables:
        _report_table(doc, report_table)
    for spec in area.charts:
        picture = report_charts.png(spec, size_cm=words.CHART_SIZE_CM)
        doc.add_picture(io.BytesIO(picture), width=Cm(words.CHART_SIZE_CM[0]))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _verdict(cell: _Cell) -> None:
    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = cell.paragraphs[0].runs[0]
    if run.text == Verdict.NOT_MET.value:
        run.bold, run.font.color.rgb = True, NOT_MET_RED
    elif run.text == Verdict.NOT_JUDGED.value:
        run.font.color.rgb = MUTED


def _report_table(doc: WordDocument, table: ReportTable) -> None:
    doc.add_heading(table.title, level=2)
    grid = _grid(doc, [list(table.headers), *map(list, table.rows)], widths=_column_widths(table))
    counts = words.count_columns(table)
    for r, row in enumerate(grid.rows):
        for cell, centred in zip(row.cells, counts, strict=True):
            if centred:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            if r and cell.text == Verdict.NOT_MET.value:
                _verdict(cell)
    if table.footnote:
        _small(doc, table.footnote)


def _column_widths(table: ReportTable) -> list[Length]:
    """Each column as wide as its longest text (a long one wraps at 6 cm), the whole at least half the
    text width and at most all of it — as the PDF sets them."""
    natural = [
        min(max(_ems(text) for text in column) * 0.33 + 0.4, 6.0)
        for column in zip(table.headers, *table.rows, strict=True)
    ]
    total = sum(natural)
    scale = min(max(words.CHART_SIZE_CM[0] / 2, total), words.CHART_SIZE_CM[0]) / total
    return [Cm(w * scale) for w in natural]


def _ems(text: str) -> float:
    """About how many 9 pt characters wide: a Chinese character one, a digit or letter about half."""
    return sum(1.0 if ord(c) > 0x2E7F else 0.55 for c in text)


def _notes(doc: WordDocument, report: SelfInspection) -> None:
    paragraphs = words.note_paragraphs(report.notes)
    for text in paragraphs:
        doc.add_paragraph(text)
    if not paragraphs:  # ruled lines to write on, or to type into before printing
        table = doc.add_table(rows=RULED_LINES, cols=1)
        _borders(table, {"bottom": "single", "insideH": "single"})
        for row in table.rows:
            row.height = Cm(0.9)


def _signatures(doc: WordDocument) -> None:
    doc.add_paragraph()
    blanks = ("　" * 10, "　" * 10, "　　　　年　　月　　日")
    for label, blank in zip(words.SIGNATURES, blanks, strict=True):
        line = doc.add_paragraph()
        line.paragraph_format.left_indent = Cm(8.5)
        line.paragraph_format.space_before = Pt(12)
        _run(line, label, size=11)
        run = _run(line, blank, size=11)
        run.underline = label != words.SIGNATURES[-1]  # a line to sign on; the date has its own words


# -- building blocks --------------------------------------------------------------------------------
def _grid(doc: WordDocument, rows: Sequence[Sequence[str]], *, widths: Sequence[Length], header: bool = True) -> Table:
    """A bordered table of texts; the first row a shaded header repeated on every page."""
    table: Table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT  # as the PDF sets its tables
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # w:gridCol, which LibreOffice reads; Word reads each cell's w:tcW (below)
    for row, texts in zip(table.rows, rows, strict=True):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row stays on one page, as in the PDF
        for c, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(2)
            _run(paragraph, text, size=9)
            cell.width = widths[c]
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    if header:
        for cell in table.rows[0].cells:
            _shade(cell)
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    return table


def _shade(cell: _Cell) -> None:
    shading = OxmlElement("w:shd", {qn("w:val"): "clear", qn("w:fill"): HEAD_FILL})
    # The schema fixes the order of a cell's properties; Word refuses a file that breaks it.
    cell._tc.get_or_add_tcPr().insert_element_before(shading, *TC_AFTER_SHD)


def _borders(table: Table, edges: dict[str, str]) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        kind = edges.get(edge, "nil")
        borders.append(OxmlElement(f"w:{edge}", {qn("w:val"): kind, qn("w:sz"): "4", qn("w:color"): "999999"}))
    properties.insert_element_before(borders, *TBL_AFTER_BORDERS)


def _small(doc: WordDocument, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(2)
    _run(paragraph, text, size=8, colour=MUTED)


def _run(paragraph: Paragraph, text: str, *, size: float | None = None, colour: RGBColor | None = None) -> Run:
    run = paragraph.add_run(text)
    if size is not None:
        run.font.size = Pt(size)
    if colour is not None:
        run.font.color.rgb = colour
    return run
