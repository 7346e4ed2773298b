"""从课表导入心理课 as a counselor uses it: choose a timetable, read the preview per class, import —
or fix the rows listed in red; a later first day, another term, the same sheet again."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from counselroom.domain.school.terms import TermDates
from counselroom.gui.activities.timetable_import_dialog import TimetableImportDialog
from counselroom.gui.file_import_dialog import ERROR_RED
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.accounts.session import Session
from counselroom.services.school import school_calendar
from counselroom.system import clock
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.school_data import add_small_school
from tests.timetable_files import MESSY_ERRORS, write_messy_timetable, write_timetable

TODAY = datetime(2025, 11, 20, 16, 0)  # a Thursday in 2025-2026 学年第一学期


@pytest.fixture
def counselor(school: SchoolFixture, monkeypatch: pytest.MonkeyPatch) -> Session:
    monkeypatch.setattr(clock, "now", lambda: TODAY)
    admin = school.admin
    for year in (2023, 2024, 2025):  # this term and the last are offered, the rest not
        first = TermDates(1, date(year, 9, 1), date(year + 1, 1, 20))
        second = TermDates(2, date(year + 1, 2, 20), date(year + 1, 7, 10))
        school_calendar.add_school_year(
            admin.db, admin.actor, start_year=year, first=first, second=second, now=FIXED_NOW
        )
    add_small_school(admin)
    session = school.sign_in("counselor")
    yield session
    session.db.close()


def make_dialog(qtbot: QtBot, school: SchoolFixture, session: Session) -> TimetableImportDialog:
    dialog = TimetableImportDialog(None, ServiceRunner(session, school.keys))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def cells(model, column: int) -> list[object]:  # type: ignore[no-untyped-def]
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def lesson_count(session: Session) -> int:
    return int(session.db.conn.execute("SELECT count(*) FROM lessons").fetchone()[0])


def test_preview_then_import(qtbot: QtBot, school: SchoolFixture, counselor: Session, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, school, counselor)
    assert [dialog.term_box.itemText(i) for i in range(dialog.term_box.count())] == [
        "2025-2026学年第一学期",
        "2024-2025学年第二学期",
    ]  # not next term: its lessons are not held yet
    assert dialog.from_date == date(2025, 9, 1) and not dialog.import_button.isEnabled()
    assert dialog.from_field.maximumDate() == QDate(2025, 11, 20)  # up to today
    dialog.set_path(write_timetable(tmp_path / "课表.xlsx"))
    assert "2025-09-01 至 2025-11-20（只记已经上过的课）" in dialog.summary.text()
    assert cells(dialog.classes_model, 0) == ["初一(1)班", "初二(1)班", "初三(1)班"]
    assert cells(dialog.classes_model, 1) == [1, 1, 1] and cells(dialog.classes_model, 3) == [0, 0, 0]
    new = sum(int(str(n)) for n in cells(dialog.classes_model, 2))
    assert cells(dialog.lines_model, 3) == ["第3节", "第5节", "第2节"] and cells(dialog.lines_model, 5)[0] == "孙老师"
    assert f"3 个班，新增 {new} 节，已有 0 节" in dialog.summary.text() and dialog.problem.text() == ""
    assert dialog.tabs.tabText(0) == "各班（3）" and dialog.tabs.currentIndex() == 0
    assert dialog.import_button.isEnabled() and lesson_count(counselor) == 0

    with qtbot.waitSignal(dialog.runner.changed) as changed:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert "activities" in changed.args[0].kinds
    assert lesson_count(counselor) == new
    assert "导入完成" in dialog.summary.text() and not dialog.import_button.isEnabled()

    dialog.close()
    again = make_dialog(qtbot, school, counselor)  # next time: starts after the last imported lesson
    assert again.from_date == date(2025, 11, 20)  # Thursday's lesson was the last one imported
    again.set_path(dialog.path)
    assert again.from_date == date(2025, 11, 20)
    assert "无需导入" in again.summary.text() and cells(again.classes_model, 2) == [0, 0, 0]
    assert not again.import_button.isEnabled()


def test_a_later_first_day_and_another_term(
    qtbot: QtBot, school: SchoolFixture, counselor: Session, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, school, counselor)
    dialog.set_path(write_timetable(tmp_path / "课表.xlsx"))
    whole_term = sum(int(str(n)) for n in cells(dialog.classes_model, 2))
    dialog.set_from(date(2025, 11, 3))
    assert "2025-11-03 至 2025-11-20" in dialog.summary.text()
    assert 0 < sum(int(str(n)) for n in cells(dialog.classes_model, 2)) < whole_term
    dialog.from_field.setDate(QDate(2025, 11, 10))  # typed: checked again once the typing stops
    qtbot.waitUntil(lambda: "2025-11-10 至" in dialog.summary.text(), timeout=3000)
    dialog.term_box.setCurrentIndex(1)  # last term: from its own first day to its last
    assert dialog.from_date == date(2025, 2, 20) and "2025-02-20 至 2025-07-10" in dialog.summary.text()


def test_errors_are_listed_in_red_and_block_the_import(
    qtbot: QtBot, school: SchoolFixture, counselor: Session, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, school, counselor)
    dialog.set_path(write_messy_timetable(tmp_path / "课表.xlsx"))
    model = dialog.errors_model
    assert dict(zip(cells(model, 0), cells(model, 1), strict=True)) == MESSY_ERRORS
    assert model.data(model.index(0, 2), Qt.ItemDataRole.ForegroundRole) == ERROR_RED
    assert dialog.tabs.currentIndex() == 2 and dialog.tabs.tabText(2) == "错误（3）"
    assert "3 处错误" in dialog.problem.text() and "以下列不会导入：备注" in dialog.summary.text()
    assert dialog.lines_model.rowCount() == 3  # the valid rows are still shown
    assert not dialog.import_button.isEnabled()
    dialog.import_file()  # even if called, nothing happens
    assert lesson_count(counselor) == 0

    dialog.set_path(write_timetable(tmp_path / "改好了.xlsx"))
    assert dialog.errors_model.rowCount() == 0 and dialog.import_button.isEnabled()


def test_closing_forgets_the_preview(qtbot: QtBot, school: SchoolFixture, counselor: Session, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, school, counselor)
    dialog.set_path(write_timetable(tmp_path / "课表.xlsx"))
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert dialog.lines_model.rowCount() == 0 and not dialog.isVisible()
