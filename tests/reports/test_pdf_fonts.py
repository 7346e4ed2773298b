"""The bundled CJK font in reportlab: registered once, embedded as a subset, text extractable."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from counselroom.reports.appointment_slip import HELP_TITLE as SLIP_HELP
from counselroom.reports.door_rota import HELP_TITLE as DOOR_HELP
from counselroom.reports.pdf_fonts import FONT_NAME, cjk_font, missing_glyphs, style
from counselroom.reports.pdf_pages import PageDecor, build_pdf
from counselroom.system.policy_files import load_profiles
from tests.reports.pdf_checks import fonts, page_texts, unembedded


def test_font_is_registered_once_under_a_fixed_name() -> None:
    assert cjk_font() == FONT_NAME
    assert cjk_font() == FONT_NAME  # cached: a second call does not register again


def test_a_generated_pdf_embeds_a_subset_of_the_bundled_font_and_gives_the_text_back() -> None:
    pdf = build_pdf(
        [Paragraph("心理辅导室 · 值班表 12356", style("t", 12))],
        pagesize=A4,
        title="测试",
        decor=PageDecor(footer_left="内部资料 注意保密"),
    )
    assert unembedded(pdf) == []
    names = {str(f["/BaseFont"]) for f in fonts(pdf)}
    assert names == {"/AAAAAA+WenQuanYiMicroHei-0"}  # the XXXXXX+ prefix marks a subset
    text = page_texts(pdf)[0]
    assert "心理辅导室 · 值班表 12356" in text and "内部资料 注意保密" in text and "第 1 页 共 1 页" in text


def test_the_embedding_check_fails_for_a_standard_font() -> None:
    """A plain canvas in Helvetica is referenced, not embedded: the check must see it."""
    import io

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(100, 100, "Helvetica")
    canvas.save()
    assert unembedded(buffer.getvalue()) == ["/Helvetica"]


def test_every_fixed_wording_has_glyphs_and_a_missing_one_is_caught() -> None:
    fixed = "".join(f"{h.hotline.number}{h.hotline.label}" for p in load_profiles() for h in p.hotlines)
    fixed += SLIP_HELP + DOOR_HELP + "中职一年级（3）班七年级"
    fixed += "心理辅导预约单请准时前来；如需改期，请告知班主任或心理老师。–（）：、·第页共内部资料注意保密打印人"
    assert missing_glyphs(fixed) == set()
    assert missing_glyphs("电话✆") == {"✆"}
