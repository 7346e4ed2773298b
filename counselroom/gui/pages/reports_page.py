"""报表: what the principal opens the program for — the 学期自查报告 (S004 §三) with this term's
达标/未达标 at a glance, the 活动记录表 (S000) for a month, a term or (with the care key) any dates,
and 统计 charts. Everything here is counts; nothing names a student (the services see to that,
below this page)."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from counselroom.domain.changes import ChangeKind
from counselroom.gui.pages.base import Page
from counselroom.gui.reports.activity_table_tab import ActivityTableTab
from counselroom.gui.reports.self_inspection_tab import SelfInspectionTab
from counselroom.gui.reports.statistics_tab import StatisticsTab
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.widgets import title_label

SELF_INSPECTION, ACTIVITY_TABLE, STATISTICS = "学期自查报告", "活动记录表", "统计"


class ReportsPage(Page):
    title = "报表"
    refresh_on = frozenset({ChangeKind.SETTINGS})  # terms and the 政策依据 decide what the report judges

    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.self_inspection = SelfInspectionTab(runner)
        self.activity_table = ActivityTableTab(runner)
        self.statistics = StatisticsTab(runner)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.self_inspection, SELF_INSPECTION)
        self.tabs.addTab(self.activity_table, ACTIVITY_TABLE)
        self.tabs.addTab(self.statistics, STATISTICS)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label("报表"))
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(lambda _i: self._show_current())
        self.refresh()

    def refresh(self) -> None:
        self.self_inspection.load_terms()
        self.activity_table.load_terms()
        self._show_current()

    def _show_current(self) -> None:
        """Build what the chosen tab shows; the others wait until they are opened."""
        current = self.tabs.currentWidget()
        if current is self.self_inspection and self.self_inspection.report is None:
            self.self_inspection.build()
        elif current is self.activity_table and self.activity_table.table_data is None:
            self.activity_table.build()
        elif current is self.statistics and not self.statistics.drawn:
            self.statistics.build()

    def clear_for_lock(self) -> None:
        self.self_inspection.clear()
        self.activity_table.clear()
        self.statistics.clear()

    def collect_drafts(self) -> dict[str, str]:
        tab = self.self_inspection
        return {"notes": tab.notes.toPlainText()} if tab.notes_unsaved() else {}

    def restore_drafts(self, drafts: dict[str, str]) -> None:
        if "notes" in drafts:
            self.self_inspection.keep_notes(drafts["notes"])
