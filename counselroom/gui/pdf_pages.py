"""PDF pages as QImages, rendered in memory by pdfium (pypdfium2) — for the attachment viewer and
for printing. Nothing is written to disk; each image is a copy, so it outlives pdfium's bitmap."""

from __future__ import annotations

import pypdfium2 as pdfium
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QImage

RenderedPage = tuple[QImage, QSizeF]  # the image and the page's size in points


def page_image(page: pdfium.PdfPage, scale: float) -> QImage:
    """One page at `scale` pixels per point."""
    bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
    try:
        # The QImage only borrows pdfium's memory: copy it before the bitmap is freed.
        rgbx = QImage.Format.Format_RGBX8888
        return QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, rgbx).copy()
    finally:
        bitmap.close()


def render_document(pdf: bytes, dpi: int) -> list[RenderedPage] | None:
    """Every page at `dpi`, or None when the bytes are not a PDF pdfium can open."""
    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError:
        return None
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            try:
                points = QSizeF(page.get_width(), page.get_height())
                pages.append((page_image(page, dpi / 72), points))
            finally:
                page.close()
        return pages
    except pdfium.PdfiumError:
        return None
    finally:
        document.close()
