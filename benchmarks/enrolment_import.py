"""Enrolment import of a large school (issue #9: 5,000 rows in under 5 s; issue #15: at most twice
openpyxl's read-only reading of the same sheet).

Run: `python -m benchmarks.enrolment_import [ROWS]`.

Writes a 5,000-row XLSX laid out like a school's export (title row, merged header, mixed date
and class forms, guardians, family situation), then times preview and apply on a new school,
and a re-import of the same sheet. The floor is openpyxl opening the same file read-only and
reading every cell's value — the least any importer of that sheet must do.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from openpyxl import Workbook, load_workbook

from benchmarks.budget_table import Budget
from counselroom.domain.roles import Actor
from counselroom.services.accounts import setup
from counselroom.services.accounts.session import KeyPolicy
from counselroom.services.students import enrolment_import
from counselroom.store.database import Database
from counselroom.system import clock

T = TypeVar("T")
PASSWORD = "bench-pass-123"
HEADER = ["序号", "学号", "姓名", "性别", "出生日期", "班级", "监护人", "与学生关系", "联系电话", "家庭情况", "备注"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁"
GIVEN = "子涵欣怡梓涵晨曦紫涵诗涵梦琪嘉怡子萱雨涵浩宇浩然宇轩子轩皓轩博文俊杰明轩天佑思远一诺"
CLASS_FORMS = ("{g}({n})班", "{g}（{n}）班", "{g}{n}班")
GRADES = (
    ("七年级", "初一"),
    ("八年级", "初二"),
    ("九年级", "初三"),
    ("高一", "高一"),
    ("高二", "高二"),
    ("高三", "高三"),
)


def timed(label: str, work: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = work()
    print(f"{label:<40} {time.perf_counter() - start:8.3f} s")
    return result


def _row(rng: random.Random, i: int, today: date) -> list[object]:
    grade = rng.randrange(len(GRADES))
    cls = rng.choice(CLASS_FORMS).format(g=rng.choice(GRADES[grade]), n=rng.randint(1, 18))
    born = today - timedelta(days=365 * (13 + grade) + rng.randint(0, 364))
    birth = rng.choice(
        (
            born,
            born.isoformat(),
            f"{born.year}.{born.month}.{born.day}",
            born.strftime("%Y%m%d"),
            (born - date(1899, 12, 30)).days,
        )
    )
    surname = rng.choice(SURNAMES)
    name = surname + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
    flags = rng.choice(("", "", "", "", "单亲", "留守", "随迁、经济困难"))
    phone = f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}"
    return [
        i,
        f"2025{i:05d}",
        name,
        rng.choice("男女"),
        birth,
        cls,
        surname + rng.choice(GIVEN),
        rng.choice(("父亲", "母亲", "祖母")),
        phone,
        flags,
        "",
    ]


def write_sheet(path: Path, rows: int, today: date) -> Path:
    rng = random.Random(1)
    book = Workbook()
    sheet = book.active
    sheet.append(["某某中学2025-2026学年学生名单"] + [None] * (len(HEADER) - 1))
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(HEADER)
    for i in range(1, rows + 1):
        sheet.append(_row(rng, i, today))
    book.save(path)
    return path


def read_only_floor(sheet: Path) -> float:
    """Seconds for openpyxl to open the sheet read-only and read every value (median of 3)."""
    times = []
    for _ in range(3):
        started = time.perf_counter()
        book = load_workbook(sheet, read_only=True, data_only=True)
        for _row in book.worksheets[0].iter_rows(values_only=True):
            pass
        book.close()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def new_school(folder: Path, now: datetime) -> tuple[Database, Actor]:
    """An empty school with its admin signed in (production KDF), to import into."""
    created = setup.create_school(
        folder / "school.db",
        school_name="基准中学",
        admin_username="admin",
        admin_password=PASSWORD,
        now=now,
        keys=KeyPolicy(),
    )
    return created.session.db, created.session.actor


def budgets(_db: Path, rows: str = "5000") -> list[Budget]:
    """The preview (read, match, validate) and the apply (re-read, re-validate, write) each against the floor."""
    count = int(rows)
    folder = Path(tempfile.mkdtemp(prefix="counselroom-bench-"))
    now = clock.now()
    sheet = write_sheet(folder / "名单.xlsx", count, now.date())
    db, actor = new_school(folder, now)
    floor = read_only_floor(sheet)
    started = time.perf_counter()
    preview = enrolment_import.preview_enrolment_import(db, actor, sheet, now=now)
    previewed = time.perf_counter() - started
    started = time.perf_counter()
    enrolment_import.apply_enrolment_import(db, actor, sheet, now=now, checked=preview)  # as the dialog does
    applied = time.perf_counter() - started
    db.close()
    print(f"{'preview':<40} {previewed:8.3f} s   ({preview.counts}, {len(preview.errors)} errors)")
    print(f"{'apply (the previewed rows, file unchanged)':<40} {applied:8.3f} s")
    print(f"{'openpyxl read-only reading (floor)':<40} {floor:8.3f} s")
    floor_name = "openpyxl read-only, every value of the same sheet (median of 3)"
    return [
        Budget(f"roster import, {count:,} rows: preview", previewed, "s", floor, floor_name, ratio_limit=2),
        Budget(f"roster import, {count:,} rows: apply", applied, "s", floor=floor, ratio_limit=2),
    ]


def main(rows: int = 5000) -> None:
    folder = Path(tempfile.mkdtemp(prefix="counselroom-bench-"))
    now = clock.now()
    sheet = timed(f"write a {rows}-row XLSX (not counted)", lambda: write_sheet(folder / "名单.xlsx", rows, now.date()))
    db, actor = new_school(folder, now)
    start = time.perf_counter()
    preview = timed("preview", lambda: enrolment_import.preview_enrolment_import(db, actor, sheet, now=now))
    timed(
        "apply (the previewed rows, file unchanged)",
        lambda: enrolment_import.apply_enrolment_import(db, actor, sheet, now=now, checked=preview),
    )
    total = time.perf_counter() - start
    print(f"{'preview + apply':<40} {total:8.3f} s   ({preview.counts}, {len(preview.errors)} errors)")
    again = timed(
        "re-import preview (all unchanged)",
        lambda: enrolment_import.preview_enrolment_import(db, actor, sheet, now=now),
    )
    print(f"re-import: {again.counts}")
    db.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
