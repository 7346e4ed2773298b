"""Dialogs for accounts: add one, set a temporary password, change one's own password."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.roles import Role
from counselroom.gui.widgets import error_label, hint_label, password_field


class _FormDialog(QDialog):
    """A form with 确定/取消; `check()` returns an error text or '' when the form is valid."""

    def __init__(self, title: str, hint: str, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.form = QFormLayout()
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        layout = QVBoxLayout(self)
        if hint:
            layout.addWidget(hint_label(hint))
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)

    def check(self) -> str:
        return ""

    def show_error(self, text: str) -> None:
        self.error.setText(text)

    def _try_accept(self) -> None:
        problem = self.check()
        if problem:
            self.error.setText(problem)
            return
        self.accept()


class _NewPasswordFields:
    def __init__(self, form: QFormLayout, label: str = "密码"):
        self.password = password_field("至少 8 个字符")
        self.repeat = password_field("再输入一次")
        form.addRow(label, self.password)
        form.addRow("确认" + label, self.repeat)

    def mismatch(self) -> str:
        return "两次输入的密码不一致" if self.password.text() != self.repeat.text() else ""


class AddAccountDialog(_FormDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__("新建账号", "每位老师用自己的账号登录。初始密码由您告知本人，首次登录时需修改。", parent)
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText("例如：王老师")
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(role.label, role)
        self.form.addRow("用户名", self.username)
        self.form.addRow("姓名", self.display_name)
        self.form.addRow("角色", self.role)
        self.passwords = _NewPasswordFields(self.form, "初始密码")

    def check(self) -> str:
        return self.passwords.mismatch()

    def chosen_role(self) -> Role:
        return Role(self.role.currentData())


class ResetPasswordDialog(_FormDialog):
    def __init__(self, username: str, parent: QWidget | None = None):
        super().__init__(f"为 {username} 设置临时密码", "对方下次登录时需改成自己的密码。", parent)
        self.passwords = _NewPasswordFields(self.form, "临时密码")

    def check(self) -> str:
        return self.passwords.mismatch()


class ChangePasswordDialog(_FormDialog):
    def __init__(self, parent: QWidget | None = None, *, required: bool = False):
        hint = "管理员为您设置的是临时密码，请改成只有您知道的密码。" if required else ""
        super().__init__("修改密码", hint, parent)
        self.old_password = password_field()
        self.form.addRow("原密码", self.old_password)
        self.passwords = _NewPasswordFields(self.form, "新密码")

    def check(self) -> str:
        return self.passwords.mismatch()


# Public name for the other dialog modules that follow the same pattern (warning_dialogs).
FormDialog = _FormDialog
