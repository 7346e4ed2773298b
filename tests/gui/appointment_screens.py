"""What the 预约 page's GUI tests share: a fixed clock, the page shown for a session, and a click on
a calendar slot that opens the booking form."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from counselroom.gui.pages.appointments_page import AppointmentsPage
from counselroom.gui.scheduling.booking_dialog import BookingDialog
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.accounts.session import Session
from counselroom.system import clock
from tests.conftest import FIXED_NOW, SchoolFixture


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)


def shown_page(qtbot: QtBot, school: SchoolFixture, session: Session, height: int) -> Iterator[AppointmentsPage]:
    """The page at 1200 × `height`, its booking forms closed afterwards."""
    shown = AppointmentsPage(ServiceRunner(session, school.keys))
    qtbot.addWidget(shown)
    shown.resize(1200, height)
    shown.show()
    yield shown
    for dialog in shown.findChildren(BookingDialog):
        dialog.close()


def click(page: AppointmentsPage, moment: object) -> BookingDialog:
    point = page.calendar.slot_point(moment).toPoint()  # type: ignore[arg-type]
    QTest.mouseClick(page.calendar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert page.flows.dialog is not None
    return page.flows.dialog
