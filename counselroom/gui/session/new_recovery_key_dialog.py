"""After the upgrade to two stores: the new recovery key, shown once to be printed (the old one
no longer opens the key file)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from counselroom.gui.session.recovery_sheet import key_lines, print_recovery_sheet
from counselroom.gui.widgets import hint_label, title_label
from counselroom.system import clock


class NewRecoveryKeyDialog(QDialog):
    def __init__(self, school_name: str, recovery_key: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("新的恢复密钥")
        self.school_name, self.recovery_key = school_name, recovery_key
        self.key_label = QLabel("\n".join(key_lines(recovery_key)))
        self.key_label.setObjectName("RecoveryKey")
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.print_button = QPushButton("打印恢复密钥…")
        self.confirm = QCheckBox("我已抄写或打印新的恢复密钥，并会妥善保管（不拍照、不存电脑）")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label("心理档案已单独加密"))
        layout.addWidget(
            hint_label(
                "心理档案已移入单独加密的关爱数据文件，校领导和管理员账号从此不能打开。"
                "恢复密钥也已更换：旧的恢复密钥不再有效，请打印下面的新恢复密钥，交分管校领导封存。"
                "只显示这一次。"
            )
        )
        layout.addWidget(self.key_label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.confirm)
        layout.addWidget(self.buttons)
        self.print_button.clicked.connect(self._print)
        self.confirm.toggled.connect(self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled)
        self.buttons.accepted.connect(self.accept)

    def reject(self) -> None:  # Esc or the close box: the key must not be lost unseen
        if self.confirm.isChecked():
            super().reject()

    def _print(self) -> None:
        print_recovery_sheet(self, self.school_name, self.recovery_key, clock.now().strftime("%Y年%m月%d日"))
