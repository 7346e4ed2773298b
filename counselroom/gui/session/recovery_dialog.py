"""Recovery: the printed key opens the school and gives one account a new password."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QVBoxLayout

from counselroom.domain.errors import CounselRoomError
from counselroom.gui.widgets import error_label, hint_label, password_field, primary_button, title_label
from counselroom.services.accounts import sign_in
from counselroom.services.accounts.session import KeyPolicy, Session
from counselroom.system import clock


class RecoveryDialog(QDialog):
    def __init__(self, db_path: Path, keys: KeyPolicy, *, username: str = "", parent=None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.db_path, self.keys = db_path, keys
        self.session: Session | None = None
        self.setWindowTitle("用恢复密钥解锁")
        self.setMinimumWidth(520)
        self.recovery_key = QLineEdit()
        self.recovery_key.setPlaceholderText("ABCD-EFGH-…（10 组，每组 4 个字符）")
        self.username = QLineEdit(username)
        self.new_password = password_field("至少 8 个字符")
        self.repeat = password_field("再输入一次")
        self.error = error_label()
        self.ok_button = primary_button("解锁并设置新密码")

        form = QFormLayout()
        form.addRow("恢复密钥", self.recovery_key)
        form.addRow("账号", self.username)
        form.addRow("新密码", self.new_password)
        form.addRow("确认新密码", self.repeat)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label("用恢复密钥解锁"))
        layout.addWidget(
            hint_label(
                "忘记密码或换了电脑时，用建校时打印的恢复密钥解锁，并为一个账号设置新密码。其他账号的密码由管理员重设。"
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.ok_button)
        self.ok_button.clicked.connect(self.try_recover)

    def try_recover(self) -> None:
        if self.new_password.text() != self.repeat.text():
            self.error.setText("两次输入的新密码不一致")
            return
        try:
            self.session = sign_in.recover_account(
                self.db_path,
                self.recovery_key.text(),
                self.username.text(),
                self.new_password.text(),
                now=clock.now(),
                keys=self.keys,
            )
        except CounselRoomError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
