"""Run something once a window has been painted: start-up work that must not delay the first
window a teacher sees (the keyring probe) waits until that window is on screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None]):
        super().__init__(widget)
        self.callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.callback)  # after this paint has reached the screen
            self.deleteLater()
        return False


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call `callback` (once) after `widget` is first painted."""
    _FirstPaint(widget, callback)
