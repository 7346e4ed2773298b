"""A bulk-entry dialog asks before it throws away what the teacher entered: Esc, 取消 and the
window's close button all ask “放弃…吗？” once something is ticked or typed; with nothing entered they
close at once. A lock closes the dialog through reject() without asking — the lock must not wait on
a question, and the dialog's content must not outlive it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

QUESTION = "已填写的内容还没有保存。关闭后这些内容不会保留，确定放弃吗？"


def confirm_discard(parent: QWidget) -> bool:
    return QMessageBox.question(parent, "放弃录入", QUESTION) == QMessageBox.StandardButton.Yes


class AsksBeforeDiscarding(QDialog):
    """Subclasses say whether anything was entered (`has_entry`) and connect 取消 to `cancel`."""

    def has_entry(self) -> bool:
        return False

    def cancel(self) -> None:
        if not self.has_entry() or confirm_discard(self):
            self.reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if event.spontaneous() and self.has_entry() and not confirm_discard(self):
            event.ignore()
            return
        super().closeEvent(event)
