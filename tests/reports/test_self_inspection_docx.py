"""The 学期自查报告 as Word, read back with python-docx: the PDF's headings in the same order, the same
check-table texts and numbers, the charts as PNG pictures, the bundled family named for East Asian
text on every style, A4 with 2 cm margins, 第 N 页 共 M 页 fields, and lines to write on when the
notes are empty."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.shared import Cm

from counselroom.reports import self_inspection_text as words
from counselroom.reports.self_inspection_data import Verdict
from counselroom.reports.self_inspection_docx import NOT_MET_RED, RULED_LINES, build_self_inspection_docx
from counselroom.reports.self_inspection_pdf import build_self_inspection_pdf
from tests.reports import self_inspection_sample as sample
from tests.reports.poppler import need_poppler, pdftotext

NUMBER = re.compile(r"<?\d+(?:\.\d+)?%?")


@pytest.fixture(scope="module")
def data() -> bytes:
    return build_self_inspection_docx(sample.report())


@pytest.fixture(scope="module")
def doc(data: bytes) -> WordDocument:
    return Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def pdf_text() -> str:
    need_poppler()
    return pdftotext(build_self_inspection_pdf(sample.report()), raw=True)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _headings(doc: WordDocument) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in doc.paragraphs if p.style is not None and p.style.name != "Normal"]


def _body_text(doc: WordDocument) -> str:
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([*(p.text for p in doc.paragraphs), *cells])


def test_the_pdfs_headings_in_the_same_order(doc: WordDocument, pdf_text: str) -> None:
    levels = {text: style for style, text in _headings(doc)}
    top = [text for style, text in _headings(doc) if style in ("Title", "Heading 1")]
    assert top == [
        "学期自查报告",
        "一、心理咨询室的建设",
        "二、心理健康教师的配备",
        "三、心理健康教育课程的开设",
        "四、个体和团体心理辅导活动的开展",
        "五、心理健康教育的科普和宣传",
        "六、自查发现的问题（清单）",
        "七、问题与改进措施",
    ]
    tables = [t.title for area in sample.report().areas for t in area.tables]
    assert [text for style, text in _headings(doc) if style == "Heading 2"] == tables
    assert levels["学期自查报告"] == "Title"
    position = 0
    for _style, text in _headings(doc):  # and the PDF prints them in that order too
        position = pdf_text.index(text, position)


def test_check_tables_carry_the_pdfs_texts_and_numbers(doc: WordDocument, pdf_text: str) -> None:
    report = sample.report()
    check_tables = [t for t in doc.tables if [c.text for c in t.rows[0].cells] == list(words.CHECK_HEADERS)]
    assert len(check_tables) == len(report.areas)
    flat_pdf = _flat(pdf_text)
    for table, area in zip(check_tables, report.areas, strict=True):
        rows = [tuple(c.text for c in row.cells) for row in table.rows[1:]]
        assert rows == words.check_rows(area.checks)
        for row in rows:
            assert _flat("".join(row)) in flat_pdf
    assert set(NUMBER.findall(_body_text(doc))) <= set(NUMBER.findall(pdf_text))


def test_every_table_and_line_of_the_pdf_is_in_the_word_file(doc: WordDocument, pdf_text: str) -> None:
    report = sample.report()
    body = _body_text(doc)
    for area in report.areas:
        assert area.summary in body
        for table in area.tables:
            for row in table.rows:
                assert all(text in body for text in row)
            assert table.footnote in body
    for line in words.numbered_gaps(report) + words.note_paragraphs(report.notes):
        assert line in body and _flat(line) in _flat(pdf_text)
    for label in words.SIGNATURES:
        assert label in body
    assert words.at_a_glance(report) in body.replace(words.GLANCE_LABEL, "")


def test_not_met_is_red_and_bold(doc: WordDocument) -> None:
    verdicts = [row.cells[-1] for t in doc.tables if t.rows[0].cells[-1].text == "结论" for row in t.rows[1:]]
    not_met = [cell.paragraphs[0].runs[0] for cell in verdicts if cell.text == Verdict.NOT_MET.value]
    assert len(not_met) >= sample.report().not_met
    assert all(run.bold and run.font.color.rgb == NOT_MET_RED for run in not_met)


def test_the_charts_are_embedded_as_png(data: bytes, doc: WordDocument) -> None:
    charts = sum(len(area.charts) for area in sample.report().areas)
    assert len(doc.inline_shapes) == charts
    assert all(abs(shape.width - Cm(17)) < Cm(0.01) for shape in doc.inline_shapes)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
        assert len(media) == charts
        assert all(package.read(n).startswith(b"\x89PNG") for n in media)


def test_every_style_names_faces_a_chinese_windows_pc_has(data: bytes, doc: WordDocument) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        styles = package.read("word/styles.xml").decode()
    assert "Theme=" not in styles and "theme=" not in styles.replace("themeColor", "")  # no theme font wins
    for name, face in (("Normal", "宋体"), ("Title", "黑体"), ("Heading 1", "黑体"), ("Heading 2", "黑体")):
        fonts = doc.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == face and fonts.get(qn("w:ascii")) == "Times New Roman", name
    assert 'w:eastAsia="zh-CN"' in styles


def test_a4_with_2_cm_margins_and_page_numbers(data: bytes, doc: WordDocument) -> None:
    section = doc.sections[0]
    twip = Cm(0.002)  # Word stores twentieths of a point: a cm comes back within one
    assert abs(section.page_width - Cm(21)) < twip and abs(section.page_height - Cm(29.7)) < twip
    margins = (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)
    assert all(abs(m - Cm(2)) < twip for m in margins)
    assert section.header.paragraphs[0].text == words.header_line(sample.report())
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        footers = "".join(package.read(n).decode() for n in package.namelist() if n.startswith("word/footer"))
    assert 'w:instr="PAGE"' in footers and 'w:instr="NUMPAGES"' in footers
    assert "第 " in footers and " 页 共 " in footers


def test_file_properties_name_the_program_not_python_docx(doc: WordDocument) -> None:
    props = doc.core_properties
    assert props.title == "学期自查报告 2025-2026学年第一学期"
    assert props.author == props.last_modified_by == "心理辅导室工作台"


def test_empty_notes_leave_ruled_lines_to_fill_in() -> None:
    doc = Document(io.BytesIO(build_self_inspection_docx(sample.report(notes=""))))
    ruled = doc.tables[-1]
    assert len(ruled.rows) == RULED_LINES and len(ruled.columns) == 1
    assert all(not cell.text for row in ruled.rows for cell in row.cells)
    assert "初二、高一部分班级" not in _body_text(doc)


def test_a_running_term_and_a_term_without_gaps() -> None:
    from datetime import date

    running = _body_text(Document(io.BytesIO(build_self_inspection_docx(sample.report(as_of=date(2025, 11, 20))))))
    assert "学期尚未结束，数字截至 2025年11月20日。" in running
    quiet = _body_text(Document(io.BytesIO(build_self_inspection_docx(sample.without_gaps(sample.report())))))
    assert words.NO_GAPS in quiet and "未达标 0 项" in quiet
