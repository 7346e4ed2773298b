"""The status bar's 上次备份 and the daily automatic backup while the program is open and unlocked
(SECURITY.md 23; issue #14): half a minute after sign-in and then every half hour it asks the
backup service whether a backup is due (a folder set, 自动备份 on, the last good one a day old,
no failure in the last hour) and, if so, makes one through the worker into that folder."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from counselroom.domain.changes import ChangeKind
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.accounts.session import Changes
from counselroom.services.backup import backups
from counselroom.services.backup.backups import BackupStatus
from counselroom.system import clock

FIRST_CHECK_MS = 30_000
EVERY_MS = 30 * 60_000
STALE_DAYS = 7  # older than this, the label turns red


def backup_label_text(status: BackupStatus | None, now: datetime) -> tuple[str, bool]:
    """The status bar's words and whether they warn."""
    if status is None:
        return "上次备份：—", False
    if status.last_good_at is None:
        return "上次备份：尚无备份", True
    failed = status.last_failed_at is not None and status.last_failed_at > status.last_good_at
    at = status.last_good_at
    ahead = at > now + timedelta(minutes=10)
    text = f"上次备份：{at.month}月{at.day}日 {at:%H:%M}" + ("（最近一次失败）" if failed else "")
    if ahead:
        text += "（晚于现在，请检查电脑的日期和时间）"
    return text, failed or ahead or (now - status.last_good_at).days >= STALE_DAYS


class BackupSchedule(QObject):
    def __init__(self, runner: ServiceRunner, label: QLabel, window: QWidget, is_locked: object) -> None:
        super().__init__(window)
        self.runner, self.label, self.window = runner, label, window
        self._is_locked = is_locked
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        QTimer.singleShot(FIRST_CHECK_MS, self, self.tick)
        self.timer.start(EVERY_MS)
        runner.changed.connect(self._on_changed)
        self.show_status()

    def _on_changed(self, changes: Changes) -> None:
        if ChangeKind.BACKUPS in changes.kinds and self.runner.session.db.is_open:
            self.show_status()

    def show_status(self) -> BackupStatus | None:
        status = self.runner.call(backups.backup_status, parent=self.window)
        text, warn = backup_label_text(status, clock.now())
        self.label.setText(text)
        self.label.setObjectName("Warning" if warn else "")
        self.label.setStyleSheet("color: #c0392b;" if warn else "")
        if status is not None:
            where = status.last_good_path or (status.folder and f"备份文件夹：{status.folder}")
            self.label.setToolTip(where or "请管理员或心理中心负责人在“设置 → 备份”中选择备份文件夹")
        return status

    def tick(self) -> None:
        """A backup if one is due; never over a lock, a running job or a closed database."""
        locked = callable(self._is_locked) and self._is_locked()
        if locked or self.runner.busy or not self.runner.session.db.is_open:
            return
        status = self.show_status()
        if status is None or not status.due:
            return
        made = self.runner.run_in_worker(
            backups.make_backup, status.folder, scheduled=True, label="正在自动备份…", parent=self.window
        )
        if made is not None:
            self.runner.changed.emit(backups.made_changes(made))
        self.show_status()

    def stop(self) -> None:
        self.timer.stop()
