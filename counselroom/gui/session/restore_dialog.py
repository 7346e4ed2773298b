"""从备份恢复 (SECURITY.md 24): the backup folder, the printed recovery key, and a new password for
one account — on a new PC, or when the database will not open. Offered by the sign-in window
(and made prominent when the data file is damaged) and by the first-run window.

1. 备份文件夹: this school's backups there, newest first and chosen.
2. 检查备份: the recovery key opens the backup's key slot; every copy is checked (worker).
3. 账号 and 新密码, then 恢复: the files are swapped in, the old ones kept aside, and the account
   is signed in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.errors import CounselRoomError
from counselroom.gui.settings.backup_tab import remember_folder, remembered_folder, role_label, size_text
from counselroom.gui.text_format import long_date
from counselroom.gui.widgets import error_label, hint_label, password_field, primary_button, title_label
from counselroom.gui.worker import Job, run_job
from counselroom.services.accounts.session import KeyPolicy, Session
from counselroom.services.backup import restore
from counselroom.services.backup.backup_folders import BackupInFolder, backups_in
from counselroom.services.backup.restore import CheckedBackup
from counselroom.system import clock

HINT = (
    "从备份恢复需要：备份文件夹（如 U 盘上的 counselroom-日期 文件夹）和建校时打印的恢复密钥。"
    "恢复后，原来的数据文件改名保留在同一文件夹中，不会删除。"
)
REPLACE = "用 {when} 的备份替换现在的数据吗？\n\n现在的文件会改名保留（….replaced-时间），不会删除。"


# The restored key file holds the recovery slot only (security-design §8): the others cannot sign in yet.
OTHERS_RESET = (
    "已从备份恢复。\n\n其他账号 {accounts} 暂时不能登录：请管理员在“设置 → 账号”为他们重设临时密码；"
    "心理教师和心理中心负责人登录后，还需由负责人重新确认其心理档案访问权限。"
)


class RestoreDialog(QDialog):
    def __init__(self, db_path: Path, keys: KeyPolicy, *, damaged: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path, self.keys = db_path, keys
        self.session: Session | None = None
        self.checked: CheckedBackup | None = None
        self.setWindowTitle("从备份恢复 — 心理辅导室工作台")
        self.setMinimumWidth(620)
        self.folder = QLineEdit(remembered_folder())
        self.browse_button = QPushButton("选择…")
        self.backup_list = QListWidget()
        self.backup_list.setMaximumHeight(120)
        self.recovery_key = QLineEdit()
        self.recovery_key.setPlaceholderText("ABCD-EFGH-…（10 组，每组 4 个字符）")
        self.check_button = QPushButton("检查备份")
        self.account = QComboBox()
        self.new_password = password_field("至少 8 个字符")
        self.repeat = password_field("再输入一次")
        self.error = error_label()
        self.restore_button = primary_button("恢复")
        self._lay_out(damaged)
        self.browse_button.clicked.connect(self.choose_folder)
        self.folder.editingFinished.connect(self.list_backups)
        self.backup_list.currentRowChanged.connect(lambda _row: self._forget_check())
        self.recovery_key.textEdited.connect(lambda _text: self._forget_check())
        self.check_button.clicked.connect(self.check)
        self.restore_button.clicked.connect(self.restore)
        self.list_backups()
        self._forget_check()

    def _lay_out(self, damaged: str) -> None:
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse_button)
        key_row = QHBoxLayout()
        key_row.addWidget(self.recovery_key, 1)
        key_row.addWidget(self.check_button)
        form = QFormLayout()
        form.addRow("备份文件夹", row)
        form.addRow("选择备份", self.backup_list)
        form.addRow("恢复密钥", key_row)
        form.addRow("为账号", self.account)
        form.addRow("设置新密码", self.new_password)
        form.addRow("确认新密码", self.repeat)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label("从备份恢复"))
        if damaged:
            layout.addWidget(error_label_with(damaged))
        layout.addWidget(hint_label(HINT))
        layout.addLayout(form)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        layout.addLayout(buttons)

    # -- step 1: which backup ------------------------------------------------------------
    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "选择备份所在的文件夹", self.folder.text())
        if chosen:
            self.folder.setText(chosen)
            self.list_backups()

    def list_backups(self) -> None:
        """Good backups in the folder, or the folder itself when it is one backup."""
        self.backup_list.clear()
        text = self.folder.text().strip()
        if not text:
            return
        folder = Path(text)
        found = backups_in(folder) or backups_in(folder.parent)
        if not found and text:
            self.error.setText(f"在“{folder}”中没有找到完好的备份（counselroom-日期 文件夹）。")
            return
        self.error.setText("")
        for backup in found:
            item = QListWidgetItem(describe(backup))
            item.setData(256, backup)
            self.backup_list.addItem(item)
        self.backup_list.setCurrentRow(0)

    @property
    def chosen(self) -> BackupInFolder | None:
        item = self.backup_list.currentItem()
        found = item.data(256) if item is not None else None
        return found if isinstance(found, BackupInFolder) else None

    # -- step 2: check it with the recovery key ----------------------------------------
    def check(self) -> bool:
        backup = self.chosen
        if backup is None:
            self.error.setText("请先选择一份备份。")
            return False
        outcome = self._run(lambda: restore.check_backup(backup.path, self.recovery_key.text()), "正在检查备份…")
        if not isinstance(outcome, CheckedBackup):
            return False
        self.checked = outcome
        self.account.clear()
        for account in outcome.accounts:
            self.account.addItem(
                f"{account.display_name}（{account.username}，{account.role.label}）", account.username
            )
        self.account.setEnabled(True)
        self.error.setText("")
        self.error.setStyleSheet("")
        return True

    def _forget_check(self) -> None:
        self.checked = None
        self.account.clear()
        self.account.addItem("（先检查备份）")
        self.account.setEnabled(False)

    # -- step 3: restore ------------------------------------------------------------------
    def restore(self) -> None:
        if self.checked is None and not self.check():
            return
        assert self.checked is not None
        if self.new_password.text() != self.repeat.text():
            self.error.setText("两次输入的新密码不一致")
            return
        when = f"{long_date(self.checked.made.date())} {self.checked.made:%H:%M}"
        if self.db_path.exists():
            answer = QMessageBox.question(self, "从备份恢复", REPLACE.format(when=when))
            if answer != QMessageBox.StandardButton.Yes:
                return
        checked, username = self.checked, str(self.account.currentData() or "")
        session = self._run(
            lambda: restore.restore_backup(
                checked.folder,
                self.db_path,
                self.recovery_key.text(),
                username,
                self.new_password.text(),
                now=clock.now(),
                keys=self.keys,
            ),
            "正在恢复…",
        )
        if isinstance(session, Session):
            remember_folder(str(checked.folder.parent))
            self.session = session
            others = [f"{a.display_name}（{a.username}）" for a in checked.accounts if a.username != username]
            if others:
                QMessageBox.information(self, "从备份恢复", OTHERS_RESET.format(accounts="、".join(others)))
            self.accept()

    def _run(self, work: Any, label: str) -> object:
        outcome = run_job(Job(lambda _progress: work()), label=label, parent=self)
        if isinstance(outcome.error, CounselRoomError):
            self.error.setText(str(outcome.error))
            return None
        if outcome.error is not None:
            raise outcome.error
        return outcome.result


def describe(backup: BackupInFolder) -> str:
    made = backup.made
    role = role_label(backup.made_by_role)
    return f"{long_date(made.date())} {made:%H:%M}　{role}备份　{size_text(backup.size)}　{backup.path.name}"


def error_label_with(text: str) -> QWidget:
    label = error_label()
    label.setText(text)
    return label
