"""Sign-in: user name and password; a wrong password is said next to the field.

The first window a teacher sees, so it loads light: the sign-in service (key derivation,
SQLCipher) and the recovery dialog are imported when first used, and the key policy may be
given as a function that probes the keyring once the window is on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from counselroom.domain.errors import CounselRoomError, DatabaseDamaged
from counselroom.gui.widgets import error_label, hint_label, password_field, primary_button, title_label
from counselroom.system import clock

if TYPE_CHECKING:
    from counselroom.services.accounts.session import KeyPolicy, Session


class LoginDialog(QDialog):
    def __init__(
        self,
        db_path: Path,
        keys: KeyPolicy | Callable[[], KeyPolicy],
        *,
        school_hint: str = "",
        username: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.db_path = db_path
        self._keys = keys
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
        self.restore_button = QPushButton("从备份恢复…")
        self.restore_button.setFlat(True)

        form = QFormLayout()
        form.addRow("用户名", self.username)
        form.addRow("密码", self.password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.recover_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.login_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label("心理辅导室工作台"))
        self.hint = hint_label(school_hint)
        self.hint.setVisible(bool(school_hint))
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        self.login_button.clicked.connect(self.try_sign_in)
        self.recover_button.clicked.connect(self.open_recovery)
        self.restore_button.clicked.connect(lambda: self.open_restore())
        self.damaged = ""  # what opening the data said, shown again in the restore window
        (self.password if username else self.username).setFocus()

    @property
    def keys(self) -> KeyPolicy:
        """The key policy; a function given instead is asked once, on first use."""
        if callable(self._keys):
            self._keys = self._keys()
        return self._keys

    def add_hint(self, text: str) -> None:
        if text:
            self.hint.setText("\n".join(t for t in (self.hint.text(), text) if t))
            self.hint.setVisible(True)
            if self.isVisible():  # a shown window does not grow by itself for a wrapped label's new lines
                self.adjustSize()

    def try_sign_in(self) -> None:
        from counselroom.services.accounts import sign_in

        self.error.setText("")
        try:
            self.session = sign_in.sign_in(
                self.db_path, self.username.text(), self.password.text(), now=clock.now(), keys=self.keys
            )
        except DatabaseDamaged as exc:
            # The data will not open: the newest good backup is the way back (issue #14).
            self.damaged = str(exc)
            self.error.setText(f"{exc}")
            self.restore_button.setFlat(False)
            self.restore_button.setDefault(True)
            return
        except CounselRoomError as exc:
            self.error.setText(str(exc))
            self.password.selectAll()
            self.password.setFocus()
            return
        self.password.clear()
        self.accept()

    def open_restore(self) -> None:
        from counselroom.gui.session.restore_dialog import RestoreDialog

        dialog = RestoreDialog(self.db_path, self.keys, damaged=self.damaged, parent=self)
        if dialog.exec() and dialog.session is not None:
            self.session = dialog.session
            self.accept()

    def open_recovery(self) -> None:
        from counselroom.gui.session.recovery_dialog import RecoveryDialog

        dialog = RecoveryDialog(self.db_path, self.keys, username=self.username.text(), parent=self)
        if dialog.exec() and dialog.session is not None:
            self.session = dialog.session
            self.accept()
