"""今日 as a counselor starts the day: see appointments, mark attendance in one click, open the 待办."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counselroom.domain.scheduling.appointments import AppointmentSource, AppointmentType, Channel
from counselroom.domain.school.school_days import Period
from counselroom.domain.school.terms import default_terms
from counselroom.gui.main_window import MainWindow
from counselroom.gui.pages.today_page import TodayPage
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.scheduling import appointments
from counselroom.services.school import room_setup, school_calendar
from counselroom.system import clock
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.school_data import add_small_school


@pytest.fixture
def window(qtbot: QtBot, school: SchoolFixture, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)
    add_small_school(school.admin)
    admin = school.admin
    first, second = default_terms(2025)
    school_calendar.add_school_year(admin.db, admin.actor, start_year=2025, first=first, second=second, now=FIXED_NOW)
    room_setup.set_opening_hours(
        admin.db, admin.actor, [Period(d, time(8, 0), time(17, 30)) for d in range(5)], now=FIXED_NOW
    )
    room_setup.save_room(admin.db, admin.actor, name="个别辅导室一", kind="个别辅导室", capacity=2, now=FIXED_NOW)
    session = school.sign_in("counselor")
    room = room_setup.list_rooms(session.db, session.actor, now=FIXED_NOW)[0]
    for student, hour in ((1, 8), (2, 15)):
        start = datetime.combine(FIXED_NOW.date(), time(hour, 30))
        appointments.book_appointment(
            session.db,
            session.actor,
            student_ids=[student],
            counselor_id=session.actor.user_id,
            room_id=room.id,
            start=start,
            end=start + timedelta(minutes=50),
            type=AppointmentType.INDIVIDUAL,
            channel=Channel.FACE,
            source=AppointmentSource.SELF,
            note="",
            now=FIXED_NOW - timedelta(days=2),
        )
    main = MainWindow(ServiceRunner(session, school.keys))
    qtbot.addWidget(main)
    main.show()
    yield main
    if main.runner.session.db.is_open:
        main.runner.session.db.close()


def test_today_shows_appointments_and_marks_attendance_in_one_click(qtbot: QtBot, window: MainWindow) -> None:
    page = window.stack.currentWidget()
    assert isinstance(page, TodayPage)
    assert "2025年10月13日 周一" in page.date_label.text()
    assert [r.item.start.hour for r in page.rows] == [8, 15]
    first, later = page.rows
    assert first.came.isVisibleTo(page) and not later.came.isVisibleTo(page)
    assert any("请标记已到或未到" in page.todo_list.item(i).text() for i in range(page.todo_list.count()))
    qtbot.mouseClick(first.came, Qt.MouseButton.LeftButton)
    assert "〔已到〕" in page.rows[0].text.text()
    assert not any("请标记" in page.todo_list.item(i).text() for i in range(page.todo_list.count()))
    assert "还没有发布值班表" in page.duty_label.text()


def test_new_appointment_opens_the_booking_on_the_calendar(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from counselroom.gui.pages.appointment_flows import AppointmentFlows

    opened: list[str] = []
    monkeypatch.setattr(AppointmentFlows, "book_at", lambda self, start: opened.append("book"))
    page = window.stack.currentWidget()
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert window.sidebar.currentItem().text() == "预约" and opened == ["book"]


def test_a_long_todo_wraps_to_be_read_whole(qtbot: QtBot, window: MainWindow) -> None:
    page = window.stack.currentWidget()
    assert isinstance(page, TodayPage)
    lst = page.todo_list
    assert lst.count() >= 1 and lst.wordWrap()
    assert lst.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    window.resize(1000, 700)
    qtbot.waitUntil(lambda: lst.viewport().width() < 600)
    rect = lst.visualItemRect(lst.item(0))
    assert rect.right() <= lst.viewport().width(), "the item fits the list's width"
