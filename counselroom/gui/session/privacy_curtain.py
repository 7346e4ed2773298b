"""The privacy screen: one key (F12) hides everything at once while a student sits nearby."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PrivacyCurtain(QWidget):
    """Covers its parent completely and follows its size."""

    dismissed = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("PrivacyCurtain")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
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

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.hide()
        self.dismissed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())
        return False
