"""报表: what the principal opens the program for — the 学期自查报告 (S004 §三) with this term's
达标/未达标 at a glance, the 活动记录表 (S000) for a month, a term or (with the care key) any dates,
统计 charts, and 导出: the de-identified statistics for the district (reports/export_tab.py).
Everything here is counts; nothing names a student (the services see to that, below this page)."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from counselroom.domain.changes import ChangeKind
from counselroom.gui.pages.base import Page
from counselroom.gui.reports.activity_table_tab import ActivityTableTab
from counselroom.gui.reports.export_tab import ExportTab
from counselroom.gui.reports.self_inspection_tab import SelfInspectionTab
from counselroom.gui.reports.statistics_tab import StatisticsTab
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.widgets import title_label

SELF_INSPECTION, ACTIVITY_TABLE, STATISTICS, EXPORT = "学期自查报告", "活动记录表", "统计", "导出"


class ReportsPage(Page):
    title = "报表"
    # Everything the reports count or judge by: a change to any of it leaves what is shown out of date.
    refresh_on = frozenset(
        {
            ChangeKind.ACCOUNTS,  # staffing: counselors and their training
            ChangeKind.ACTIVITIES,
            ChangeKind.APPOINTMENTS,
            ChangeKind.CASES,
            ChangeKind.CLASSES,
            ChangeKind.INCIDENTS,
            ChangeKind.REFERRALS,
            ChangeKind.REPORTS,
            ChangeKind.ROOMS,
            ChangeKind.SCREENING,
            ChangeKind.SETTINGS,  # terms and the 政策依据 decide what the report judges
            ChangeKind.STUDENTS,
            ChangeKind.WARNINGS,
        }
    )

    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.self_inspection = SelfInspectionTab(runner)
        self.activity_table = ActivityTableTab(runner)
        self.statistics = StatisticsTab(runner)
        self.export_tab = ExportTab(runner)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.self_inspection, SELF_INSPECTION)
        self.tabs.addTab(self.activity_table, ACTIVITY_TABLE)
        self.tabs.addTab(self.statistics, STATISTICS)
        self.tabs.addTab(self.export_tab, EXPORT)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label("报表"))
        layout.addWidget(self.tabs, 1)
        self.stale: set[QWidget] = set()  # tabs built before the data last changed
        self.tabs.currentChanged.connect(lambda _i: self._show_current())
        self.self_inspection.load_terms()
        self.activity_table.load_terms()
        self.export_tab.load_terms()
        self._show_current()

    def refresh(self) -> None:
        """The data changed: every tab is out of date. Only the one in view is built again now (a
        change made on another page does not start a report nobody is looking at); the rest
        wait until they are opened. Notes being typed survive the rebuild."""
        self.self_inspection.load_terms()
        self.activity_table.load_terms()
        self.export_tab.load_terms()
        self.self_inspection.keep_unsaved_notes()
        self.stale = {self.self_inspection, self.activity_table, self.statistics}
        if self.isVisible():
            self._show_current()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._show_current()

    def _show_current(self) -> None:
        """Build what the chosen tab shows if it is new or out of date; the others wait."""
        current = self.tabs.currentWidget()
        tabs = (
            (self.self_inspection, self.self_inspection.report is not None, self.self_inspection.build),
            (self.activity_table, self.activity_table.table_data is not None, self.activity_table.build),
            (self.statistics, self.statistics.drawn, self.statistics.build),
        )
        for tab, built, build in tabs:
            if tab is current and (tab in self.stale or not built):
                self.stale.discard(tab)
                build()

    def clear_for_lock(self) -> None:
        self.self_inspection.clear()
        self.activity_table.clear()
        self.statistics.clear()
        self.export_tab.clear()

    def collect_drafts(self) -> dict[str, str]:
        tab = self.self_inspection
        if tab.notes_unsaved():
            return {"notes": tab.notes.toPlainText()}
        return {"notes": tab.kept_notes} if tab.kept_notes is not None else {}

    def restore_drafts(self, drafts: dict[str, str]) -> None:
        if "notes" in drafts:
            self.self_inspection.keep_notes(drafts["notes"])
