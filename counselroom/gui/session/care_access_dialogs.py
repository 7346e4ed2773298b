"""确认心理档案访问: the lead seals the care key to a colleague's account after reading the key
fingerprint out to them; the first lead is confirmed with the printed recovery key."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QMessageBox, QWidget

from counselroom.gui.session.account_dialogs import FormDialog
from counselroom.services.accounts.accounts import Account


class RecoveryKeyConfirmDialog(FormDialog):
    def __init__(self, account: Account, parent: QWidget | None = None):
        super().__init__(
            f"用恢复密钥确认 {account.display_name}",
            "恢复密钥是建校时打印的那张（10 组，每组 4 个字符）。它能打开全部数据，用后请放回保险柜。"
            f"\n请先与对方当面核对密钥指纹：{account.fingerprint or '（对方尚未修改临时密码）'}",
            parent,
        )
        self.recovery_key = QLineEdit()
        self.recovery_key.setPlaceholderText("ABCD-EFGH-…")
        self.form.addRow("恢复密钥", self.recovery_key)

    def check(self) -> str:
        return "" if self.recovery_key.text().strip() else "请输入恢复密钥"


def ask_to_confirm(parent: QWidget, account: Account) -> bool:
    """The fingerprint is read out in person: a key swapped in the key file shows another one."""
    answer = QMessageBox.question(
        parent,
        "确认心理档案访问权限",
        f"确认后，{account.display_name}（{account.username}）可以阅读和记录心理档案。\n\n"
        f"请让对方在“设置 → 我的账号”中念出密钥指纹，与下面的一致后再确认：\n\n{account.fingerprint}",
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_to_revoke(parent: QWidget, account: Account) -> bool:
    answer = QMessageBox.question(
        parent,
        "撤销心理档案访问权限",
        f"撤销后，{account.display_name} 登录后只能使用学校信息，不能再打开心理档案。确定撤销吗？",
    )
    return answer == QMessageBox.StandardButton.Yes
