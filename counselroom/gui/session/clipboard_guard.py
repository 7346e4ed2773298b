"""SECURITY.md 16: text copied out of the program does not sit on the clipboard for long.

Whatever is copied while the program runs is cleared after a timeout (and on lock, by the main
window) — unless something newer has replaced it in the meantime."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication

CLEAR_AFTER_MS = 120_000


class ClipboardGuard(QObject):
    def __init__(self, parent: QObject | None = None, *, clear_after_ms: int = CLEAR_AFTER_MS):
        super().__init__(parent)
        self._copied = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self._clear_if_unchanged)
        QGuiApplication.clipboard().dataChanged.connect(self._copied_now)

    def _copied_now(self) -> None:
        text = QGuiApplication.clipboard().text()
        if text:
            self._copied = text
            self._timer.start()

    def _clear_if_unchanged(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard.text() == self._copied:
            clipboard.clear()
        self._copied = ""

    def stop(self) -> None:
        self._timer.stop()
        QGuiApplication.clipboard().dataChanged.disconnect(self._copied_now)
