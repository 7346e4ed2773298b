"""The 学期自查报告 as a PDF, read back as a reader would (pdftotext, pdffonts): A4, every font
embedded, the Chinese headings and the five areas in order, the check tables, the small-count marks,
the gaps, the notes or the lines to write them on, the signature lines and 第 N 页 共 M 页."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from counselroom.reports import self_inspection_text as words
from counselroom.reports.pdf_fonts import missing_glyphs
from counselroom.reports.self_inspection_data import AREAS, SelfInspection
from counselroom.reports.self_inspection_pdf import build_self_inspection_pdf
from tests.reports import self_inspection_sample as sample
from tests.reports.pdf_checks import page_sizes_mm, unembedded
from tests.reports.poppler import need_poppler, pdffonts, pdftotext

A4_PORTRAIT = (210, 297)


@pytest.fixture(scope="module")
def finished() -> bytes:
    return build_self_inspection_pdf(sample.report())


@pytest.fixture(scope="module")
def finished_text(finished: bytes) -> str:
    need_poppler()
    return pdftotext(finished)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _in_order(text: str, parts: list[str]) -> None:
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} missing (or out of order) after position {position}"
        position = found + len(part)


def test_a4_with_every_font_embedded(finished: bytes) -> None:
    need_poppler()
    assert set(page_sizes_mm(finished)) == {A4_PORTRAIT}
    fonts = pdffonts(finished)
    assert fonts, "pdffonts lists the fonts the pages use"
    assert all(f["emb"] == "yes" for f in fonts), fonts
    assert all("WenQuanYi" in f["name"] for f in fonts), fonts  # no Helvetica slipped in
    assert unembedded(finished) == []


def test_the_headings_in_reading_order(finished_text: str) -> None:
    gaps, notes = words.closing_headings(sample.report())
    _in_order(
        finished_text,
        [
            "赣江市第一中学",
            "学期自查报告",
            "2025-2026学年第一学期",
            "南昌市（S001）",
            "4987 人，105 个班",
            "数据截至",
            "2026年1月20日",
            "自查结论：达标 11 项，未达标 8 项，不评判 9 项（政策未规定数字）。",
            *(f"{n}、{area}" for n, area in zip("一二三四五", AREAS, strict=True)),
            "六、自查发现的问题（清单）",
            "七、问题与改进措施",
            "校长（签字）：",
            "学校（盖章）：",
            "日期：",
        ],
    )
    assert (gaps, notes) == ("六、自查发现的问题（清单）", "七、问题与改进措施")
    assert "学期尚未结束" not in finished_text  # the term is over on 2026-01-20


def test_page_numbers_on_every_page(finished: bytes, finished_text: str) -> None:
    pages = finished_text.count("\f")
    assert pages >= 5
    flat = _flat(finished_text)
    for n in range(1, pages + 1):
        assert f"第{n}页共{pages}页" in flat


def test_each_area_has_its_summary_check_table_tables_and_footnotes(finished: bytes) -> None:
    text = _flat(pdftotext(finished, raw=True))
    report = sample.report()
    for area in report.areas:
        assert _flat(area.summary) in text
        for row in words.check_rows(area.checks):
            assert _flat("".join(row)) in text, row
        for table in area.tables:
            assert _flat(table.title + "".join(table.headers)) in text
            for row in table.rows:
                assert _flat("".join(row)) in text, row
            assert _flat(table.footnote) in text
    assert _flat("[1]S004：各中小学校要开设心理健康课程，每班每两周至少1个课时，形式应以活动为主。") in text


def test_small_counts_are_printed_as_marks(finished_text: str) -> None:
    assert "<5" in finished_text and "*" in finished_text
    assert "“<5”表示 1–4 人，为保护学生隐私不显示具体数字" in finished_text


def test_gaps_are_numbered_and_the_notes_printed(finished: bytes) -> None:
    text = _flat(pdftotext(finished, raw=True))
    report = sample.report()
    for n, gap in enumerate(report.gaps, start=1):
        assert _flat(f"{n}. {gap}") in text
    for paragraph in words.note_paragraphs(sample.NOTES):
        assert _flat(paragraph) in text


def test_a_running_term_says_so() -> None:
    need_poppler()
    text = pdftotext(build_self_inspection_pdf(sample.report(as_of=date(2025, 11, 20))))
    assert "学期尚未结束，数字截至 2025年11月20日。" in text


def test_without_notes_the_section_leaves_lines_to_write_on() -> None:
    need_poppler()
    with_notes = build_self_inspection_pdf(sample.report())
    blank = build_self_inspection_pdf(sample.report(notes=""))
    text = pdftotext(blank)
    assert "初二、高一部分班级" not in text
    _in_order(text, ["七、问题与改进措施", "校长（签字）："])
    assert len(blank) != len(with_notes)


def test_a_term_without_gaps_says_so() -> None:
    need_poppler()
    text = pdftotext(build_self_inspection_pdf(sample.without_gaps(sample.report())))
    assert "未达标 0 项" in text
    assert words.NO_GAPS in text


def test_a_big_school_report_flows_over_pages() -> None:
    need_poppler()
    big = sample.report(classes=105, extra_gaps=60)
    text = pdftotext(build_self_inspection_pdf(big))
    assert f"{len(big.gaps)}. " in text
    assert text.count("\f") > 8


def test_markup_in_the_data_is_printed_not_parsed() -> None:
    """Paragraph parses <b>…; a school's text with "<5" or "<" must print as written."""
    need_poppler()
    report = replace(sample.report(), notes="转介 <5 人次 & 随访 <b>按期</b>")
    assert "转介 <5 人次 & 随访 <b>按期</b>" in pdftotext(build_self_inspection_pdf(report))


def test_the_font_has_every_glyph_the_report_uses() -> None:
    assert missing_glyphs(_every_text(sample.report())) == set()


def _every_text(report: SelfInspection) -> str:
    parts = [*words.CHECK_HEADERS, *words.SIGNATURES, words.at_a_glance(report), words.running_note(report)]
    for area in report.areas:
        parts += [area.summary, *(t for row in words.check_rows(area.checks) for t in row)]
        parts += [t for table in area.tables for row in (table.headers, *table.rows) for t in row]
        parts += [table.footnote for table in area.tables]
    return "".join([*parts, *report.gaps, report.notes])
