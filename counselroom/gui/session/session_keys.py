"""F12 (privacy screen) and Ctrl+L (lock) from every window of the program, dialogs included.

The main window's actions carry these shortcuts, but Qt does not fire a window's shortcut while a
modal dialog blocks that window — a student's file, a message box. So the keys are also caught on
their way to any widget, by a filter on the whole application (issue #8 item 13).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent

_NO_MODIFIERS = Qt.KeyboardModifier.NoModifier
_CTRL = Qt.KeyboardModifier.ControlModifier


class SessionKeys(QObject):
    privacy = Signal()
    lock = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent) or event.isAutoRepeat():
            return False
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() == Qt.Key.Key_F12 and modifiers == _NO_MODIFIERS:
            self.privacy.emit()
            return True
        if event.key() == Qt.Key.Key_L and modifiers == _CTRL:
            self.lock.emit()
            return True
        return False
