"""报表: what the principal opens the program for — the 学期自查报告 (S004 §三) with this term's
达标/未达标 at a glance, the 活动记录表 (S000) for a month, a term or (with the care key) any dates,
统计 charts, and 导出: the de-identified statistics for the district (reports/export_tab.py).
Everything here is counts; nothing names a student (the services see to that, below this page)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from counselroom.domain.changes import ChangeKind
from counselroom.gui.lazy_tab import LazyTab
from counselroom.gui.pages.base import Page
from counselroom.gui.reports.self_inspection_tab import SelfInspectionTab
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.widgets import title_label

if TYPE_CHECKING:  # imported when their tab is first opened (their services with them)
    from counselroom.gui.reports.activity_table_tab import ActivityTableTab
    from counselroom.gui.reports.export_tab import ExportTab
    from counselroom.gui.reports.statistics_tab import StatisticsTab

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
        # 学期自查报告 is what the page opens on; the other tabs, their modules and their services are
        # built and imported when first opened (or reached through their attribute, e.g. `page.statistics`):
        # with the page they cost a third of its first visit on the 5,000-student demo.
        self.self_inspection = SelfInspectionTab(runner)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.self_inspection, SELF_INSPECTION)
        self.holders: dict[str, LazyTab[QWidget]] = {}
        self._lazy(ACTIVITY_TABLE, self._activity_table)
        self._lazy(STATISTICS, self._statistics)
        self._lazy(EXPORT, self._export_tab)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label("报表"))
        layout.addWidget(self.tabs, 1)
        self.stale: set[QWidget] = set()  # tabs built before the data last changed
        self.tabs.currentChanged.connect(lambda _i: self._show_current())
        self.self_inspection.load_terms()
        self._show_current()

    # -- tabs built when first opened ----------------------------------------------------
    def _lazy(self, title: str, build: Callable[[], QWidget]) -> None:
        holder: LazyTab[QWidget] = LazyTab(build)
        holder.attach(self.tabs, title)
        self.holders[title] = holder

    def _activity_table(self) -> ActivityTableTab:
        from counselroom.gui.reports.activity_table_tab import ActivityTableTab

        tab = ActivityTableTab(self.runner)
        tab.load_terms()
        return tab

    def _statistics(self) -> StatisticsTab:
        from counselroom.gui.reports.statistics_tab import StatisticsTab

        return StatisticsTab(self.runner)

    def _export_tab(self) -> ExportTab:
        from counselroom.gui.reports.export_tab import ExportTab

        tab = ExportTab(self.runner)
        tab.load_terms()
        return tab

    def _built(self, title: str) -> Any:
        """The tab titled `title` if it was built, else None (it will load when built)."""
        return self.holders[title].content

    @property
    def activity_table(self) -> ActivityTableTab:
        """The 活动记录表 tab, built now if nobody has opened it yet (its table is made when shown)."""
        return cast("ActivityTableTab", self.holders[ACTIVITY_TABLE].built())

    @property
    def statistics(self) -> StatisticsTab:
        return cast("StatisticsTab", self.holders[STATISTICS].built())

    @property
    def export_tab(self) -> ExportTab:
        return cast("ExportTab", self.holders[EXPORT].built())

    # -- data ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """The data changed: every tab is out of date. Only the one in view is built again now (a
        change made on another page does not start a report nobody is looking at); the rest
        wait until they are opened. Notes being typed survive the rebuild."""
        activity_table, export_tab = self._built(ACTIVITY_TABLE), self._built(EXPORT)
        self.self_inspection.load_terms()
        for tab in (activity_table, export_tab):
            if tab is not None:  # a tab not built yet reads the terms when it is
                tab.load_terms()
        self.self_inspection.keep_unsaved_notes()
        built = (self.self_inspection, activity_table, self._built(STATISTICS))
        self.stale = {tab for tab in built if tab is not None}
        if self.isVisible():
            self._show_current()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._show_current()

    def _show_current(self) -> None:
        """Build what the chosen tab shows if it is new or out of date; the others wait."""
        current = self.tabs.currentWidget()
        if isinstance(current, LazyTab):  # chosen and not built yet (whichever slot runs first)
            current = current.built()
        activity_table, statistics = self._built(ACTIVITY_TABLE), self._built(STATISTICS)
        tabs = [(self.self_inspection, self.self_inspection.report is not None, self.self_inspection.build)]
        if activity_table is not None:
            tabs.append((activity_table, activity_table.table_data is not None, activity_table.build))
        if statistics is not None:
            tabs.append((statistics, statistics.drawn, statistics.build))
        for tab, built, build in tabs:
            if tab is current and (tab in self.stale or not built):
                self.stale.discard(tab)
                build()

    def clear_for_lock(self) -> None:
        self.self_inspection.clear()
        for holder in self.holders.values():  # the tabs built so far: the others hold nothing
            holder.clear()

    def collect_drafts(self) -> dict[str, str]:
        tab = self.self_inspection
        if tab.notes_unsaved():
            return {"notes": tab.notes.toPlainText()}
        return {"notes": tab.kept_notes} if tab.kept_notes is not None else {}

    def restore_drafts(self, drafts: dict[str, str]) -> None:
        if "notes" in drafts:
            self.self_inspection.keep_notes(drafts["notes"])
