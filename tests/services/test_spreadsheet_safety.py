"""SECURITY.md 14, end to end: a student named `=HYPERLINK("http://x","y")` comes in through the real roster
import (which keeps the name as text) and goes out of every CSV and XLSX the program writes as text —
in XLSX a string cell (data_type "s") and no formula anywhere; in CSV a field that begins with the
neutralising apostrophe."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from counselroom.domain.care.warnings import WarningLevel, WarningSource
from counselroom.domain.roles import Role
from counselroom.domain.school.terms import TermDates
from counselroom.reports.sheet_cells import FORMULA_STARTS, NEUTRALISER
from counselroom.services.accounts.session import Session
from counselroom.services.care import warning_list
from counselroom.services.exports import class_list, stats_export
from counselroom.services.reports import report_files
from counselroom.services.school import school_calendar
from counselroom.services.students import enrolment_import, student_records
from tests.conftest import FIXED_NOW

NAME = '=HYPERLINK("http://x","y")'


@pytest.fixture
def files(sessions: dict[Role, Session], tmp_path: Path) -> list[Path]:
    """Every kind of spreadsheet the program writes, with the student in the school."""
    admin, lead, counselor = sessions[Role.ADMIN], sessions[Role.LEAD], sessions[Role.COUNSELOR]
    first, second = (
        TermDates(1, date(2025, 9, 1), date(2026, 1, 20)),
        TermDates(2, date(2026, 2, 20), date(2026, 7, 10)),
    )
    school_calendar.add_school_year(admin.db, admin.actor, start_year=2025, first=first, second=second, now=FIXED_NOW)
    sheet = tmp_path / "名单.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["学号", "姓名", "性别", "班级"], ["2025001", NAME, "男", "初一(3)班"]])
    enrolment_import.apply_enrolment_import(lead.db, lead.actor, sheet, now=FIXED_NOW)
    (student,) = student_records.search_students(counselor.db, counselor.actor, "2025001", now=FIXED_NOW)
    assert student.name == NAME  # the import kept it as text
    warning_list.add_to_warning_list(
        counselor.db, counselor.actor, student.id, level=WarningLevel.RED, reason="谈话中发现", source=WarningSource.TALK,
        now=FIXED_NOW,
    )  # fmt: skip
    written = []
    choices = class_list.class_list_choices(counselor.db, counselor.actor, now=FIXED_NOW)
    listed = class_list.class_list(
        counselor.db, counselor.actor, class_id=choices[0].class_id, reason="请班主任关注", now=FIXED_NOW
    )
    for suffix in ("xlsx", "csv"):
        path = tmp_path / f"班主任名单.{suffix}"
        class_list.save_class_list(counselor.db, counselor.actor, listed, path, now=FIXED_NOW)
        for s in (counselor, sessions[Role.PRINCIPAL]):
            stats = stats_export.stats_export(s.db, s.actor, now=FIXED_NOW)
            target = tmp_path / f"统计-{s.actor.username}.{suffix}"
            stats_export.save_stats_export(s.db, s.actor, stats, target, now=FIXED_NOW)
            written.append(target)
        written.append(path)
    table = report_files.activity_table_file(
        counselor.db, counselor.actor, start=date(2025, 9, 1), end=date(2025, 10, 13), fmt="xlsx", now=FIXED_NOW
    )
    written.append(
        report_files.save_report(counselor.db, counselor.actor, table, tmp_path / "活动.xlsx", now=FIXED_NOW).path
    )
    return written


def test_the_name_leaves_every_spreadsheet_as_text(files: list[Path]) -> None:
    names_seen = 0
    for path in files:
        if path.suffix == ".xlsx":
            for sheet in load_workbook(path).worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        assert cell.data_type != "f", f"{path.name} {cell.coordinate} is a formula"
                        if isinstance(cell.value, str):
                            assert cell.value[:1] not in FORMULA_STARTS, f"{path.name} {cell.coordinate}"
                        if cell.value == NEUTRALISER + NAME:
                            assert cell.data_type == "s"
                            names_seen += 1
        else:
            fields = [f for row in csv.reader(path.read_text(encoding="utf-8-sig").splitlines()) for f in row]
            assert not [f for f in fields if f[:1] in FORMULA_STARTS]
            names_seen += fields.count(NEUTRALISER + NAME)
    assert names_seen == 2  # the class list, as XLSX and as CSV; the statistics name no one
    assert {p.suffix for p in files} == {".xlsx", ".csv"} and len(files) == 7
