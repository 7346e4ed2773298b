"""What the printed forms of the referral and crisis workflows share (转介单, 家长告知书, 复学评估表,
危机事件处置记录, 保密例外告知单): one page decoration — the school's name in the header, the 保密
line and 第 x 页 共 y 页 at the foot, who printed it and when as a watermark — and the few building
blocks they are laid out with (a facts table, a section heading, label：value lines, ruled
signature lines, a grid table).

Kept apart from each document so the five read alike on paper and a change of house style is made
once. Every text that comes from a record goes through `plain` / `lines` (escaped: a name or a
note may hold "<" or "&", which Paragraph would parse as markup).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from counselroom.reports.pdf_fonts import style
from counselroom.reports.pdf_pages import PageDecor, build_pdf, long_date, plain, table_style

TEXT_WIDTH = 180 * mm  # A4 less the 15 mm margins
LABEL_FILL = colors.HexColor("#eef2f6")
GRID = colors.HexColor("#999999")
MUTED = "#555555"
BLANK = "＿＿＿＿＿＿＿＿"
DATE_BLANK = "＿＿＿＿年＿＿月＿＿日"


@dataclass(frozen=True)
class Printed:
    """Who is printing, and when: the watermark and the line under the title."""

    school_name: str
    by: str  # 王老师（心理教师）
    at: datetime

    @property
    def line(self) -> str:
        return f"打印人 {self.by} {self.at:%Y-%m-%d %H:%M}"


def build_form(story: Sequence[Flowable], *, printed: Printed, title: str, number: str, footer: str) -> bytes:
    """An A4 document with the house decoration. `number` (转介编号 12) goes in the header and the
    PDF's metadata title — never a student's name."""
    decor = PageDecor(
        header=f"【保密】{printed.school_name} · {title} · {number}",
        footer_left=footer,
        watermark=printed.line,
    )
    return build_pdf(story, pagesize=A4, title=f"{title} {number}", top=18 * mm, decor=decor)


def title_block(printed: Printed, title: str, subtitle: str = "") -> list[Flowable]:
    found: list[Flowable] = [
        plain(printed.school_name, style("fp-school", 12, align=TA_CENTER, colour="#333333")),
        Paragraph(escape(title), style("fp-title", 19, align=TA_CENTER, space_after=1 * mm)),
    ]
    if subtitle:
        found.append(plain(subtitle, style("fp-subtitle", 10.5, align=TA_CENTER, colour="#333333")))
    found.append(Spacer(1, 2 * mm))
    return found


def facts_table(rows: Sequence[tuple[str, str, str, str]]) -> Table:
    """Short facts, two label/value pairs a row; a row whose third cell is "" runs its value across."""
    label, value = style("fp-label", 10, colour="#333333"), style("fp-value", 10)
    body = [[plain(a, label), plain(b or "—", value), plain(c, label), plain(d, value)] for a, b, c, d in rows]
    table = Table(body, colWidths=[30 * mm, 60 * mm, 30 * mm, 60 * mm], spaceAfter=2 * mm)
    commands: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for number, (_a, _b, c, _d) in enumerate(rows):
        if c:
            commands.append(("BACKGROUND", (2, number), (2, number), LABEL_FILL))
        else:
            commands.append(("SPAN", (1, number), (3, number)))
    table.setStyle(table_style(*commands))
    return table


def grid_table(head: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> Table:
    """A ruled table with a shaded header row repeated on each page; cells wrap."""
    cell, top = style("fp-cell", 9.5), style("fp-cell-head", 9.5, colour="#333333")
    body: list[list[object]] = [[plain(h, top) for h in head]]
    body += [[Paragraph(lines(c), cell) for c in row] for row in rows]
    table = Table(body, colWidths=list(widths), repeatRows=1, spaceAfter=2 * mm)
    table.setStyle(
        table_style(
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), LABEL_FILL),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        )
    )
    return table


def heading(text: str) -> Paragraph:
    found = style("fp-heading", 12.5, space_after=1.5 * mm)
    found.spaceBefore = 4 * mm
    found.keepWithNext = 1
    return Paragraph(escape(text), found)


def field(label: str, value: str) -> Paragraph:
    """label：value, wrapping under itself; a multi-line value keeps its line breaks."""
    body = style("fp-field", 10.5, space_after=1.2 * mm)
    body.leftIndent = 2 * mm
    return Paragraph(f'<font color="{MUTED}">{escape(label)}：</font>{lines(value)}', body)


def para(text: str, *, size: float = 10.5, indent: bool = False) -> Paragraph:
    """Running text of the form itself (fixed wording, already safe) — a letter's paragraphs."""
    body = style("fp-para", size, leading=size * 1.6, space_after=1.5 * mm)
    if indent:
        body.firstLineIndent = 2 * size  # 首行缩进两字
    return Paragraph(text, body)


def quiet(text: str) -> Paragraph:
    return plain(text, style("fp-quiet", 9.5, colour=MUTED, space_after=1 * mm))


def cut_line(text: str = "请沿此线剪下") -> Paragraph:
    """A dashed line across the page where the part to hand back is cut off."""
    dashes = "－" * 10
    cut = style("fp-cut", 9, colour="#777777", align=TA_CENTER, space_after=2 * mm)
    cut.spaceBefore = 6 * mm
    return plain(f"{dashes} {text} {dashes}", cut)


def signature_lines(labels: Sequence[str]) -> Flowable:
    """One ruled line per signer: 签名 and a date to fill in by hand — kept on one page."""
    cell = style("fp-sign", 10.5)
    rows = [[plain(f"{label}（签名）：{BLANK}", cell), plain(f"日期：{DATE_BLANK}", cell)] for label in labels]
    table = Table(rows, colWidths=[TEXT_WIDTH * 0.55, TEXT_WIDTH * 0.45], rowHeights=[11 * mm] * len(rows))
    table.setStyle(table_style(("VALIGN", (0, 0), (-1, -1), "BOTTOM")))
    return KeepTogether([table])


def day_text(iso: str) -> str:
    """A stored date or timestamp as 2025年10月13日 周一; "—" when there is none."""
    return long_date(datetime.fromisoformat(iso).date()) if iso else "—"


def time_text(iso: str) -> str:
    """A stored timestamp as 2025-10-13 07:30; "—" when there is none."""
    return f"{datetime.fromisoformat(iso):%Y-%m-%d %H:%M}" if iso else "—"


def age_on(birth: date | None, day: date) -> str:
    """周岁 on `day`, "" when the birth date is not recorded."""
    if birth is None:
        return ""
    years = day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
    return f"{years} 岁"


def lines(text: str) -> str:
    """Escaped for Paragraph markup, the teacher's own line breaks kept; "—" when empty."""
    return "<br/>".join(escape(line) for line in text.strip().splitlines()) or "—"
