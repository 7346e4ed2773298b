"""What the 活动 page's GUI tests share: windows signed in per user (for each module's `windows`
fixture, with the activity school of tests/gui/activity_data.py), the page and its tabs, keys sent as a teacher sends them, dialogs answered (again, after a
refusal), every text a window holds, and screenshots at 1366×768 for a person to look at
(COUNSELROOM_SCREENSHOTS=DIR)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from counselroom.gui.activities.lesson_tab import LessonTab
from counselroom.gui.activities.talk_tab import TalkTab
from counselroom.gui.activities.visit_tab import VisitTab
from counselroom.gui.main_window import MainWindow
from counselroom.gui.pages.activities_page import ActivitiesPage
from counselroom.gui.service_runner import ServiceRunner
from tests.conftest import SchoolFixture


def signed_in_windows(qtbot: QtBot, school: SchoolFixture) -> Iterator[Callable[[str], MainWindow]]:
    """For a test module's `windows` fixture: a main window per user asked for, closed afterwards."""
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
        Path(folder).mkdir(parents=True, exist_ok=True)
        QApplication.processEvents()  # the layout settles before the picture
        if isinstance(widget, MainWindow):  # a school PC's screen less its taskbar; the offscreen
            widget.hide()  # screen (800×800) would clamp a shown window
            widget.resize(1366, 728)
            widget.grab().save(str(Path(folder) / f"{name}.png"))
            widget.show()
        else:
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


def answer_when(kind: type, ready: Callable[[Any], bool], fill: Callable[[Any], None]) -> None:
    """Like answer_dialog, for a dialog shown again: wait until it is up and `ready` says so."""

    def answer(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible() and ready(dialog):
            fill(dialog)
        elif tries < 300:
            QTimer.singleShot(10, lambda: answer(tries + 1))

    QTimer.singleShot(0, answer)


def lesson_tab(page: ActivitiesPage) -> LessonTab:
    page.show_tab("心理课")
    tab = page.tabs.currentWidget()
    assert isinstance(tab, LessonTab)
    return tab


def columns_of(model: QAbstractItemModel) -> int:
    try:
        return model.columnCount(QModelIndex())
    except TypeError:  # a list model keeps columnCount private: one column
        return 1


def texts_of(window: QWidget) -> list[str]:
    """Every text the window holds: labels, buttons, fields, tooltips, tab titles, and every cell."""
    texts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        texts.append(widget.toolTip())
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
    for view in window.findChildren(QAbstractItemView):
        model = view.model()
        for r in range(model.rowCount() if model else 0):
            for c in range(columns_of(model)):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    texts.append(str(model.data(model.index(r, c), role) or ""))
    return texts


def visit_tab(page: ActivitiesPage) -> VisitTab:
    page.show_tab("家访")
    tab = page.tabs.currentWidget()
    assert isinstance(tab, VisitTab)
    return tab


def class_cells(page: ActivitiesPage, class_name: str) -> dict[str, str]:
    """达标情况's row of one class: header → text."""
    model = page.coverage.class_model
    rows = [r for r in range(model.rowCount()) if model.data(model.index(r, 0)) == class_name]
    assert rows, class_name
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return {header[c]: model.data(model.index(rows[0], c)) for c in range(model.columnCount())}
