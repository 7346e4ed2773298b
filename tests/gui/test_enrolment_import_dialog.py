"""导入学生名单 as an admin uses it: choose a sheet, read the preview, import — or fix the errors."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from counselroom.gui.file_import_dialog import ERROR_RED
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.students.enrolment_import_dialog import EnrolmentImportDialog
from tests.conftest import SchoolFixture
from tests.enrolment_files import bad_rows, write_xlsx
from tests.gui.dialogs import answer_dialog


def student_count(school: SchoolFixture) -> int:
    return int(school.admin.db.conn.execute("SELECT count(*) FROM students").fetchone()[0])


def make_dialog(qtbot: QtBot, school: SchoolFixture) -> EnrolmentImportDialog:
    dialog = EnrolmentImportDialog(ServiceRunner(school.admin, school.keys))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def cells(model, column: int) -> list[object]:  # type: ignore[no-untyped-def]
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def test_preview_then_import(qtbot: QtBot, school: SchoolFixture, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, school)
    assert not dialog.import_button.isEnabled()  # nothing chosen yet
    dialog.set_path(write_xlsx(tmp_path / "名单.xlsx"))
    assert dialog.changes_model.rowCount() == 8 and dialog.errors_model.rowCount() == 0
    assert cells(dialog.changes_model, 2)[:2] == ["张晓明", "李娜"]
    assert "初一(3)班" in cells(dialog.changes_model, 3)
    assert "新增 8，更新 0，不变 0" in dialog.summary.text()
    assert dialog.tabs.tabText(0) == "新增与更新（8）" and dialog.problem.text() == ""
    assert dialog.import_button.isEnabled() and student_count(school) == 0

    with qtbot.waitSignal(dialog.runner.changed) as changed:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert "students" in changed.args[0].kinds
    assert student_count(school) == 8
    assert "导入完成" in dialog.summary.text() and not dialog.import_button.isEnabled()


def test_errors_are_listed_in_red_and_block_the_import(qtbot: QtBot, school: SchoolFixture, tmp_path: Path) -> None:
    rows, wrong = bad_rows()
    dialog = make_dialog(qtbot, school)
    dialog.set_path(write_xlsx(tmp_path / "有错.xlsx", rows))
    model = dialog.errors_model
    assert set(zip(cells(model, 0), cells(model, 1), strict=True)) == set(wrong.items())
    assert model.data(model.index(0, 2), Qt.ItemDataRole.ForegroundRole) == ERROR_RED
    assert dialog.tabs.currentIndex() == 1 and dialog.tabs.tabText(1) == "错误（3）"
    assert "3 处错误" in dialog.problem.text()
    assert dialog.changes_model.rowCount() == 5  # the valid rows are still shown
    assert not dialog.import_button.isEnabled()
    dialog.import_file()  # even if called, nothing happens
    assert student_count(school) == 0

    dialog.set_path(write_xlsx(tmp_path / "改好了.xlsx"))  # corrected and chosen again
    assert dialog.errors_model.rowCount() == 0 and dialog.import_button.isEnabled()
    assert dialog.tabs.currentIndex() == 0 and dialog.problem.text() == ""


def test_the_same_sheet_again_needs_no_import(qtbot: QtBot, school: SchoolFixture, tmp_path: Path) -> None:
    sheet = write_xlsx(tmp_path / "名单.xlsx")
    dialog = make_dialog(qtbot, school)
    dialog.set_path(sheet)
    dialog.import_file()
    dialog.set_path(sheet)
    assert "新增 0，更新 0，不变 8" in dialog.summary.text() and "无需导入" in dialog.summary.text()
    assert dialog.changes_model.rowCount() == 0 and not dialog.import_button.isEnabled()


def test_an_unreadable_file_is_explained(qtbot: QtBot, school: SchoolFixture, tmp_path: Path) -> None:
    old = tmp_path / "旧名单.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    seen: list[str] = []

    def answer(box: QMessageBox) -> None:
        seen.append(box.text())
        box.accept()

    dialog = make_dialog(qtbot, school)
    answer_dialog(QMessageBox, answer)
    dialog.set_path(old)
    assert seen and "另存为" in seen[0]
    assert "无法读取" in dialog.problem.text() and not dialog.import_button.isEnabled()


def test_closing_forgets_the_names(qtbot: QtBot, school: SchoolFixture, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, school)
    dialog.set_path(write_xlsx(tmp_path / "名单.xlsx"))
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert dialog.changes_model.rowCount() == 0 and not dialog.isVisible()
