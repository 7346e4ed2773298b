"""Answering a modal dialog in a GUI test, as a teacher would, once it is on screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from counselroom.gui.progress_dialog import ProgressDialog


def answer_dialog(kind: type[QDialog], fill: Callable[[QDialog], None]) -> None:
    """Fill the next modal dialog of `kind`. Anything else that pops up (an error box) is closed,
    so a failing test fails instead of hanging. A long job's progress window is waited out."""

    def answer(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, ProgressDialog) and not isinstance(dialog, kind):
            QTimer.singleShot(10, lambda: answer(tries))
        elif dialog is None and tries < 200:
            QTimer.singleShot(10, lambda: answer(tries + 1))
        elif isinstance(dialog, kind):
            fill(dialog)
        elif dialog is not None:
            dialog.close()

    QTimer.singleShot(0, answer)
