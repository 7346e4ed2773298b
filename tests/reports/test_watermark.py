"""The watermark on a saved copy (SECURITY.md 12): the original's content stays, the line is added,
the format and size stay; a file that cannot carry the mark is refused, never passed through."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops
from pypdf import PdfWriter

from counselroom.reports.watermark import JPEG, PDF, PNG, WatermarkError, watermark
from tests.attachment_files import LETTER_PAGES, decoded, letter_pdf, scan
from tests.reports.pdf_checks import page_sizes_mm, page_texts, reader, unembedded

LINE = "导出：王老师（心理教师） 2026-12-04 10:00 用途：转介医院 编号 3F9A12BC · 心理辅导室工作台"


def test_a_pdf_keeps_its_pages_and_text_and_carries_the_line_on_every_page() -> None:
    original = letter_pdf()
    marked = watermark(original, PDF, LINE)
    assert marked != original and marked.startswith(b"%PDF-")
    texts = page_texts(marked)
    assert len(texts) == 2
    for page_text, own in zip(texts, LETTER_PAGES, strict=True):
        assert own in page_text
        assert LINE in page_text
    assert page_sizes_mm(marked) == page_sizes_mm(original) == [(210, 297), (210, 297)]
    assert unembedded(marked) == []  # the mark's font travels with the file


def test_a_pdf_page_with_an_offset_box_gets_the_line_inside_it() -> None:
    writer = PdfWriter(clone_from=reader(letter_pdf(LETTER_PAGES[:1])))
    page = writer.pages[0]
    page.mediabox.lower_left = (100, 100)  # a scan cropped by a copier: the box does not start at 0,0
    page.cropbox.lower_left = (100, 100)
    out = io.BytesIO()
    writer.write(out)
    marked = watermark(out.getvalue(), PDF, LINE)
    assert LINE in page_texts(marked)[0]


def test_a_pdf_with_only_an_owner_password_is_marked_and_one_with_an_open_password_is_refused() -> None:
    for user_password, readable in (("", True), ("secret", False)):
        writer = PdfWriter(clone_from=reader(letter_pdf()))
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-128")
        out = io.BytesIO()
        writer.write(out)
        if readable:
            assert LINE in page_texts(watermark(out.getvalue(), PDF, LINE))[1]
        else:
            with pytest.raises(WatermarkError, match="密码"):
                watermark(out.getvalue(), PDF, LINE)


def test_a_png_scan_is_marked_and_stays_a_png_of_the_same_size() -> None:
    original = scan("PNG", dpi=(200, 200))
    marked = watermark(original, PNG, LINE)
    before, after = decoded(original), decoded(marked)
    assert after.format == "PNG" and after.size == before.size == (600, 800) and after.mode == "RGB"
    assert ImageChops.difference(before, after).getbbox() is not None  # pixels changed
    assert round(after.info["dpi"][0]) == 200  # prints at the size it was scanned
    _mark_is_light(before, after)


def test_a_png_with_transparency_keeps_it() -> None:
    marked = decoded(watermark(scan("PNG", mode="RGBA"), PNG, LINE))
    assert marked.mode == "RGBA" and marked.size == (600, 800)


def test_a_grey_or_palette_png_is_marked_too() -> None:
    for mode in ("L", "P", "1"):
        marked = decoded(watermark(scan("PNG", mode=mode), PNG, LINE))
        assert marked.format == "PNG" and marked.size == (600, 800)


def test_a_jpeg_photo_is_marked_and_stays_a_jpeg_of_the_same_size() -> None:
    original = scan("JPEG", quality=95)
    marked = watermark(original, JPEG, LINE)
    before, after = decoded(original), decoded(marked)
    assert after.format == "JPEG" and after.size == before.size == (600, 800)
    assert ImageChops.difference(before.convert("RGB"), after.convert("RGB")).getbbox() is not None
    _mark_is_light(before.convert("RGB"), after)


def test_a_phone_photo_is_turned_upright_and_leaves_its_exif_behind() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was held on its side
    exif[0x010F] = "手机厂商"  # Make — stands for the GPS position and the like
    original = scan("JPEG", size=(800, 600), exif=exif.tobytes())
    after = decoded(watermark(original, JPEG, LINE))
    assert after.size == (600, 800)  # as the teacher saw it on the screen
    assert not after.getexif()


def test_small_and_odd_shaped_pictures_are_marked_without_error() -> None:
    for size in ((1, 1), (30, 30), (2000, 60), (60, 2000)):
        assert decoded(watermark(scan("PNG", size=size), PNG, LINE)).size == size


@pytest.mark.parametrize(
    ("content", "mime"),
    [
        (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", PDF),
        (b"%PDF-1.7 not really", PDF),
        (b"\x89PNG\r\n\x1a\n" + b"broken", PNG),
        (b"\xff\xd8\xff" + b"broken", JPEG),
        (letter_pdf(), "application/zip"),
    ],
    ids=["pdf-without-pages", "pdf-garbage", "png-garbage", "jpeg-garbage", "unknown-type"],
)
def test_a_file_that_cannot_carry_the_mark_is_refused(content: bytes, mime: str) -> None:
    with pytest.raises(WatermarkError) as caught:
        watermark(content, mime, LINE)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(caught.value))  # said in Chinese


def test_a_long_line_is_cut_and_whitespace_folded() -> None:
    marked = watermark(letter_pdf(LETTER_PAGES[:1]), PDF, "用途：\n" + "很长的理由" * 60)
    text = page_texts(marked)[0]
    assert "用途： 很长的理由" in text and "很长的理由" * 30 not in text


def _mark_is_light(before: Image.Image, after: Image.Image) -> None:
    """The scan stays legible: white paper turns at most light grey, nothing near black appears."""
    white = [
        (x, y) for x in range(0, before.width, 7) for y in range(100, 130) if before.getpixel((x, y)) == (255, 255, 255)
    ]
    assert white
    assert min(min(after.getpixel(p)[:3]) for p in white) > 150
