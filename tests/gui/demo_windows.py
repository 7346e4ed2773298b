"""Main windows on a demo school, signed in as any account, for the pytest-qt tests of the pages:
sized as a school PC's screen less its taskbar, and closed cleanly at the end of the test."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from pytestqt.qtbot import QtBot

from counselroom.gui.main_window import MainWindow
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.accounts.sign_in import sign_in
from tests.conftest import FIXED_NOW
from tests.demo_school import PASSWORD, Demo


def windows_on(qtbot: QtBot, demo: Demo) -> Iterator[Callable[[str], MainWindow]]:
    """Use as a fixture body: `yield from windows_on(qtbot, demo)`."""
    opened: list[MainWindow] = []

    def open_as(username: str) -> MainWindow:
        session = sign_in(demo.path, username, PASSWORD, now=FIXED_NOW, keys=demo.keys)
        main = MainWindow(ServiceRunner(session, demo.keys))
        qtbot.addWidget(main)
        main.resize(1366, 728)
        main.show()
        opened.append(main)
        return main

    yield open_as
    for main in opened:
        main.backup_schedule.stop()
        if main.runner.session.db.is_open:
            main.runner.session.db.close()
