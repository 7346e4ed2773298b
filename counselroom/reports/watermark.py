"""A visible watermark on a copy that leaves the room (SECURITY.md 12): who saved it, when, why.

`watermark(content, mime, line)` returns new bytes of the same format; the input is untouched.
- PDF: a reportlab page carrying the line (diagonal, light grey, three times) and once more small
  along the bottom edge, in the bundled font (embedded subset), is laid over every page with pypdf;
  the page's own content, text layer and size stay as they were.
- PNG / JPEG (scans, phone photos): the line in the bundled font, semi-transparent, tiled
  diagonally across the whole picture with Pillow, so cropping one edge does not remove it. Size,
  DPI and colour profile are kept; EXIF is not carried over (a phone photo's GPS position has no
  business leaving the room) — the picture is turned upright from it first.

Fails closed: a file that cannot be read (damaged, password-protected) or a format not listed
raises WatermarkError with a Chinese reason, so no copy leaves without its mark. Here, below the
services and without Qt, because the services call it and may not import Qt.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Iterator
from typing import Any

from PIL import Image, ImageDraw, ImageFont, ImageOps
from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from counselroom.reports.pdf_fonts import TTC_SUBFONT, cjk_font
from counselroom.system.paths import font_path

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
SUPPORTED = (PDF, PNG, JPEG)
_GREY = (96, 96, 96)
_IMAGE_ALPHA = 72  # of 255: the scan stays legible underneath
_ANGLE = 30  # degrees, anticlockwise
_PDF_OPACITY = 0.12
_MAX_LINE = 120  # characters; a long reason is cut rather than running off the page


class WatermarkError(ValueError):
    """The copy cannot carry a watermark; the message says why, in Chinese."""


def watermark(content: bytes, mime: str, line: str) -> bytes:
    """`content` (a file of type `mime`) with `line` drawn over it, as new bytes of the same type."""
    text = " ".join(line.split())[:_MAX_LINE]
    if mime == PDF:
        return _pdf(content, text)
    if mime in (PNG, JPEG):
        return _image(content, mime, text)
    raise WatermarkError(f"不支持给“{mime}”类型的文件加水印")


# --- PDF -----------------------------------------------------------------------------------------


def _pdf(content: bytes, text: str) -> bytes:
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not reader.decrypt(""):
            raise WatermarkError("此 PDF 有密码保护，无法加水印")
        writer = PdfWriter(clone_from=reader)
        overlays: dict[tuple[float, float], PageObject] = {}
        for page in writer.pages:
            box = page.cropbox
            size = (float(box.width), float(box.height))
            if size not in overlays:
                overlays[size] = _overlay_page(*size, text)
            page.merge_transformed_page(overlays[size], Transformation().translate(float(box.left), float(box.bottom)))
        out = io.BytesIO()
        writer.write(out)
    except WatermarkError:
        raise
    except Exception as exc:  # untrusted bytes: pypdf raises many kinds of error on a damaged file
        raise WatermarkError("文件已损坏或不是有效的 PDF，无法加水印") from exc
    if not writer.pages:
        raise WatermarkError("此 PDF 没有页面，无法加水印")
    return out.getvalue()


def _overlay_page(width: float, height: float, text: str) -> PageObject:
    """One transparent page of the given size carrying the line."""
    buffer = io.BytesIO()
    font = cjk_font()
    # The initial font is ours, so the page names no Helvetica (types-reportlab mistypes the argument).
    canvas = Canvas(buffer, pagesize=(width, height), initialFontName=font)  # type: ignore[arg-type]
    diagonal = math.hypot(width, height)
    size = max(6.0, min(28.0, 0.5 * diagonal / max(stringWidth(text, font, 1), 1)))  # half the diagonal
    canvas.saveState()
    canvas.setFillColor(Color(0, 0, 0, alpha=_PDF_OPACITY))
    canvas.setFont(font, size)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(math.degrees(math.atan2(height, width)))
    for offset in (-0.25, 0.0, 0.25):  # three parallel lines, a fraction of the shorter side apart
        canvas.drawCentredString(0, offset * min(width, height), text)
    canvas.restoreState()
    canvas.setFillColor(Color(0, 0, 0, alpha=0.55))
    canvas.setFont(font, 7)
    canvas.drawCentredString(width / 2, 6, text)
    canvas.showPage()
    canvas.save()
    return PdfReader(io.BytesIO(buffer.getvalue())).pages[0]


# --- PNG and JPEG --------------------------------------------------------------------------------


def _image(content: bytes, mime: str, text: str) -> bytes:
    try:
        with Image.open(io.BytesIO(content)) as opened:
            opened.load()
            keep = {key: opened.info[key] for key in ("dpi", "icc_profile") if opened.info.get(key)}
            transparent = opened.mode in ("RGBA", "LA", "PA") or "transparency" in opened.info
            upright = ImageOps.exif_transpose(opened)  # a copy, turned as a viewer shows it; EXIF left behind
    except Exception as exc:  # untrusted bytes; Pillow also refuses decompression bombs here
        raise WatermarkError("图片已损坏或无法读取，无法加水印") from exc
    marked = Image.alpha_composite(upright.convert("RGBA"), _tiled(upright.size, text))
    return _encode(marked if transparent and mime == PNG else marked.convert("RGB"), mime, keep)


def _tiled(size: tuple[int, int], text: str) -> Image.Image:
    """A transparent layer of `size` with the line repeated along parallel diagonals across it."""
    font = _image_font(_font_pixels(size, text))
    left, top, right, bottom = (math.ceil(edge) for edge in font.getbbox(text))
    gap = round(font.size * 3)  # between one repeat of the line and the next on the same diagonal
    stamp = Image.new("RGBA", (right - left + gap, bottom - top + 4), (0, 0, 0, 0))
    ImageDraw.Draw(stamp).text((gap // 2 - left, 2 - top), text, font=font, fill=(*_GREY, _IMAGE_ALPHA))
    stamp = stamp.rotate(_ANGLE, expand=True, resample=Image.Resampling.BICUBIC)
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    for x, y in _grid(size, stamp.size):  # alpha_composite clips right and bottom; cut left and top here
        layer.alpha_composite(stamp, (max(x, 0), max(y, 0)), (max(-x, 0), max(-y, 0)))
    return layer


def _font_pixels(size: tuple[int, int], text: str) -> int:
    """Big enough to read on a scan, small enough that one line spans about 60% of the width."""
    width, height = size
    per_pixel = _image_font(100).getlength(text) / 100  # the line's length per pixel of font size
    return max(10, min(round(0.6 * width / max(per_pixel, 1)), round(height / 12)))


def _grid(size: tuple[int, int], stamp: tuple[int, int]) -> Iterator[tuple[int, int]]:
    """Top-left corners of the stamps: a grid of stamp-sized cells from half a cell outside the
    top-left corner, so the lines run across the edges as well as the middle."""
    width, height = size
    step_x, step_y = max(stamp[0], 1), max(stamp[1], 1)
    for y in range(-step_y // 2, height, step_y):
        for x in range(-step_x // 2, width, step_x):
            yield x, y


@functools.cache
def _image_font(pixels: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path()), pixels, index=TTC_SUBFONT)


def _encode(image: Image.Image, mime: str, options: dict[str, Any]) -> bytes:
    """PNG or JPEG again, with the resolution and colour profile of the original (`options`)."""
    out = io.BytesIO()
    if mime == PNG:
        image.save(out, "PNG", optimize=False, **options)
    else:
        image.save(out, "JPEG", quality=90, **options)
    return out.getvalue()
