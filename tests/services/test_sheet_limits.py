"""Limits before and while a sheet is parsed (issue #9's findings): a zip bomb is refused from its
directory, a huge CSV field or cell is an error naming the row, too many rows are refused."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from counselroom.domain.errors import ValidationError
from counselroom.services.students import sheet_limits
from counselroom.services.students.sheets import read_sheet


def test_an_xlsx_that_inflates_past_the_limit_is_refused_from_its_directory(tmp_path: Path) -> None:
    bomb = tmp_path / "名单.xlsx"
    block = b"<c>0</c>" * (1024 * 1024 // 8)  # 1 MB of XML that compresses to almost nothing
    with (
        zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(300):
            member.write(block)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(ValidationError, match="解压后有 300 MB"):
        read_sheet(bomb)
    assert time.perf_counter() - started < 1.0, "refused from the zip directory, nothing inflated"


def test_not_a_zip_is_a_clear_error(tmp_path: Path) -> None:
    fake = tmp_path / "名单.xlsx"
    fake.write_bytes(b"this is not a workbook")
    with pytest.raises(ValidationError, match="无法读取 Excel 文件"):
        read_sheet(fake)


def test_a_50_mb_csv_field_is_an_error_naming_the_row(tmp_path: Path) -> None:
    sheet = tmp_path / "名单.csv"
    sheet.write_bytes("学号,姓名\n1,张三\n2,".encode() + b'"' + b"x" * (50 * 1024 * 1024) + b'"\n')
    with pytest.raises(ValidationError) as caught:
        read_sheet(sheet)
    assert caught.value.row == 3 and "第 3 行" in str(caught.value)


def test_a_long_cell_is_an_error_naming_row_and_column(tmp_path: Path) -> None:
    sheet = tmp_path / "名单.csv"
    sheet.write_text("学号,姓名\n1,张三\n2," + "李" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        read_sheet(sheet)
    assert caught.value.row == 3 and "第 2 列有 5000 个字符" in caught.value.message


def test_too_many_rows_and_too_big_a_file_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = tmp_path / "名单.csv"
    sheet.write_text("学号,姓名\n" + "".join(f"{i},张{i}\n" for i in range(30)), encoding="utf-8")
    monkeypatch.setattr(sheet_limits, "MAX_ROWS", 20)
    with pytest.raises(ValidationError, match="超过 20 行"):
        read_sheet(sheet)
    monkeypatch.setattr(sheet_limits, "MAX_FILE_BYTES", 100)
    with pytest.raises(ValidationError, match="文件太大"):
        read_sheet(sheet)
