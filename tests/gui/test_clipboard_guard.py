"""SECURITY.md 16: copied text is cleared after a timeout, unless something newer replaced it."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from counselroom.gui.session.clipboard_guard import ClipboardGuard


def test_copied_text_is_cleared_after_the_timeout(qtbot: QtBot) -> None:
    guard = ClipboardGuard(clear_after_ms=50)
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("张晓明 初一(1)班 谈话记录")
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=2000)
    guard.stop()


def test_after_the_program_stops_the_clipboard_is_left_alone(qtbot: QtBot) -> None:
    guard = ClipboardGuard(clear_after_ms=200)
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("学生姓名")
    guard.stop()  # the program is gone; what the teacher copies elsewhere is theirs
    clipboard.setText("别的程序里复制的文字")
    qtbot.wait(300)
    assert clipboard.text() == "别的程序里复制的文字"
