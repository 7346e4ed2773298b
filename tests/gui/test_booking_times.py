"""The time a booking opens on, and the calendar's day row (issue 8, items 17, 18, 22): 新建预约 opens
on the next open slot, a click on the 12:00 row when the room opens at 12:10 starts at 12:10 with
no conflict, a time is typed as 1410, the dates stay in sight while the hours scroll, and the
walk-in form names the field it means."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time

import pytest
from pytestqt.qtbot import QtBot

from counselroom.domain.roles import Role
from counselroom.domain.school.school_days import Period
from counselroom.gui.pages.appointments_page import AppointmentsPage
from counselroom.gui.scheduling.booking_dialog import BookingDialog
from counselroom.services.accounts.session import Session
from counselroom.services.school import room_setup
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.gui.appointment_screens import click, fixed_clock, shown_page  # noqa: F401 (fixed_clock: autouse)
from tests.services.appointment_data import HOURS, Scheduling, at, book, set_up_scheduling

LUNCH_TUESDAY = Period(1, time(12, 10), time(13, 30))


@pytest.fixture
def setup(sessions: dict[Role, Session]) -> Scheduling:
    return set_up_scheduling(sessions)


@pytest.fixture
def page(
    qtbot: QtBot,
    school: SchoolFixture,
    sessions: dict[Role, Session],
    setup: Scheduling,
) -> Iterator[AppointmentsPage]:
    yield from shown_page(qtbot, school, sessions[Role.COUNSELOR], 600)


def choose(qtbot: QtBot, dialog: BookingDialog, initials: str) -> None:
    qtbot.keyClicks(dialog.search, initials)
    dialog.results.itemClicked.emit(dialog.results.item(0))


def test_new_booking_opens_on_the_next_open_slot(
    qtbot: QtBot, page: AppointmentsPage, sessions: dict[Role, Session], setup: Scheduling
) -> None:
    book(sessions[Role.COUNSELOR], setup, at(9, 30, day=FIXED_NOW))  # 王老师 now until 10:20
    page.new_button.click()
    dialog = page.flows.dialog
    assert dialog is not None and dialog.start_at() == at(10, 20, day=FIXED_NOW)
    choose(qtbot, dialog, "lyh")
    dialog.refresh_conflicts()
    assert dialog.conflicts == [], "the first thing the teacher sees is a free time"


def test_in_a_later_week_it_opens_on_that_weeks_first_opening(page: AppointmentsPage) -> None:
    page.next_button.click()
    page.new_button.click()
    assert page.flows.dialog is not None and page.flows.dialog.start_at() == at(8, day=FIXED_NOW.replace(day=20))


def test_a_click_before_the_opening_starts_at_the_opening(
    qtbot: QtBot, page: AppointmentsPage, sessions: dict[Role, Session]
) -> None:
    lead = sessions[Role.LEAD]
    hours = [p for p in HOURS if p.weekday != 1] + [LUNCH_TUESDAY]
    room_setup.set_opening_hours(lead.db, lead.actor, hours, now=FIXED_NOW)
    page.refresh()
    dialog = click(page, at(12))
    assert dialog.start_at() == at(12, 10)
    choose(qtbot, dialog, "lyh")
    dialog.minutes.setValue(50)
    dialog.refresh_conflicts()
    assert dialog.conflicts == []
    assert dialog.start.itemText(0) == "12:10", "the day's opening starts are offered first"


def test_a_time_is_typed_as_a_teacher_writes_it(qtbot: QtBot, page: AppointmentsPage) -> None:
    dialog = click(page, at(10))
    field = dialog.start.lineEdit()
    field.selectAll()
    qtbot.keyClicks(field, "1410")
    assert dialog.start_at() == at(14, 10)
    field.editingFinished.emit()
    assert dialog.start.currentText() == "14:10"
    field.selectAll()
    qtbot.keyClicks(field, "2575")
    field.editingFinished.emit()
    assert dialog.start_at() == at(14, 10) and dialog.start.currentText() == "14:10", "nonsense is put back"


def test_the_walk_in_error_names_the_student_field(page: AppointmentsPage) -> None:
    page.walk_in_button.click()
    dialog = page.flows.dialog
    assert dialog is not None
    dialog.buttons.accepted.emit()
    assert "“学生”一栏" in dialog.error.text() and "查找学生" not in dialog.error.text()
    assert dialog.form.labelForField(dialog.students).text() == "学生"


def test_the_day_row_stays_while_the_hours_scroll(page: AppointmentsPage) -> None:
    header, scroll = page.calendar.header, page.scroll
    assert not scroll.isAncestorOf(header) and header.isVisible()
    texts = header.texts()
    assert texts[0] == ("周一 10/13", "") and texts[5] == ("周六 10/18", "不开放：周末")
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0, "the hours do not fit at this height"
    assert bar.value() == int(page.calendar.grid.y_of(8 * 60)) - 4, "opens at the first opening period"
    top = header.mapTo(page, header.rect().topLeft())
    bar.setValue(bar.maximum())
    assert header.mapTo(page, header.rect().topLeft()) == top and header.isVisible()
    assert header.grid.x_of(3) == page.calendar.grid.x_of(3), "the columns line up"
