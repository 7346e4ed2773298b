"""预警: proposals waiting for a decision, the 红/橙/黄 list with each entry's history, the
成长导师 coverage of the key groups and 心理委员 reports. A principal sees counts only (SPEC §1):
预警人数, and 危机事件 — each incident's status and timings (incident_status_tab.py).

Each tab is a small widget with refresh() and clear() (warning_list_tab.py, warning_tabs.py);
the page holds the primary action."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from counselroom.domain.changes import ChangeKind
from counselroom.domain.roles import Actor, Permission
from counselroom.gui.care.warning_dialogs import AddWarningDialog
from counselroom.gui.lazy_tab import LazyTab
from counselroom.gui.pages.base import Page
from counselroom.gui.pages.incident_status_tab import IncidentStatusTab
from counselroom.gui.pages.registry import sees_warnings
from counselroom.gui.pages.warning_list_tab import EMPTY_LIST, ListTab
from counselroom.gui.pages.warning_tabs import CountsView, CoverageTab, ReportsTab, today
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.widgets import primary_button, title_label
from counselroom.services.care import warning_list
from counselroom.services.students import student_records as students
from counselroom.services.students.student_records import StudentListItem

__all__ = ["EMPTY_LIST", "CountsView", "CoverageTab", "ListTab", "ReportsTab", "WarningsPage"]


class WarningsPage(Page):
    title = "预警"
    refresh_on = frozenset({ChangeKind.WARNINGS, ChangeKind.MENTORS, ChangeKind.STUDENTS, ChangeKind.INCIDENTS})

    @classmethod
    def visible_to(cls, actor: Actor) -> bool:
        return sees_warnings(actor)  # the sidebar asks the registry, without importing this page

    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.full = runner.actor.can(Permission.VIEW_WARNINGS)
        self.header = QHBoxLayout()
        self.header.addWidget(title_label("预警"))
        self.header.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(self.header)
        if self.full:
            layout.addWidget(self._build_tabs(), 1)
        else:
            layout.addWidget(self._build_count_tabs(), 1)
        self.refresh()

    def _build_tabs(self) -> QTabWidget:
        self.add_button = primary_button("列入预警")
        self.add_button.setToolTip("Ctrl+N")
        if self.runner.actor.can(Permission.EXPORT_NAMED_LISTS):  # a named export (SECURITY.md 12)
            self.class_list_button = QPushButton("给班主任的名单…")
            self.class_list_button.setToolTip("导出某班在预警名单上的学生，交班主任日常关注（需写明用途，带水印）")
            self.class_list_button.clicked.connect(self.export_class_list)
            self.header.addWidget(self.class_list_button)
        self.header.addWidget(self.add_button)
        self.list_tab = ListTab(self.runner)
        # 导师覆盖 reads the whole school's key groups: built when first opened, not with the page.
        self.coverage_holder: LazyTab[CoverageTab] = LazyTab(self._coverage)
        self.reports_tab = ReportsTab(self.runner)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.list_tab, "预警名单")
        self.coverage_holder.attach(self.tabs, "导师覆盖")
        self.tabs.addTab(self.reports_tab, "心理委员报告")
        self.add_button.clicked.connect(self.add_warning)
        # Ctrl+N creates in the current page (UX.md) — only while this page holds the focus.
        self.new_action = QAction("列入预警", self)
        self.new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_action.triggered.connect(self.add_warning)
        self.addAction(self.new_action)
        return self.tabs

    def _build_count_tabs(self) -> QTabWidget:
        self.counts = CountsView(self.runner)
        self.incident_tab = IncidentStatusTab(self.runner)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.counts, "预警人数")
        self.tabs.addTab(self.incident_tab, "危机事件")
        return self.tabs

    def _coverage(self) -> CoverageTab:
        tab = CoverageTab(self.runner)
        tab.refresh()
        return tab

    @property
    def coverage_tab(self) -> CoverageTab:
        """The 导师覆盖 tab, built (and loaded) now if nobody has opened it yet."""
        return self.coverage_holder.built()

    def export_class_list(self) -> None:
        # The export (openpyxl, the watermark) loads at the first export, not with the page.
        from counselroom.gui.exports.class_list_export import export_class_list

        export_class_list(self, self.runner)

    def refresh(self) -> None:
        for part in self._parts():
            part.refresh()

    def clear_for_lock(self) -> None:
        for part in self._parts():
            part.clear()

    def _parts(self) -> tuple[ListTab | LazyTab[CoverageTab] | ReportsTab | CountsView | IncidentStatusTab, ...]:
        if self.full:
            return (self.list_tab, self.coverage_holder, self.reports_tab)
        return (self.counts, self.incident_tab)

    def add_warning(self) -> None:
        dialog = AddWarningDialog(lambda text: self._search(text, dialog), today(), self)
        student = None
        while student is None and dialog.exec():
            chosen = dialog.chosen_student()
            assert chosen is not None  # check() keeps the dialog open without one
            if (
                self.runner.call(warning_list.add_to_warning_list, chosen.id, parent=dialog, **dialog.values())
                is not None
            ):
                student = chosen
        if student is not None:
            self.tabs.setCurrentWidget(self.list_tab)
            self.list_tab.select_student(student.id)

    def _search(self, text: str, parent: QWidget) -> list[StudentListItem]:
        return self.runner.call(students.search_students, text, parent=parent) or []
