"""设置 → 备份 (admin and lead): the folder or USB drive backups go to, whether the program backs up
by itself once a day while someone works, 立即备份, and what is there — the last good backup
(when, where, how big), the last failure, and this school's backups in the folder. Everything
runs through the worker with a progress window; nothing here reads a student's data."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.roles import Role
from counselroom.gui import window_geometry
from counselroom.gui.models import RowTableModel
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.tables import read_only_table
from counselroom.gui.text_format import long_date
from counselroom.gui.widgets import hint_label, primary_button
from counselroom.services.backup import backups
from counselroom.services.backup.backups import BackupListed, BackupMade, BackupStatus

CIPHERTEXT_NOTE = "\n心理档案文件原样复制（仍是加密的；本账号不能查看心理档案），恢复时会再做完整检查。"
FOLDER_KEY = "backup/folder"  # window.ini: where to look for backups when the database will not open
HINT = (
    "备份包含两个数据文件（仍是加密的）和恢复密钥槽，不含任何账号的密码槽：恢复时需要建校时打印的恢复密钥。"
    "每次备份都会重新打开检查，通过后才按“7 天、4 周、12 个月”删除较早的备份，最新一份完好的备份永远不会被删除。"
    "建议备份到 U 盘或另一块硬盘，并定期把 U 盘交给分管校领导保管。"
)


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(size, 1) / 1024:.0f} KB"


def moment(at: datetime) -> str:
    return f"{long_date(at.date())} {at:%H:%M}"


def status_lines(status: BackupStatus) -> str:
    good = "还没有完好的备份。"
    if status.last_good_at:
        size = size_text(status.last_good_size)
        good = f"上次完好的备份：{moment(status.last_good_at)}，{status.last_good_path}（{size}）"
    failed = ""
    if status.last_failed_at and (status.last_good_at is None or status.last_failed_at > status.last_good_at):
        failed = f"\n最近一次备份失败：{moment(status.last_failed_at)}，{status.last_failed_reason}"
    return good + failed


def role_label(value: str) -> str:
    """A manifest is read before any key: its role is a word to show, never trusted further."""
    try:
        return Role(value).label
    except ValueError:
        return "未知账号"


class BackupTableModel(RowTableModel[BackupListed]):
    columns = (
        ("备份时间", lambda b: f"{b.made:%Y-%m-%d %H:%M}"),
        ("由谁备份", lambda b: role_label(b.made_by_role)),
        ("大小", lambda b: size_text(b.size)),
        ("心理档案", lambda b: "原样复制（加密）" if b.care_as_ciphertext else "导出并逐项核对"),
        ("位置", lambda b: b.path.name),
    )


class BackupTab(QWidget):
    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.folder = QLineEdit()
        self.folder.setPlaceholderText("选择一个文件夹，如 U 盘上的“辅导室备份”")
        self.browse_button = QPushButton("选择…")
        self.automatic = QCheckBox("程序打开时每天自动备份一次")
        self.save_button = QPushButton("保存设置")
        self.backup_button = primary_button("立即备份")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = BackupTableModel()
        self.table = read_only_table(self.model)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow("备份文件夹", row)
        form.addRow("", self.automatic)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.backup_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(HINT))
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(QLabel("此文件夹中本校的备份（最新的在前）："))
        layout.addWidget(self.table, 1)
        self.browse_button.clicked.connect(self.choose_folder)
        self.save_button.clicked.connect(self.save)
        self.backup_button.clicked.connect(self.back_up_now)
        # Loaded by its page (refresh), once: loading here too read everything twice.

    def refresh(self) -> None:
        status = self.runner.call(backups.backup_status, parent=self)
        if status is None:
            return
        self.folder.setText(status.folder)
        self.automatic.setChecked(status.automatic)
        self.status.setText(status_lines(status))
        self.model.set_rows(self.runner.call(backups.list_backups, parent=self) or [])
        self.table.resizeColumnsToContents()

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "选择备份文件夹", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def save(self) -> bool:
        folder = self.folder.text().strip()
        done = self.runner.call(
            backups.set_backup_settings, folder=folder, automatic=self.automatic.isChecked(), parent=self
        )
        if done is None:
            return False
        remember_folder(folder)
        self.refresh()
        return True

    def back_up_now(self) -> None:
        status = self.runner.call(backups.backup_status, parent=self)
        if status is None:
            return
        if self.folder.text().strip() != status.folder and not self.save():
            return  # the folder typed is the one backed up to, and kept for next time
        if not self.folder.text().strip():
            QMessageBox.information(self, "备份", "请先选择备份文件夹。")
            return
        made = self.runner.run_in_worker(
            backups.make_backup, self.folder.text().strip(), label="正在备份并检查…", parent=self
        )
        if made is not None:
            self.runner.changed.emit(backups.made_changes(made))
            show_result(self, made)
        self.refresh()


def show_result(parent: QWidget, made: BackupMade) -> None:
    if made.good:
        how = CIPHERTEXT_NOTE if made.care_as_ciphertext else ""
        removed = f"\n按保留规则删除了 {len(made.removed)} 份较早的备份。" if made.removed else ""
        QMessageBox.information(
            parent, "备份完成", f"已备份并检查通过：\n{made.path}（{size_text(made.size)}）{how}{removed}"
        )
    else:
        QMessageBox.warning(
            parent,
            "备份未通过检查",
            f"这份备份未通过检查，已标记为失败：\n{made.path}\n\n{made.problems[0]}\n\n之前的备份都没有删除。"
            "请换一个 U 盘或文件夹再试。",
        )


def remember_folder(folder: str) -> None:
    window_geometry.settings().setValue(FOLDER_KEY, folder)


def remembered_folder() -> str:
    value = window_geometry.settings().value(FOLDER_KEY, "")
    return str(value or "")
