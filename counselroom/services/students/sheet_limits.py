"""Limits checked before and while a school's sheet is parsed, so a wrong or hostile file is
refused with a clear message instead of minutes of work or a traceback (issue #9's findings).

A real 名单 or screening export of a whole school is well under a megabyte and a few thousand
rows; the limits leave generous room above that.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from counselroom.domain.errors import ValidationError

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_XLSX_UNPACKED_BYTES = 256 * 1024 * 1024  # the XML inside, as the zip directory declares it
MAX_ROWS = 100_000
MAX_CELL_CHARS = 2_000


def unreadable_xlsx(path: Path, exc: Exception) -> ValidationError:
    """One message for a workbook that cannot be opened, whether its zip or its sheets fail."""
    return ValidationError(f"无法读取 Excel 文件（可能已损坏或不是 .xlsx）：{exc}", field=path.name)


def check_file_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 1024 // 1024
        message = f"文件太大（{size / 1024 / 1024:.0f} MB，最多 {limit} MB）：请确认选的是学生名单或测评结果"
        raise ValidationError(message, field=path.name)


def check_xlsx_directory(path: Path) -> None:
    """Read only the zip's directory: an .xlsx whose XML would inflate past the limit is refused
    before anything is decompressed."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise unreadable_xlsx(path, exc) from exc
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ValidationError(
            f"这个 Excel 文件解压后有 {unpacked / 1024 / 1024:.0f} MB，远超一份名单应有的大小，已拒绝读取",
            field=path.name,
        )


def check_row(number: int, cells: list[str], *, sheet: str) -> None:
    if number > MAX_ROWS:
        raise ValidationError(f"超过 {MAX_ROWS} 行：请确认选的是学生名单或测评结果", field=sheet)
    for column, text in enumerate(cells, start=1):
        if len(text) > MAX_CELL_CHARS:
            raise ValidationError(
                f"第 {column} 列有 {len(text)} 个字符，超过 {MAX_CELL_CHARS} 个字符的上限", field=sheet, row=number
            )
