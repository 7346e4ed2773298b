"""A printer for the print path's GUI tests. Offscreen, like a PC with none set up, lists no printer,
and a QPrinter there cannot be begun: these stand in for one that is listed, picked and reachable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog

from counselroom.gui.printing import print_preview


def accepting_dialog(opened: list[str], options: list[tuple[object, bool]] | None = None) -> type[QObject]:
    """A print dialog accepted at once; the titles it was opened with go to `opened`, its options to `options`."""

    class AcceptingDialog(QObject):  # a QObject: the real one is deleted before its printer
        DialogCode = QDialog.DialogCode

        def __init__(self, *_args: object) -> None:
            super().__init__()

        def setWindowTitle(self, title: str) -> None:
            opened.append(title)

        def setOption(self, option: object, on: bool) -> None:
            if options is not None:
                options.append((option, on))

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Accepted

    return AcceptingDialog


def printer_picked(monkeypatch: pytest.MonkeyPatch, options: list[tuple[object, bool]] | None = None) -> list[str]:
    """A printer listed on this PC and picked in the print dialog; returns the dialog titles opened."""
    opened: list[str] = []
    monkeypatch.setattr(print_preview, "printers_available", lambda: True)
    monkeypatch.setattr(print_preview, "QPrintDialog", accepting_dialog(opened, options))
    return opened


def printer_reached(monkeypatch: pytest.MonkeyPatch) -> list[QPainter]:
    """Painting begins on the picked printer (a painter begun on an image stands in); returns those begun."""
    begun: list[QPainter] = []
    image = QImage(21, 30, QImage.Format.Format_RGB32)

    def begin(_printer: QPrinter) -> QPainter:
        painter = QPainter()
        assert painter.begin(image)
        begun.append(painter)
        return painter

    monkeypatch.setattr(print_preview, "begin_painting", begin)
    return begun
