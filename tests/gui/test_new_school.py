"""A new school as its first users meet it (issue 8, item 15): every page that needs a missing
set-up step says which, in order (学年学期 → 辅导室与开放时间 → 教职工 → 名单), with a button that
goes there; 生成值班表 with no term explains instead of failing with a TypeError."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from counselroom.domain.school.setup_steps import SetupStep
from counselroom.domain.school.terms import default_terms
from counselroom.gui import service_runner
from counselroom.gui.duty.duty_rota_dialog import NO_TERM, GenerateRotaDialog
from counselroom.gui.main_window import MainWindow
from counselroom.gui.pages.appointments_page import AppointmentsPage
from counselroom.gui.pages.duty_page import DutyPage
from counselroom.gui.pages.today_page import TodayPage
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.students.enrolment_import_dialog import EnrolmentImportDialog
from counselroom.services.school import school_calendar
from counselroom.system import clock
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.gui.dialogs import answer_dialog


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)


@pytest.fixture(autouse=True)
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(service_runner, "show_error", lambda _parent, error: shown.append(str(error)))
    return shown


@contextmanager
def window_for(qtbot: QtBot, school: SchoolFixture, username: str) -> Iterator[MainWindow]:
    session = school.admin if username == "admin" else school.sign_in(username)
    main = MainWindow(ServiceRunner(session, school.keys))
    qtbot.addWidget(main)
    main.show()
    yield main
    if session is not school.admin and session.db.is_open:
        session.db.close()


@pytest.fixture
def admin_window(qtbot: QtBot, school: SchoolFixture) -> Iterator[MainWindow]:
    with window_for(qtbot, school, "admin") as window:
        yield window


def current_title(window: MainWindow) -> str:
    return window.sidebar.currentItem().text()


def test_todays_page_lists_the_set_up_in_order_with_buttons_there(qtbot: QtBot, admin_window: MainWindow) -> None:
    page = admin_window.stack.currentWidget()
    assert isinstance(page, TodayPage) and page.guide.isVisible()
    lines = [line.text() for line in page.guide.lines]
    assert lines[0].startswith("第1步 学年学期：还没有学年学期") and lines[3].startswith("第4步 名单")
    first = page.guide.buttons[SetupStep.TERMS]
    assert first.text() == "去设置学年学期" and first.property("primary")
    for step, tab in (
        (SetupStep.TERMS, "学年学期"),
        (SetupStep.ROOMS, "辅导室与开放时间"),
        (SetupStep.STAFF, "教职工"),
    ):
        admin_window.sidebar.setCurrentRow(0)
        qtbot.mouseClick(page.guide.buttons[step], Qt.MouseButton.LeftButton)
        settings = admin_window.settings_page
        assert current_title(admin_window) == "设置"
        assert settings.tabs.tabText(settings.tabs.currentIndex()) == tab


def test_the_enrolment_step_opens_the_import(qtbot: QtBot, admin_window: MainWindow) -> None:
    page = admin_window.stack.currentWidget()
    seen: list[str] = []
    answer_dialog(EnrolmentImportDialog, lambda d: (seen.append(d.windowTitle()), d.reject()))
    qtbot.mouseClick(page.guide.buttons[SetupStep.ENROLMENT], Qt.MouseButton.LeftButton)
    assert current_title(admin_window) == "学生" and seen


def test_a_step_done_disappears_from_the_list(admin_window: MainWindow, school: SchoolFixture) -> None:
    admin = school.admin
    first, second = default_terms(2025)
    admin_window.runner.call(school_calendar.add_school_year, start_year=2025, first=first, second=second)
    page = admin_window.stack.currentWidget()
    assert page.guide.lines[0].text() == "第1步 学年学期：已完成"
    assert SetupStep.TERMS not in page.guide.buttons and page.guide.buttons[SetupStep.ROOMS].property("primary")
    assert admin.db.is_open


def test_a_counselor_is_told_who_sets_up_without_buttons(qtbot: QtBot, school: SchoolFixture) -> None:
    with window_for(qtbot, school, "counselor") as window:
        page = window.stack.currentWidget()
        assert page.guide.isVisible() and page.guide.buttons == {}
        assert "（请管理员完成）" in page.guide.lines[0].text()
        assert "（请心理中心负责人或管理员完成）" in page.guide.lines[1].text()


def test_the_lead_on_duty_sees_what_the_roster_needs(qtbot: QtBot, school: SchoolFixture, errors: list[str]) -> None:
    with window_for(qtbot, school, "lead") as window:
        window.sidebar.setCurrentRow(
            [window.sidebar.item(i).text() for i in range(window.sidebar.count())].index("值班")
        )
        page = window.stack.currentWidget()
        assert isinstance(page, DutyPage) and page.guide.isVisible()
        assert [line.text().split("：")[0] for line in page.guide.lines] == [
            "第1步 学年学期",
            "第2步 辅导室与开放时间",
            "第3步 教职工",
        ]
        assert list(page.guide.buttons) == [SetupStep.ROOMS], "the lead sets up the room, the admin the rest"
        assert page.guide.buttons[SetupStep.ROOMS].property("primary"), "the lead's own next step stands out"
        told: list[str] = []
        answer_dialog(QMessageBox, lambda box: (told.append(box.text()), box.accept()))
        qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(told), timeout=2000)
        assert "1. 学年学期：还没有学年学期" in told[0] and "2. 教职工：还没有教职工" in told[0]
        assert errors == []


def test_the_roster_dialog_without_a_term_says_so_instead_of_failing(
    qtbot: QtBot, school: SchoolFixture, errors: list[str]
) -> None:
    session = school.sign_in("lead")
    dialog = GenerateRotaDialog(ServiceRunner(session, school.keys), [], [], [])
    qtbot.addWidget(dialog)
    assert not dialog.preview_button.isEnabled() and dialog.summary.text() == NO_TERM
    dialog.run_preview()  # was: int(None) → 程序遇到意外错误（TypeError）
    dialog.publish()
    assert dialog.preview is None and errors == []
    session.db.close()


def test_the_calendar_page_asks_for_terms_rooms_and_enrolment(qtbot: QtBot, school: SchoolFixture) -> None:
    session = school.sign_in("lead")
    page = AppointmentsPage(ServiceRunner(session, school.keys))
    qtbot.addWidget(page)
    page.show()
    assert page.guide.isVisible()
    assert [line.text().split("：")[0] for line in page.guide.lines] == [
        "第1步 学年学期",
        "第2步 辅导室与开放时间",
        "第4步 名单",
    ]
    assert page.guide.buttons[SetupStep.ROOMS].text() == "去设置辅导室"
    session.db.close()
