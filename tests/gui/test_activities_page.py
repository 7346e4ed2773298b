"""活动 as a teacher uses it (issue #12 items 1, 2, 4): a 班主任's talks with a whole class in one
dialog, one talk typed in the quick entry row by keyboard, a lesson for several classes at once, a
bad row that names itself and saves nothing; the principal's read-only page with no student on it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from counselroom.gui.activities.class_talks_dialog import ClassTalksDialog
from counselroom.gui.activities.talk_tab import TalkTab
from counselroom.gui.main_window import MainWindow
from counselroom.gui.pages.activities_page import ActivitiesPage
from counselroom.gui.service_runner import ServiceRunner
from counselroom.system import clock
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.gui.activity_data import ActivitySchool, add_activity_school
from tests.gui.dialogs import answer_dialog


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)


@pytest.fixture
def data(school: SchoolFixture) -> ActivitySchool:
    return add_activity_school(school.admin)


@pytest.fixture
def windows(qtbot: QtBot, school: SchoolFixture, data: ActivitySchool) -> Iterator[Callable[[str], MainWindow]]:
    opened: list[MainWindow] = []

    def window(username: str) -> MainWindow:
        main = MainWindow(ServiceRunner(school.sign_in(username), school.keys))
        qtbot.addWidget(main)
        main.resize(1366, 728)
        main.show()
        opened.append(main)
        return main

    yield window
    for main in opened:
        if main.runner.session.db.is_open:
            main.runner.session.db.close()


def page_of(window: MainWindow) -> ActivitiesPage:
    window.open_page("活动")
    page = window.page_titled("活动")
    assert isinstance(page, ActivitiesPage)
    return page


def button_named(widget: QWidget, text: str) -> QPushButton:
    return next(b for b in widget.findChildren(QPushButton) if b.text() == text and b.isVisible())


def shot(widget: QWidget, name: str) -> None:
    """COUNSELROOM_SCREENSHOTS=DIR keeps a picture for a person to look at."""
    folder = os.environ.get("COUNSELROOM_SCREENSHOTS")
    if folder:
        if isinstance(widget, MainWindow):
            widget.resize(1366, 728)  # a school PC's screen less its taskbar
        QApplication.processEvents()  # the layout settles before the picture
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def focus(qtbot: QtBot, widget: QWidget) -> None:
    """Keys go to the focused widget of the active window, as on a teacher's screen."""
    widget.window().activateWindow()
    qtbot.waitUntil(widget.window().isActiveWindow)
    widget.setFocus()


def talk_tab(page: ActivitiesPage) -> TalkTab:
    page.show_tab("谈心谈话")
    tab = page.tabs.currentWidget()
    assert isinstance(tab, TalkTab)
    return tab


def test_the_counselor_sees_every_tab_and_this_term(windows: Callable[[str], MainWindow]) -> None:
    page = page_of(windows("counselor"))
    assert page.term is not None and page.term.code == "2025-2026-1"
    assert page.tabs.tabText(0) == "谈心谈话"
    shot(page.window(), "activities-talks-empty")


def test_talks_for_a_whole_class_in_one_dialog(qtbot: QtBot, windows: Callable[[str], MainWindow]) -> None:
    page = page_of(windows("counselor"))
    tab = talk_tab(page)
    assert tab.model.rowCount() == 0

    def fill(dialog: ClassTalksDialog) -> None:
        dialog.choose_class("初一(1)班")
        assert dialog.table.rowCount() == 13 and len(dialog.table.ticked_rows()) == 13
        assert dialog.table.tick_row(0).label == "张晓明"
        dialog.category.setCurrentIndex(1)  # 班主任/辅导员全面谈
        dialog.talker.setText("周老师")
        dialog.topic.setText("期中考试后的学习状态")
        dialog.table.tick(12, False)  # one was absent
        dialog.table.set_text(2, "家里的事")
        dialog.table.set_flag(2, True)
        shot(dialog, "activities-class-talks")
        dialog.ok_button.click()

    answer_dialog(ClassTalksDialog, fill)
    qtbot.mouseClick(button_named(tab, "按班级录入…"), Qt.MouseButton.LeftButton)

    assert tab.model.rowCount() == 12
    assert tab.count_label.text() == "本学期 12 次谈话，涉及 12 名学生"
    assert "班主任/辅导员全面谈 12 次" in tab.note.text()
    topics = {tab.model.row_at(r).students[0].name: tab.model.row_at(r) for r in range(12)}
    assert topics["王子轩"].topic == "家里的事" and topics["王子轩"].follow_up
    assert topics["张晓明"].topic == "期中考试后的学习状态" and not topics["张晓明"].follow_up
    assert "韩诗涵" not in topics
    shot(page.window(), "activities-talks-listed")


def test_one_talk_typed_in_the_entry_row_by_keyboard(qtbot: QtBot, windows: Callable[[str], MainWindow]) -> None:
    page = page_of(windows("counselor"))
    tab = talk_tab(page)
    focus(qtbot, tab.category)
    qtbot.keyClick(tab.category, Qt.Key.Key_3)  # 3 心理老师深入谈, as numbered on the 活动记录表
    assert tab.category.currentText() == "3 心理老师深入谈"
    assert "重点关注学生" in tab.strip.message.text()
    qtbot.keyClick(tab.category, Qt.Key.Key_Tab)
    assert tab.talker.hasFocus()
    tab.talker.setText("孙老师")
    qtbot.keyClick(tab.talker, Qt.Key.Key_Tab)
    assert tab.student.hasFocus()
    tab.student.setText("李雨涵")
    qtbot.keyClick(tab.student, Qt.Key.Key_Tab)
    assert tab.held_on.hasFocus()
    qtbot.keyClick(tab.held_on, Qt.Key.Key_Tab)
    assert tab.topic.hasFocus()
    tab.topic.setText("适应新学校")
    qtbot.keyClick(tab.topic, Qt.Key.Key_Return)

    assert tab.model.rowCount() == 1
    talk = tab.model.row_at(0)
    assert (talk.talker, talk.students[0].name, talk.topic) == ("孙老师", "李雨涵", "适应新学校")
    assert talk.held_on == FIXED_NOW.date()
    assert tab.category.hasFocus(), "the cursor is back in the first field for the next talk"
    assert tab.student.text() == "" and tab.topic.text() == "" and tab.talker.text() == "孙老师"
    assert "已记录" in tab.strip.message.text()


def test_an_unknown_student_is_said_next_to_the_row(qtbot: QtBot, windows: Callable[[str], MainWindow]) -> None:
    tab = talk_tab(page_of(windows("counselor")))
    tab.category.setCurrentIndex(2)
    tab.talker.setText("孙老师")
    tab.student.setText("查无此人")
    focus(qtbot, tab.topic)
    qtbot.keyClick(tab.topic, Qt.Key.Key_Return)
    assert tab.model.rowCount() == 0
    assert "没有找到" in tab.strip.message.text() and tab.student.hasFocus()
    assert tab.student.property("invalid") is True
