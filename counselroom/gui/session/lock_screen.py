"""What shows while the session is locked: only who is locked out and a password field."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from counselroom.gui.widgets import error_label, password_field, primary_button, title_label


class LockScreen(QWidget):
    unlock_requested = Signal(str)  # the password
    switch_user_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("LockScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.who = QLabel()
        self.password = password_field("密码")
        self.error = error_label()
        self.unlock_button = primary_button("解锁")
        self.switch_button = QPushButton("切换账号")
        box = QWidget()
        box.setMaximumWidth(380)
        inner = QVBoxLayout(box)
        inner.addWidget(title_label("已锁定"))
        inner.addWidget(self.who)
        inner.addWidget(self.password)
        inner.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        inner.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.unlock_button.clicked.connect(self._unlock)
        self.password.returnPressed.connect(self._unlock)
        self.switch_button.clicked.connect(self.switch_user_requested)

    def prepare(self, who: str, note: str = "") -> None:
        self.who.setText(f"{who}，请输入密码解锁。{note}")
        self.password.clear()
        self.error.setText("")
        self.password.setFocus()

    def _unlock(self) -> None:
        password = self.password.text()
        self.password.clear()
        self.unlock_requested.emit(password)
