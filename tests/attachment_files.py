"""Attachments as a school has them — a hospital letter as a PDF, a scanned consent form as a PNG
or a JPEG photo — built in memory for the viewer, watermark and attachment tests."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from counselroom.reports.pdf_fonts import cjk_font

LETTER_PAGES = ("医院来函 第一页 金丝雀甲", "复诊建议 第二页 金丝雀乙")


def letter_pdf(pages: tuple[str, ...] = LETTER_PAGES) -> bytes:
    """One page per text, in the bundled font, with a black block placed differently on each page
    (so a rendered page is visibly not blank, and page 2 looks unlike page 1)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=cjk_font())
    width, height = A4
    for number, text in enumerate(pages):
        canvas.setFont(cjk_font(), 16)  # reportlab resets the font on each new page
        canvas.drawString(72, height - 100, text)
        canvas.rect(72, height - 300 - 200 * number, width / 3, 120, stroke=0, fill=1)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def scan(fmt: str = "PNG", size: tuple[int, int] = (600, 800), mode: str = "RGB", **save: object) -> bytes:
    """A scanned form: white paper, a dark title bar and some lines of "text"."""
    image = Image.new(mode, size, "white")
    if size[0] >= 200 and size[1] >= 200:
        draw = ImageDraw.Draw(image)
        draw.rectangle((40, 40, size[0] - 40, 90), fill="black")
        for y in range(140, size[1] - 60, 40):
            draw.line((40, y, size[0] - 120, y), fill="black", width=3)
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def decoded(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image
