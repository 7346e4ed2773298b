"""Reading a school's .xlsx in openpyxl's read-only mode: merged titles and headers are spread over
their range (read from the sheet's XML, which read-only mode does not keep), rows are as wide as the
sheet, a wrong <dimension> does not cut rows short, and a prefixed XML namespace reads the same."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

from counselroom.services.students.sheets import read_sheet
from tests.enrolment_files import SUB, TITLE, TOP, write_xlsx

SHEET_XML = "xl/worksheets/sheet1.xml"


def rewrite_sheet_xml(path: Path, change: object) -> None:
    """Rewrite the first sheet's XML in place with `change(bytes) -> bytes`."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[SHEET_XML] = change(parts[SHEET_XML])  # type: ignore[operator]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_merged_title_and_headers_are_spread_over_their_ranges(tmp_path: Path) -> None:
    sheet = read_sheet(write_xlsx(tmp_path / "名单.xlsx"))
    width = len(TOP)
    assert sheet.name == "学生名单"
    assert sheet.rows[0].cells == (TITLE,) * width
    assert sheet.rows[1].cells == TOP  # 监护人信息 over three columns, the rest merged down
    assert sheet.rows[2].cells == SUB
    assert {len(row.cells) for row in sheet.rows} == {width}
    assert sheet.rows[-1].cells[0] == "制表人：李老师" and sheet.rows[-1].cells[1:] == ("",) * (width - 1)


def test_a_wrong_dimension_does_not_cut_the_rows_short(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "名单.xlsx")
    rewrite_sheet_xml(path, lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', xml))
    assert read_sheet(path).rows[2].cells == SUB


def test_a_prefixed_namespace_reads_the_same(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "名单.xlsx")
    plain = read_sheet(path)

    def prefixed(xml: bytes) -> bytes:
        xml = re.sub(rb"<(/?)([A-Za-z]\w*)([\s>/])", rb"<\1x:\2\3", xml)
        return xml.replace(
            b'xmlns="http://schemas.openxmlformats.org', b'xmlns:x="http://schemas.openxmlformats.org', 1
        )

    rewrite_sheet_xml(path, prefixed)
    assert b"<x:mergeCell " in zipfile.ZipFile(path).read(SHEET_XML)
    assert read_sheet(path) == plain


def test_a_sheet_without_merges_keeps_its_cells_and_pads_short_rows(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["学号", "姓名", "班级"])
    book.active.append(["2025001", "王小明"])
    book.save(tmp_path / "a.xlsx")
    assert [row.cells for row in read_sheet(tmp_path / "a.xlsx").rows] == [
        ("学号", "姓名", "班级"),
        ("2025001", "王小明", ""),
    ]
