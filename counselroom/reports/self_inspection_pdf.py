"""The 学期自查报告 (S004 §三) as a PDF: A4 portrait in the bundled font, the house style of the
other printouts (pdf_pages.build_pdf, 第 N 页 共 M 页, a running header).

In order: the title block (school, term, profile, as-of date, "学期尚未结束…" while the term runs), the
at-a-glance line, the five areas — each its summary, check table (项目, 要求, 依据, 本校情况, 结论;
未达标 in red and heavy), the quotes the 依据 column points to, its tables with their footnotes and its
charts — then the checklist of gaps, 问题与改进措施 (the principal's text, or ruled lines to write on)
and the lines for the principal's signature and the school's stamp. The words come from
self_inspection_text.py, shared with the Word file; the charts from report_charts.py.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from html import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table

from counselroom.reports import report_charts
from counselroom.reports import self_inspection_text as words
from counselroom.reports.pdf_fonts import cjk_font, style
from counselroom.reports.pdf_pages import PageDecor, build_pdf, plain, table_style
from counselroom.reports.self_inspection_data import AreaReport, ChartSpec, ReportTable, SelfInspection, Verdict

TEXT_WIDTH = 180 * mm  # A4 less the 15 mm margins
CHECK_WIDTHS = (30 * mm, 34 * mm, 22 * mm, 78 * mm, 16 * mm)
CHART_WIDTH = words.CHART_SIZE_CM[0] * 10 * mm
CHART_HEIGHT = words.CHART_SIZE_CM[1] * 10 * mm
CELL_SIZE = 9.0
GRID = colors.HexColor("#999999")
HEAD_FILL = colors.HexColor("#eef2f6")
TOTAL_FILL = colors.HexColor("#f6f6f6")
NOT_MET_RED = "#c0392b"
MUTED = "#666666"


def build_self_inspection_pdf(report: SelfInspection) -> bytes:
    story = _title_block(report)
    for index, area in enumerate(report.areas):
        story += _area(index, area)
    gaps_heading, notes_heading = words.closing_headings(report)
    story += [_heading(gaps_heading), *_gaps(report)]
    story += [_heading(notes_heading), *_notes(report), _signatures()]
    decor = PageDecor(header=words.header_line(report))
    return build_pdf(story, pagesize=A4, title=words.document_title(report), top=18 * mm, decor=decor)


# -- the parts --------------------------------------------------------------------------------------
def _title_block(report: SelfInspection) -> list[Flowable]:
    found: list[Flowable] = [
        plain(report.school, style("si-school", 12, align=TA_CENTER, colour="#333333")),
        Paragraph(words.TITLE, style("si-title", 20, align=TA_CENTER, space_after=1 * mm)),
        plain(report.term, style("si-term", 11, align=TA_CENTER, colour="#333333", space_after=3 * mm)),
        _facts_table(words.facts(report)),
    ]
    if note := words.running_note(report):
        running = style("si-running", 10.5, colour="#a04000")
        running.spaceBefore = 2 * mm
        found.append(plain(note, running))
    glance = style("si-glance", 12, space_after=2 * mm)
    glance.spaceBefore = 3 * mm
    line, gaps = escape(words.at_a_glance(report)), f"未达标 {report.not_met} 项"
    if report.not_met:  # the number to act on stands out
        line = line.replace(gaps, f'<font color="{NOT_MET_RED}">{gaps}</font>')
    found.append(Paragraph(words.GLANCE_LABEL + line, glance))
    return found


def _facts_table(pairs: Sequence[tuple[str, str]]) -> Table:
    label, value = style("si-label", 10, colour="#333333"), style("si-value", 10)
    table = Table([[plain(a, label), plain(b, value)] for a, b in pairs], colWidths=[26 * mm, TEXT_WIDTH - 26 * mm])
    table.setStyle(
        table_style(
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("BACKGROUND", (0, 0), (0, -1), HEAD_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        )
    )
    return table


def _area(index: int, area: AreaReport) -> list[Flowable]:
    found: list[Flowable] = [_heading(words.area_heading(index, area.name))]
    found.append(plain(area.summary, style("si-summary", 10.5, space_after=2 * mm)))
    found += _check_table(area)
    for table in area.tables:
        found += _report_table(table)
    found += [_chart(spec) for spec in area.charts]
    return found


def _check_table(area: AreaReport) -> list[Flowable]:
    head, cell = style("si-head", CELL_SIZE, colour="#333333"), style("si-cell", CELL_SIZE)
    body: list[list[object]] = [[Paragraph(h, head) for h in words.CHECK_HEADERS]]
    body += [[*(plain(text, cell) for text in row[:4]), _verdict(row[4])] for row in words.check_rows(area.checks)]
    table = Table(body, colWidths=list(CHECK_WIDTHS), repeatRows=1)
    table.setStyle(
        table_style(
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (4, 0), (4, -1), "CENTER"),
        )
    )
    quotes = words.source_notes(area.checks).quotes
    return [table, *(_small(q) for q in quotes), Spacer(1, 2 * mm)]


def _verdict(text: str) -> Flowable:
    if text == Verdict.NOT_MET.value:
        return StrongText(text, CELL_SIZE, NOT_MET_RED)
    colour = MUTED if text == Verdict.NOT_JUDGED.value else "#222222"
    return Paragraph(escape(text), style(f"si-verdict-{colour}", CELL_SIZE, colour=colour, align=TA_CENTER))


def _report_table(table: ReportTable) -> list[Flowable]:
    cell, head = style("si-tcell", CELL_SIZE), style("si-thead", CELL_SIZE, colour="#333333")
    centred = style("si-tcell-c", CELL_SIZE, align=TA_CENTER)
    numeric = words.count_columns(table)
    body: list[list[object]] = [[plain(h, centred if numeric[c] else head) for c, h in enumerate(table.headers)]]
    body += [[_table_cell(text, centred if numeric[c] else cell) for c, text in enumerate(row)] for row in table.rows]
    grid = Table(body, colWidths=_column_widths(table), repeatRows=1, hAlign="LEFT")
    commands: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if table.rows and table.rows[-1][0].startswith("合计"):
        commands.append(("BACKGROUND", (0, -1), (-1, -1), TOTAL_FILL))
    grid.setStyle(table_style(*commands))
    found: list[Flowable] = [_subheading(table.title), grid]
    if table.footnote:
        found.append(_small(table.footnote))
    return [*found, Spacer(1, 2 * mm)]


def _table_cell(text: str, cell_style: ParagraphStyle) -> Flowable:
    """A verdict in a table (教师培训's 结论) reads as in the check table."""
    return StrongText(text, CELL_SIZE, NOT_MET_RED) if text == Verdict.NOT_MET.value else plain(text, cell_style)


def _column_widths(table: ReportTable) -> list[float]:
    """Each column as wide as its longest text (a long one wraps at 70 mm), the whole at least half the
    page and at most all of it."""
    padding = 6 * mm  # the cell's own padding (6 pt a side) and a little air
    natural = [
        min(max(stringWidth(text, cjk_font(), CELL_SIZE) for text in column) + padding, 70 * mm)
        for column in zip(table.headers, *table.rows, strict=True)
    ]
    total = sum(natural)
    scale = min(max(TEXT_WIDTH / 2, total), TEXT_WIDTH) / total
    return [w * scale for w in natural]


def _chart(spec: ChartSpec) -> Flowable:
    data = report_charts.png(spec, size_cm=words.CHART_SIZE_CM)
    image = Image(io.BytesIO(data), width=CHART_WIDTH, height=CHART_HEIGHT)
    return KeepTogether([Spacer(1, 2 * mm), image])


def _gaps(report: SelfInspection) -> list[Flowable]:
    if not report.gaps:
        return [plain(words.NO_GAPS, style("si-nogaps", 10.5))]
    item = style("si-gap", 10.5, space_after=1 * mm)
    item.leftIndent, item.firstLineIndent = 6 * mm, -6 * mm  # the number hangs, the text wraps under itself
    return [plain(line, item) for line in words.numbered_gaps(report)]


def _notes(report: SelfInspection) -> list[Flowable]:
    paragraphs = words.note_paragraphs(report.notes)
    if paragraphs:
        body = style("si-notes", 10.5, leading=16, space_after=1.5 * mm)
        return [plain(text, body) for text in paragraphs]
    ruled = Table([[""]] * 12, colWidths=[TEXT_WIDTH], rowHeights=[9 * mm] * 12)  # written on by hand
    ruled.setStyle(table_style(("LINEBELOW", (0, 0), (-1, -1), 0.5, GRID)))
    return [ruled]


def _signatures() -> Flowable:
    label = style("si-sign", 11)
    rows = [[plain(text, label), ""] for text in words.SIGNATURES]
    rows[-1][1] = _date_blanks()
    table = Table(rows, colWidths=[32 * mm, 58 * mm], rowHeights=[12 * mm] * len(rows), hAlign="RIGHT")
    table.setStyle(
        table_style(("LINEBELOW", (1, 0), (1, -2), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"))
    )
    return KeepTogether([Spacer(1, 10 * mm), table])


def _date_blanks() -> Table:
    """年    月    日 — room before each word to write the number in (spaces would collapse)."""
    blanks = Table([["年", "月", "日"]], colWidths=[19 * mm] * 3)
    blanks.setStyle(table_style(("FONTSIZE", (0, 0), (-1, -1), 11), ("ALIGN", (0, 0), (-1, -1), "RIGHT")))
    return blanks


# -- building blocks --------------------------------------------------------------------------------
def _heading(text: str) -> Flowable:
    heading = style("si-heading", 14, space_after=2 * mm)
    heading.spaceBefore = 6 * mm
    heading.keepWithNext = 1
    return plain(text, heading)


def _subheading(text: str) -> Flowable:
    sub = style("si-sub", 10.5, colour="#333333", space_after=1 * mm)
    sub.spaceBefore = 2 * mm
    sub.keepWithNext = 1
    return plain(text, sub)


def _small(text: str) -> Flowable:
    return plain(text, style("si-small", 8, colour=MUTED, space_after=0.5 * mm))


class StrongText(Flowable):
    """One short line drawn heavy: the bundled face has no bold, so the glyphs are filled and stroked
    (text render mode 2). The text stays text: pdftotext and a screen reader read it as usual."""

    def __init__(self, text: str, size: float, colour: str) -> None:
        super().__init__()
        self.text, self.size, self.colour = text, size, colors.HexColor(colour)

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width = stringWidth(self.text, cjk_font(), self.size)
        self.height = self.size * 1.25
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        text = canvas.beginText(0, self.size * 0.25)
        text.setFont(cjk_font(), self.size)
        text.setTextRenderMode(2)
        canvas.setFillColor(self.colour)
        canvas.setStrokeColor(self.colour)
        canvas.setLineWidth(self.size * 0.04)
        text.textOut(self.text)
        canvas.drawText(text)
