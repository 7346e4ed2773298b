"""The Qt binding must not lose references to None when Qt calls our Python overrides.

PySide6 6.12.0 did: every paintEvent of a Python widget dropped a reference to None, and on
Python 3.11 (where None is not immortal) the program aborted after a few thousand paints.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot


class Painted(QWidget):
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawText(10, 20, "心理辅导室")
        painter.end()


def test_repainting_a_python_widget_keeps_references_to_none(qtbot: QtBot) -> None:
    widget = Painted()
    qtbot.addWidget(widget)
    widget.resize(120, 60)
    widget.show()
    qtbot.waitExposed(widget)
    before = sys.getrefcount(None)
    for _ in range(300):
        widget.repaint()
    lost = before - sys.getrefcount(None)
    assert lost < 100, f"{lost} references to None lost in 300 paints: this Qt binding will crash the program"
