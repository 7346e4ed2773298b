"""The bundled CJK font for reportlab: one TrueType face, embedded as a subset in every PDF.

Why not reportlab's built-in CID fonts (STSong-Light …): they are *not embedded* — the PDF only
names the font and each viewer substitutes its own, so a school PC without that font prints
boxes or a different face. The bundled WenQuanYi Micro Hei (the same file Qt and matplotlib use)
is embedded as a subset of the glyphs a document uses, so every PC prints the same glyphs and a
slip stays small (tens of KB, not the 5 MB of the .ttc).

Chinese line breaking: reportlab's CJK wrap breaks between any two characters but keeps a mark of
its "cannot start a line" list on the line before (hanging in the margin). That list was written for
Japanese and lacks the full-width ，；：！？ and the closing 》〉” ’, so a line of a note could begin
with "，". The missing 避头标点 (GB/T 15834) are added to it once, when the font is registered.
"""

from __future__ import annotations

import functools
from typing import Literal, TypeAlias

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.fonts import addMapping
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import paragraph

from counselroom.system.paths import font_path

FONT_NAME = "CounselRoomCJK"
TTC_SUBFONT = 0  # face 0 of wqy-microhei.ttc is “WenQuanYi Micro Hei” (1 is the Mono variant)
# 避头标点: never at the start of a line. 。、） and ASCII marks are in reportlab's list already.
NO_LINE_START = "，。、；：！？）》〉」』】〕〗］｝”’．"
Alignment: TypeAlias = Literal[0, 1, 2, 4]  # reportlab's TA_LEFT, TA_CENTER, TA_RIGHT, TA_JUSTIFY


@functools.cache
def cjk_font() -> str:
    """Register the font once per process and return its reportlab name."""
    font = TTFont(FONT_NAME, str(font_path()), subfontIndex=TTC_SUBFONT)
    pdfmetrics.registerFont(font)
    # The face has no bold or italic; map them to itself so a stray <b> never falls back to
    # Helvetica (which has no Chinese glyphs). Emphasis is done with size and colour instead.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(FONT_NAME, bold, italic, FONT_NAME)
    _keep_closing_marks_off_line_starts()
    return FONT_NAME


def _keep_closing_marks_off_line_starts() -> None:
    """Extend the list paragraph.cjkFragSplit reads at each wrap (its module global)."""
    known: str = getattr(paragraph, "ALL_CANNOT_START")  # noqa: B009 — the stubs call it Final
    setattr(paragraph, "ALL_CANNOT_START", known + "".join(c for c in NO_LINE_START if c not in known))  # noqa: B010


def missing_glyphs(text: str) -> set[str]:
    """Characters the font cannot draw — reportlab would print them as empty boxes silently."""
    cjk_font()
    font = pdfmetrics.getFont(FONT_NAME)
    cmap = font.face.charToGlyph  # type: ignore[attr-defined]
    return {ch for ch in text if not ch.isspace() and ord(ch) not in cmap}


def style(
    name: str,
    size: float,
    *,
    leading: float | None = None,
    colour: str = "#000000",
    align: Alignment = TA_LEFT,
    space_after: float = 0,
) -> ParagraphStyle:
    """A paragraph style in the CJK font; wordWrap CJK breaks lines between any two characters."""
    return ParagraphStyle(
        name,
        fontName=cjk_font(),
        fontSize=size,
        leading=leading or size * 1.35,
        textColor=HexColor(colour),
        alignment=align,
        spaceAfter=space_after,
        wordWrap="CJK",
    )
