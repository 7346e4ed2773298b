"""The main window fits the screen it opens on and reopens as it was left (issue #8 item 16)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSettings
from pytestqt.qtbot import QtBot

from counselroom.gui import window_geometry
from counselroom.gui.main_window import MainWindow
from counselroom.gui.service_runner import ServiceRunner
from counselroom.system import paths
from tests.conftest import SchoolFixture

LAPTOP = QRect(0, 0, 1366, 728)  # 1366×768 less a 40-pixel taskbar


def test_a_1366_by_768_screen_gets_a_maximised_window() -> None:
    assert window_geometry.initial_geometry(LAPTOP) == (LAPTOP, True)


@pytest.mark.parametrize("available", [QRect(0, 0, 1920, 1040), QRect(1920, 0, 1600, 860), QRect(0, 0, 1280, 800)])
def test_a_larger_screen_gets_a_comfortable_window_inside_it(available: QRect) -> None:
    rect, maximised = window_geometry.initial_geometry(available)
    assert not maximised and available.contains(rect)
    assert rect.width() >= 1280 and rect.height() >= 800
    assert rect.center() == available.center()


def _open(qtbot: QtBot, school: SchoolFixture) -> MainWindow:
    window = MainWindow(ServiceRunner(school.sign_in("counselor"), school.keys))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_window_opens_inside_the_screen_with_its_status_bar(qtbot: QtBot, school: SchoolFixture) -> None:
    window = _open(qtbot, school)
    available = window.screen().availableGeometry()  # 800×800 offscreen: smaller than comfortable
    assert window.isMaximized()
    # (offscreen puts a maximised window at its pretend frame's offset, so compare sizes)
    assert window.width() <= available.width() and window.height() <= available.height()
    bar = window.statusBar()
    assert bar.isVisible() and bar.geometry().bottom() < window.height()
    assert window.minimumSizeHint().width() <= LAPTOP.width() and window.minimumSizeHint().height() <= 680
    window.close()


def test_the_window_reopens_where_it_was_left_and_only_that_is_kept(qtbot: QtBot, school: SchoolFixture) -> None:
    window = _open(qtbot, school)
    window.showNormal()
    window.setGeometry(QRect(40, 50, 700, 600))
    window.close()
    kept = QSettings(str(paths.data_dir() / "window.ini"), QSettings.Format.IniFormat)
    assert kept.allKeys() == [window_geometry.KEY], "no user, no student: the window's geometry only"

    again = _open(qtbot, school)
    assert not again.isMaximized() and again.geometry() == QRect(40, 50, 700, 600)
    again.close()
