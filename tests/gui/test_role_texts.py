"""Texts that fit the role and say what they mean (issue 8, items 21 and 22): data hidden from a role
is 无权查看, never 无; the admin's student list has no empty 预警 column; the recovery sheet's date
is written as teachers write it; the school-days table names its 调休 column."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counselroom.gui.pages.room_setup_tab import DayModel
from counselroom.gui.pages.students_page import StudentsPage
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.session.recovery_sheet import recovery_sheet, written_date
from counselroom.gui.students.student_models import StudentTableModel
from tests.conftest import SchoolFixture
from tests.school_data import add_small_school


def test_the_admins_student_list_has_no_warning_column(qtbot: QtBot, school: SchoolFixture) -> None:
    add_small_school(school.admin)
    page = StudentsPage(ServiceRunner(school.admin, school.keys))
    qtbot.addWidget(page)
    assert page.table.isColumnHidden(StudentTableModel.LEVEL)
    assert not page.table.isColumnHidden(StudentTableModel.GROUPS)
    counselor = school.sign_in("counselor")
    theirs = StudentsPage(ServiceRunner(counselor, school.keys))
    qtbot.addWidget(theirs)
    assert not theirs.table.isColumnHidden(StudentTableModel.LEVEL)
    counselor.db.close()


def test_the_admin_is_told_what_the_file_hides(qtbot: QtBot, school: SchoolFixture) -> None:
    add_small_school(school.admin)
    page = StudentsPage(ServiceRunner(school.admin, school.keys))
    qtbot.addWidget(page)
    dialog = page.open_student(2)  # 李雨涵: no family flags
    assert dialog.subtitle.text().endswith("重点关注群体：按家庭情况和预警划分的群体无权查看")
    dialog.close()
    dialog = page.open_student(3)  # 王子轩: 单亲, 经济困难 — care data: the admin sees neither
    assert "单亲" not in dialog.subtitle.text()
    assert dialog.subtitle.text().endswith("按家庭情况和预警划分的群体无权查看")
    timeline = dialog.tabs.widget(2)
    hints = [label.text() for label in timeline.findChildren(type(dialog.subtitle))]
    assert any("无权查看" in text for text in hints) and not any("还没有记录" in text for text in hints)
    dialog.close()


def test_the_counselor_still_reads_none_when_there_is_none(qtbot: QtBot, school: SchoolFixture) -> None:
    add_small_school(school.admin)
    counselor = school.sign_in("counselor")
    page = StudentsPage(ServiceRunner(counselor, school.keys))
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()  # a first chart's font message takes the active window as its parent
    qtbot.waitUntil(page.isActiveWindow, timeout=2000)
    dialog = page.open_student(2)
    assert dialog.subtitle.text().endswith("重点关注群体：无")
    dialog.close()
    counselor.db.close()


def test_the_recovery_sheet_writes_the_date_as_teachers_do() -> None:
    assert written_date(date(2025, 9, 1)) == "2025年9月1日"
    assert written_date("2025年09月01日") == "2025年9月1日"
    assert written_date("2025年10月10日") == "2025年10月10日"
    sheet = recovery_sheet("向阳中学", "ABCD-EFGH", "2025年09月01日").toPlainText()
    assert "生成日期：2025年9月1日" in sheet and "09" not in sheet


def test_the_school_days_table_says_what_its_last_column_is() -> None:
    model = DayModel()
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert headers == ["日期", "安排", "名称", "调休时按"]
