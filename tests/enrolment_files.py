"""Enrolment files laid out like a real school's export, for the roster-import tests.

A title row merged across the columns, a two-row header (监护人信息 merged over 姓名/与学生关系/
联系电话, the other headers merged down both rows), every date and class form a teacher types,
full-width digits, stray spaces, a footer line — as XLSX, or as a GBK-encoded CSV.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

TITLE = "XX中学2025级学生名单"
TOP = (
    "序号",
    "学号",
    "姓名",
    "性别",
    "出生日期",
    "年级",
    "班级",
    "监护人信息",
    "监护人信息",
    "监护人信息",
    "家庭情况",
    "备注",
)
SUB = ("序号", "学号", "姓名", "性别", "出生日期", "年级", "班级", "姓名", "与学生关系", "联系电话", "家庭情况", "备注")

# 序号 学号 姓名 性别 出生日期 年级 班级 监护人 关系 电话 家庭情况 备注
GOOD_ROWS: list[list[object]] = [
    [1, "2025001", "张晓明", "男", datetime(2012, 3, 5), "", "七(3)班", "张建国", "父亲", "138-1234-5678", "", ""],
    [
        2,
        "２０２５００２",
        " 李  娜 ",
        "女",
        "2012.4.15",
        "",
        "初一（3）班",
        "王芳",
        "妈妈",
        "139 1234 5678",
        "单亲、留守",
        "转学生",
    ],
    [3, 2025003, "单田芳", "M", "20120601", "", "初一3班", "", "", "", "", ""],
    [4, "2025004", "曾小贤", "F", 40607, "初二", "5班", "曾大海", "父亲", "13712345678", "随迁", ""],
    [5, "2025005", "王五", "男", "2011/3/5", "", "八年级2班", "", "", "", "", ""],
    [6, "2025006", "赵六", "女", "2010年9月1日", "", "高一（５）班", "赵强", "父亲", "15012345678", "", ""],
    [7, "2025007", "孙七", "1", "2009-12-31", "", "高2.5班", "孙丽", "母亲", "0791-86123456", "", ""],
    [8, "2025008", "周八", "2", "", "", "九年级(1)班", "", "", "", "", ""],
]
# 学号 → (name, gender, birth date, class) as they must be stored.
EXPECTED = {
    "2025001": ("张晓明", "男", "2012-03-05", "初一(3)班"),
    "2025002": ("李娜", "女", "2012-04-15", "初一(3)班"),
    "2025003": ("单田芳", "男", "2012-06-01", "初一(3)班"),
    "2025004": ("曾小贤", "女", "2011-03-05", "初二(5)班"),
    "2025005": ("王五", "男", "2011-03-05", "初二(2)班"),
    "2025006": ("赵六", "女", "2010-09-01", "高一(5)班"),
    "2025007": ("孙七", "男", "2009-12-31", "高二(5)班"),
    "2025008": ("周八", "女", None, "初三(1)班"),
}
FIRST_DATA_ROW = 4  # the sheet row of GOOD_ROWS[0]: title, then two header rows


def bad_rows() -> tuple[list[list[object]], dict[int, str]]:
    """GOOD_ROWS with three bad rows; also returns sheet row → the column that is wrong."""
    rows = [list(r) for r in GOOD_ROWS]
    rows[2][2] = "  "  # missing name
    rows[4][1] = "2025001"  # duplicate 学号 (first seen on the first data row)
    rows[6][4] = "2011-02-30"  # impossible date
    return rows, {FIRST_DATA_ROW + 2: "姓名", FIRST_DATA_ROW + 4: "学号", FIRST_DATA_ROW + 6: "出生日期"}


def write_xlsx(path: Path, rows: list[list[object]] = GOOD_ROWS) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "学生名单"
    width = len(TOP)
    sheet.append([TITLE] + [None] * (width - 1))
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.append(list(TOP))
    sheet.append(list(SUB))
    for col, (top, sub) in enumerate(zip(TOP, SUB, strict=True), start=1):
        if top == sub:  # merged down both header rows, as Excel keeps it: value only on top
            sheet.cell(row=3, column=col).value = None
            sheet.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    sheet.merge_cells(start_row=2, start_column=8, end_row=2, end_column=10)
    for row in rows:
        sheet.append(row)
    sheet.append(["制表人：李老师"])
    book.save(path)
    return path


def write_gbk_csv(path: Path, rows: list[list[object]] = GOOD_ROWS) -> Path:
    """The same roster as a one-row-header CSV saved by Excel in GBK."""
    header = [
        "序号",
        "学籍号",
        "学生姓名",
        "性别",
        "出生年月",
        "年级",
        "班别",
        "家长姓名",
        "关系",
        "家长电话",
        "家庭情况",
        "备注",
    ]
    with path.open("w", encoding="gbk", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([TITLE])
        writer.writerow(header)
        for row in rows:
            writer.writerow([_csv_text(v) for v in row])
    return path


def _csv_text(value: object) -> str:
    if isinstance(value, datetime | date):
        return f"{value.year}/{value.month}/{value.day}"  # how Excel writes a date cell to CSV
    return str(value)
