"""The layouts on what the service really gives: the demo school's 学期自查报告, built by the principal,
as PDF and Word — every area and gap printed, every font embedded, and no student of the school
named anywhere in either file (issue #13's acceptance; the Word file is read as its raw XML)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from counselroom.reports import self_inspection_text as words
from counselroom.reports.self_inspection_data import SelfInspection
from counselroom.reports.self_inspection_docx import build_self_inspection_docx
from counselroom.reports.self_inspection_pdf import build_self_inspection_pdf
from counselroom.services.reports import self_inspection
from tests.conftest import FIXED_NOW
from tests.demo_school import Demo, make_demo
from tests.reports.poppler import need_poppler, pdffonts, pdftotext
from tests.services.report_data import AUTUMN_2025, SPRING_2025, student_names_in, term_ids


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return make_demo(tmp_path_factory.mktemp("layouts") / "school.db", students=300, years=2, seed=11)


def _report(demo: Demo, term: str) -> SelfInspection:
    with demo.session("principal") as s:
        return self_inspection.self_inspection(s.db, s.actor, term_ids(demo)[term], now=FIXED_NOW)


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = "".join(package.read(n).decode() for n in package.namelist() if n.endswith(".xml"))
    return re.sub(r"<[^>]+>", "", xml)


@pytest.mark.parametrize("term", [SPRING_2025, AUTUMN_2025])
def test_the_demo_report_prints_whole_and_names_no_student(demo: Demo, term: str) -> None:
    need_poppler()
    report = _report(demo, term)
    pdf, docx = build_self_inspection_pdf(report), build_self_inspection_docx(report)
    pdf_text, docx_text = pdftotext(pdf), _docx_text(docx)
    flat_pdf = re.sub(r"\s+", "", pdf_text)
    for index, area in enumerate(report.areas):
        heading = words.area_heading(index, area.name)
        assert heading in pdf_text and heading in docx_text
    for gap in report.gaps:
        assert re.sub(r"\s+", "", gap) in flat_pdf and gap in docx_text
    assert all(font["emb"] == "yes" for font in pdffonts(pdf))
    assert student_names_in(demo, pdf_text) == []
    assert student_names_in(demo, docx_text) == []
