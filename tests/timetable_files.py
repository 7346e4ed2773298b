"""Timetable sheets laid out as schools export them, for the lesson-import tests: a title merged
across the columns, and a messy one with 上课时间 merged over 星期 and 节次 (the other headers merged
down both rows), stray spaces, full-width digits, 周三, a class the school does not have, a
formula-looking text and a real formula."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

TITLE = "2025-2026学年第一学期 心理健康课课表"
HEADER = ("班级", "星期", "节次", "课题", "任课教师")
# For the small school of tests/school_data.py (初一(1)班, 初二(1)班, 初三(1)班; 孙老师 a teacher).
GOOD_ROWS: list[tuple[object, ...]] = [
    ("初一(1)班", "一", 3, "情绪管理", "孙老师"),
    ("初二(1)班", "周三", "第5节", "压力调节", "孙老师"),
    ("初三(1)班", "星期五", 2, "生涯规划", ""),
]
GOOD_WEEKDAYS = {"初一(1)班": 1, "初二(1)班": 3, "初三(1)班": 5}
FIRST_DATA_ROW = 3  # title, header


def write_timetable(path: Path, rows: list[tuple[object, ...]] = GOOD_ROWS) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(list(HEADER))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


# The messy sheet: row 1 title, rows 2–3 the header, data from row 4.
MESSY_ROWS: list[tuple[object, ...]] = [
    (" 初一（1）班 ", " 周三 ", "第３节", " 情绪  管理", "孙 老师"),  # 4: fine
    ("七年级１班", "二", "４", "", ""),  # 5: fine (the same class, another day)
    ("初一(9)班", "一", "1", "", ""),  # 6: no such class
    ("初二(1)班", "周四", "2", '=HYPERLINK("http://x")', ""),  # 7: a formula-looking text
    ("初三(1)班", "星期一", "=1+5", "", ""),  # 8: a real formula: never evaluated, so empty
    ("初三(1)班", "星期二", "6", "人际交往", ""),  # 9: fine
    ("制表：教务处 2025年9月",),  # a footer, not a row
]
MESSY_ERRORS = {6: "班 级", 7: "课题（选填）", 8: "节次"}  # row → the column as the sheet heads it


def write_messy_timetable(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([TITLE])
    sheet.merge_cells("A1:F1")
    sheet.append(["班 级", "上课时间", None, "课题（选填）", "任课教师", "备注"])
    sheet.append([None, "星期", "节次", None, None, None])
    for cells in ("A2:A3", "B2:C2", "D2:D3", "E2:E3", "F2:F3"):
        sheet.merge_cells(cells)
    for row in MESSY_ROWS:
        sheet.append(list(row))
    formula_text = sheet.cell(row=7, column=4)
    formula_text.value, formula_text.data_type = MESSY_ROWS[3][3], "s"  # typed as text, not a formula
    book.save(path)
    return path
