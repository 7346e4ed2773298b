"""What the printouts share: Chinese date wording, PDF bytes in memory, page decoration
(header, 第 1 页 共 2 页, watermark) and the hotline box.

PDFs are built into a BytesIO and returned as bytes — never a file — so a document with
student names exists only in memory until the teacher deliberately prints or saves it
(SECURITY.md 7). `invariant=True` makes equal input give byte-equal output, so the SHA-256
in the audit row identifies the document, not the second it was built.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, time
from html import escape
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from counselroom.domain.school.hotlines import Hotline
from counselroom.domain.school.school_days import WEEKDAYS
from counselroom.reports.pdf_fonts import cjk_font, style

INK = colors.HexColor("#222222")
MUTED = colors.HexColor("#666666")
RULE = colors.HexColor("#999999")
HOTLINE_FILL = colors.HexColor("#fff4e0")  # warm, readable on greyscale printers too
HOTLINE_EDGE = colors.HexColor("#d35400")


def long_date(day: date) -> str:
    """UX.md's text form: 2025年10月13日 周一."""
    return f"{day.year}年{day.month}月{day.day}日 周{WEEKDAYS[day.weekday()]}"


def time_range(start: time, end: time) -> str:
    return f"{start:%H:%M}–{end:%H:%M}"


@dataclass(frozen=True)
class PageDecor:
    """Drawn on every page after layout, when the page count is known."""

    header: str = ""  # a line at the top of every page (repeated on long documents)
    footer_left: str = ""  # e.g. 内部资料 注意保密
    footer_centre: str = ""  # e.g. 打印人 王老师（心理教师） 2025-10-13 08:05
    watermark: str = ""  # faint diagonal text across the page (SECURITY.md 12)
    page_numbers: bool = True


def build_pdf(
    story: Sequence[Flowable],
    *,
    pagesize: tuple[float, float],
    title: str,
    margin: float = 15 * mm,
    top: float | None = None,
    decor: PageDecor | None = None,
) -> bytes:
    """Lay out the story and return the PDF. Metadata carries the title only (no names)."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin if top is None else top,
        bottomMargin=margin,
        title=title,
        author="心理辅导室工作台",
        creator="心理辅导室工作台",
        subject="",
        invariant=True,
        # Otherwise every page's preamble selects Helvetica, a font
        # that is referenced but not embedded (pdffonts shows emb=no).
        initialFontName=cjk_font(),
    )
    chosen = decor or PageDecor(page_numbers=False)
    document.build(list(story), canvasmaker=lambda *a, **k: _DecoratedCanvas(*a, decor=chosen, **k))
    return buffer.getvalue()


class _DecoratedCanvas(Canvas):
    """Keeps each page until the end so the footer can say 共 N 页 (reportlab's two-pass idiom)."""

    # Canvas internals that reportlab's own idiom uses; types-reportlab leaves private members out.
    _pagesize: tuple[float, float]
    _startPage: Callable[[], None]

    def __init__(self, *args: Any, decor: PageDecor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decor = decor
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decorate(number, total)
            super().showPage()
        super().save()

    def _decorate(self, number: int, total: int) -> None:
        width, height = self._pagesize
        font, d = cjk_font(), self._decor
        self.saveState()
        if d.watermark:
            self._watermark(d.watermark, width, height)
        self.setFillColor(MUTED)
        self.setFont(font, 9)
        if d.header:
            self.drawString(15 * mm, height - 10 * mm, d.header)
            self.setStrokeColor(RULE)
            self.line(15 * mm, height - 11.5 * mm, width - 15 * mm, height - 11.5 * mm)
        if d.footer_left:
            self.drawString(15 * mm, 8 * mm, d.footer_left)
        if d.footer_centre:
            self.drawCentredString(width / 2, 8 * mm, d.footer_centre)
        if d.page_numbers:
            self.drawRightString(width - 15 * mm, 8 * mm, f"第 {number} 页 共 {total} 页")
        self.restoreState()

    def _watermark(self, text: str, width: float, height: float) -> None:
        self.saveState()
        self.setFillColor(colors.HexColor("#000000"), alpha=0.07)  # faint: the table stays legible
        self.setFont(cjk_font(), 22)
        self.translate(width / 2, height / 2)
        self.rotate(35)
        for offset in (-75 * mm, 0, 75 * mm):
            self.drawCentredString(0, offset, text)
        self.restoreState()


def plain(text: str, paragraph_style: ParagraphStyle) -> Paragraph:
    """A paragraph of data (names, rooms): escaped, because Paragraph parses markup like <b>."""
    return Paragraph(escape(text), paragraph_style)


def table_style(*commands: tuple[Any, ...]) -> TableStyle:
    """A TableStyle in the CJK font. reportlab's Table selects its default Helvetica for every
    cell (even a Paragraph cell), which would put a non-embedded font into the PDF."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), cjk_font()), *commands])


def _is_cjk(c: str) -> bool:
    return ord(c) > 0x2E7F


def _text_width(text: str, size: float) -> float:
    """About how wide `text` sets: CJK a full em, digits and letters about 0.62 of one."""
    return sum(size if _is_cjk(c) else size * 0.62 for c in text)


def hotline_box(hotlines: Sequence[Hotline], *, width: float, title: str, number_size: float) -> Table:
    """A framed box: title across the top, then one row per line — the number large, the name beside.
    A contact written in words (where the 心理信箱 hangs) is set at the names' size, so it does not
    wrap a letter at a time."""
    number_style = style("hotline-number", number_size, colour="#a04000")
    label_size = max(number_size * 0.65, 9)
    label_style = style("hotline-label", label_size, colour="#222222")
    words_style = style("hotline-words", label_size, colour="#a04000")

    def size_of(text: str) -> float:
        return label_size if any(_is_cjk(c) for c in text) else number_size

    rows: list[list[Any]] = [[Paragraph(title, style("hotline-title", max(number_size * 0.55, 9))), ""]]
    rows += [
        [plain(h.number, words_style if size_of(h.number) == label_size else number_style), plain(h.label, label_style)]
        for h in hotlines
    ]
    widest = max((_text_width(h.number, size_of(h.number)) for h in hotlines), default=0)
    number_width = min(widest + 4 * mm, width * 0.55)
    table = Table(rows, colWidths=[number_width, width - number_width])
    table.setStyle(
        table_style(
            ("SPAN", (0, 0), (1, 0)),
            ("BOX", (0, 0), (-1, -1), 1.2, HOTLINE_EDGE),
            ("BACKGROUND", (0, 0), (-1, -1), HOTLINE_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (-1, -1), 2 * mm),
        )
    )
    return table
