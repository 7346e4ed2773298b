"""Role-matrix rows for reports as files and print jobs (issue #13): aggregates, so every role may
build, save and print them (VIEW_AGGREGATES) — the principal and the admin without the care key."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.reports import activity_table, report_files
from tests.conftest import FIXED_NOW
from tests.services.matrix_activities_coverage import term_id

OCTOBER = (date(2025, 10, 1), date(2025, 10, 31))  # a whole month: the principal's kept counts


def _file(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    return report_files.self_inspection_file(s.db, s.actor, term_id(all_), "pdf", now=FIXED_NOW)


def _job(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    return report_files.self_inspection_print_job(s.db, s.actor, term_id(all_), now=FIXED_NOW)


def _save(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    report = report_files.ReportFile(b"%PDF-1.4 test", "pdf", "学期自查报告", "self_inspection", "1")
    folder = Path(tempfile.mkdtemp())
    return report_files.save_report(s.db, s.actor, report, folder / "自查.pdf", now=FIXED_NOW)


def _table(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    term_id(all_)
    return activity_table.activity_table(s.db, s.actor, start=OCTOBER[0], end=OCTOBER[1], now=FIXED_NOW)


def _table_file(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    term_id(all_)
    start, end = OCTOBER
    return report_files.activity_table_file(s.db, s.actor, start=start, end=end, fmt="xlsx", now=FIXED_NOW)


def _table_job(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    term_id(all_)
    return report_files.activity_table_print_job(s.db, s.actor, start=OCTOBER[0], end=OCTOBER[1], now=FIXED_NOW)


REPORT_FILES_MATRIX: dict[str, tuple[frozenset[Role], Any]] = {
    "activity_table.activity_table": (frozenset(Role), _table),
    "report_files.activity_table_file": (frozenset(Role), _table_file),
    "report_files.activity_table_print_job": (frozenset(Role), _table_job),
    "report_files.self_inspection_file": (frozenset(Role), _file),
    "report_files.self_inspection_print_job": (frozenset(Role), _job),
    "report_files.save_report": (frozenset(Role), _save),
}
