"""Sign-in: user name and password; a wrong password is said next to the field."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout

from counselroom.domain.errors import CounselRoomError, DatabaseDamaged
from counselroom.gui.session.recovery_dialog import RecoveryDialog
from counselroom.gui.widgets import error_label, hint_label, password_field, primary_button, title_label
from counselroom.services.accounts import sign_in
from counselroom.services.accounts.session import KeyPolicy, Session
from counselroom.system import clock


class LoginDialog(QDialog):
    def __init__(self, db_path: Path, keys: KeyPolicy, *, school_hint: str = "", username: str = "", parent=None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.db_path, self.keys = db_path, keys
        self.session: Session | None = None
        self.setWindowTitle("登录 — 心理辅导室工作台")
        self.setMinimumWidth(420)

        self.username = QLineEdit(username)
        self.username.setPlaceholderText("用户名")
        self.password = password_field("密码")
        self.error = error_label()
        self.login_button = primary_button("登录")
        self.recover_button = QPushButton("忘记密码？用恢复密钥")
        self.recover_button.setFlat(True)

        form = QFormLayout()
        form.addRow("用户名", self.username)
        form.addRow("密码", self.password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.recover_button)
        buttons.addStretch(1)
        buttons.addWidget(self.login_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label("心理辅导室工作台"))
        if school_hint:
            layout.addWidget(hint_label(school_hint))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        self.login_button.clicked.connect(self.try_sign_in)
        self.recover_button.clicked.connect(self.open_recovery)
        (self.password if username else self.username).setFocus()

    def try_sign_in(self) -> None:
        self.error.setText("")
        try:
            self.session = sign_in.sign_in(
                self.db_path, self.username.text(), self.password.text(), now=clock.now(), keys=self.keys
            )
        except DatabaseDamaged as exc:
            self.error.setText(f"{exc}")
            return
        except CounselRoomError as exc:
            self.error.setText(str(exc))
            self.password.selectAll()
            self.password.setFocus()
            return
        self.password.clear()
        self.accept()

    def open_recovery(self) -> None:
        dialog = RecoveryDialog(self.db_path, self.keys, username=self.username.text(), parent=self)
        if dialog.exec() and dialog.session is not None:
            self.session = dialog.session
            self.accept()
