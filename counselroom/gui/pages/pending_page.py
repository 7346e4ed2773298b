"""A module this version does not have yet: tells the user what it will do for them. No sample
data is shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from counselroom.gui.pages.base import Page
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.widgets import hint_label, title_label

NOT_YET = "这部分功能还没有开放，将在以后的版本中提供。"


class PendingPage(Page):
    def __init__(self, runner: ServiceRunner, title: str, description: str, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.title = title
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(title_label(title))
        self.message = hint_label(f"{description}\n\n{NOT_YET}")
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
