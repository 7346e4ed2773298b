"""Answering a modal dialog in a GUI test, as a teacher would, once it is on screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog


def answer_dialog(kind: type[QDialog], fill: Callable[[QDialog], None]) -> None:
    """Fill the next modal dialog of `kind`. Anything else that pops up (an error box) is closed,
    so a failing test fails instead of hanging."""

    def answer(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None and tries < 200:
            QTimer.singleShot(10, lambda: answer(tries + 1))
        elif isinstance(dialog, kind):
            fill(dialog)
        elif dialog is not None:
            dialog.close()

    QTimer.singleShot(0, answer)
