"""The privacy screen: one key (F12) hides everything at once while a student sits nearby.

It covers every window of the program (UX.md): the main window with its toolbar and status bar
(whose messages may name a student), each dialog open — a student's file included — and any
dialog that opens while it is on. A covered dialog's title (一生一档 — 姓名) is replaced too,
since the taskbar shows it.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

NEUTRAL_TITLE = "心理辅导室工作台"
_NOT_COVERED = (Qt.WindowType.Popup, Qt.WindowType.ToolTip, Qt.WindowType.SplashScreen)


class PrivacyCurtain(QWidget):
    """Covers its parent completely, follows its size and stays on top of its children."""

    dismissed = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("PrivacyCurtain")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # typing goes here, not into hidden fields
        label = QLabel("隐私屏已开启\n按 F12 或点击此处恢复显示")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        parent.installEventFilter(self)
        self.hide()

    def show_curtain(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()
        self.setFocus()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.hide()
        self.dismissed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.isVisible():
            if event.type() == QEvent.Type.Resize:
                self.setGeometry(self.parentWidget().rect())
            elif event.type() == QEvent.Type.ChildAdded:
                self.raise_()  # a widget added under the curtain stays under it
        return False


class PrivacyScreen(QObject):
    """The curtains over every window: the main window's, made once, and one per dialog while on."""

    def __init__(self, main_window: QWidget):
        super().__init__(main_window)
        self._main_window = main_window
        self.curtain = PrivacyCurtain(main_window)
        self.curtain.dismissed.connect(self.hide)
        self._covered: list[tuple[QWidget, PrivacyCurtain, str]] = []  # window, its curtain, its title
        self._focus: QWidget | None = None  # where the teacher was typing, given back afterwards

    @property
    def is_on(self) -> bool:
        return self.curtain.isVisible()

    def toggle(self) -> None:
        if self.is_on:
            self.hide()
        else:
            self.show()

    def show(self) -> None:
        self._focus = QApplication.focusWidget()
        self.curtain.show_curtain()
        for window in QApplication.topLevelWidgets():
            if window.isVisible():
                self._cover(window)
        QApplication.instance().installEventFilter(self)  # for dialogs that open while it is on

    def hide(self) -> None:
        QApplication.instance().removeEventFilter(self)
        self.curtain.hide()
        for window, curtain, title in self._covered:
            if shiboken6.isValid(window):  # a dialog closed meanwhile took its curtain with it
                curtain.hide()
                curtain.deleteLater()
                window.setWindowTitle(title)
        self._covered.clear()
        focus, self._focus = self._focus, None
        if focus is not None and shiboken6.isValid(focus) and focus.isVisible():
            focus.setFocus()

    def covers(self, window: QWidget) -> bool:
        return window is self._main_window or any(w is window for w, _c, _t in self._covered)

    def _cover(self, window: QWidget) -> None:
        if self.covers(window) or window.windowType() in _NOT_COVERED or isinstance(window, PrivacyCurtain):
            return
        curtain = PrivacyCurtain(window)
        curtain.dismissed.connect(self.hide)
        self._covered.append((window, curtain, window.windowTitle()))
        window.setWindowTitle(NEUTRAL_TITLE)
        curtain.show_curtain()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            self._cover(watched)
        return False
