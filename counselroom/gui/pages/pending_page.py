"""A page whose module a later issue builds: says what will be here and which issue fills it.
No sample data is shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from counselroom.gui.pages.base import Page
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.widgets import hint_label, title_label


class PendingPage(Page):
    def __init__(self, runner: ServiceRunner, title: str, issue: int, description: str, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.title = title
        self.issue = issue
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(title_label(title))
        self.message = hint_label(f"{description}\n\n此页面尚在建设中，将由开发任务 #{issue} 完成。")
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
