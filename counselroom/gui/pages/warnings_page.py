"""预警: proposals waiting for a decision, the 红/橙/黄 list with each entry's history, the
成长导师 coverage of the key groups and 心理委员 reports. A principal sees counts only (SPEC §1).

Each tab is a small widget with refresh() and clear(); the page holds the primary action."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.key_groups import KEY_GROUPS
from counselroom.domain.roles import Actor, Permission, Role
from counselroom.domain.warnings import WarningLevel
from counselroom.gui.account_dialogs import FormDialog
from counselroom.gui.models import RowTableModel
from counselroom.gui.pages.base import Page
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.warning_dialogs import (
    AddWarningDialog,
    AssignMentorDialog,
    ChangeLevelDialog,
    CloseWarningDialog,
    ConfirmProposalDialog,
    PeerReportDialog,
    RejectProposalDialog,
    ReviewDialog,
)
from counselroom.gui.warning_models import (
    CoverageTableModel,
    GradeCountsTableModel,
    HistoryTableModel,
    KeepColourDelegate,
    MonitorCoverageTableModel,
    PeerReportTableModel,
    ProposalTableModel,
    WarningTableModel,
    grade_count_rows,
)
from counselroom.gui.widgets import hint_label, primary_button, title_label
from counselroom.services import mentoring, peer_reports, proposals, school_structure, students, warning_list
from counselroom.services.mentoring import CoverageRow
from counselroom.services.proposals import ProposalItem
from counselroom.services.students import StudentListItem
from counselroom.services.warning_list import WarningEntry
from counselroom.system import clock

EMPTY_LIST = "预警名单为空。筛查阳性或班主任、心理委员报告的学生会出现在上方待确认列表中。"
EMPTY_COVERAGE = "重点关注学生都已安排成长导师并有一人一案。"
EMPTY_REPORTS = "还没有心理委员报告。班主任或心理委员反映情况时，点“登记报告…”记下来。"
ALL = "全部"


def today() -> date:
    return clock.now().date()


def make_table(model: RowTableModel, stretch: int) -> QTableView:  # type: ignore[type-arg]
    """Rows selected whole; the free-text column `stretch` takes the spare width (long text elides)."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.setItemDelegate(KeepColourDelegate(view))
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def fit_rows(view: QTableView) -> None:
    """Short tables (the principal's counts) take the height of their rows, not half the page."""
    rows = sum(view.rowHeight(r) for r in range(view.model().rowCount()))
    view.setFixedHeight(view.horizontalHeader().sizeHint().height() + rows + 2 * view.frameWidth())


def selected_row(view: QTableView) -> object | None:
    rows = view.selectionModel().selectedRows()
    return view.model().row_at(rows[0].row()) if rows else None  # type: ignore[attr-defined]


def section_label(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


class TableOrHint(QStackedWidget):
    """A table, or the sentence that says what to do when it has nothing to show (UX.md)."""

    def __init__(self, table: QWidget, hint: str):
        super().__init__()
        self.hint = hint_label(hint)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.addWidget(table)
        self.addWidget(self.hint)

    def show_empty(self, empty: bool, text: str | None = None) -> None:
        if text is not None:
            self.hint.setText(text)
        self.setCurrentIndex(1 if empty else 0)


def run_dialog(runner: ServiceRunner, dialog: FormDialog, service: Callable[..., object], *ids: int) -> bool:
    """Show the dialog until the service accepts its values() or the teacher cancels; a refused
    call keeps the dialog open with what was typed."""
    while dialog.exec():
        if runner.call(service, *ids, parent=dialog, **dialog.values()) is not None:  # type: ignore[attr-defined]
            return True
    return False


def button_row(*widgets: QWidget, stretch_at: int = 0) -> QHBoxLayout:
    row = QHBoxLayout()
    for i, widget in enumerate(widgets):
        if i == stretch_at:
            row.addStretch(1)
        row.addWidget(widget)
    if stretch_at >= len(widgets):
        row.addStretch(1)
    return row


class ListTab(QWidget):
    """预警名单: the 待确认 strip, the open entries with a level filter, and the history beside."""

    def __init__(self, runner: ServiceRunner):
        super().__init__()
        self.runner = runner
        self.entries: list[WarningEntry] = []
        self.proposal_model = ProposalTableModel()
        self.warning_model = WarningTableModel()
        self.history_model = HistoryTableModel()
        layout = QVBoxLayout(self)
        layout.addWidget(self._proposal_strip())
        layout.addLayout(self._list_bar())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.warning_view = make_table(self.warning_model, WarningTableModel.REASON)
        self.list_area = TableOrHint(self.warning_view, EMPTY_LIST)
        splitter.addWidget(self.list_area)
        splitter.addWidget(self._history_pane())
        splitter.setSizes([600, 400])  # the history needs room for its reasons
        layout.addWidget(splitter, 1)
        self.warning_view.selectionModel().selectionChanged.connect(self._entry_selected)
        self.warning_view.doubleClicked.connect(self.review)
        self.proposal_view.selectionModel().selectionChanged.connect(self._proposal_selected)
        self._entry_selected()
        self._proposal_selected()

    def _proposal_strip(self) -> QWidget:
        strip = QWidget()
        self.proposal_title = section_label("待确认的建议（0）")
        self.proposal_view = make_table(self.proposal_model, 3)
        self.proposal_view.setMaximumHeight(150)
        self.confirm_button = QPushButton("确认列入…")
        self.reject_button = QPushButton("不列入…")
        box = QVBoxLayout(strip)
        box.setContentsMargins(0, 0, 0, 8)
        box.addLayout(button_row(self.proposal_title, self.confirm_button, self.reject_button, stretch_at=1))
        self.proposal_parts = (self.proposal_view, self.confirm_button, self.reject_button)
        box.addWidget(self.proposal_view)
        self.confirm_button.clicked.connect(self.confirm_proposal)
        self.reject_button.clicked.connect(self.reject_proposal)
        return strip

    def _list_bar(self) -> QHBoxLayout:
        self.level_filter = QComboBox()
        self.level_filter.addItem(ALL, None)
        for level in WarningLevel:
            self.level_filter.addItem(level.label, level)
        self.change_button = QPushButton("调整等级…")
        self.review_button = QPushButton("复评…")
        self.close_button = QPushButton("解除…")
        self.level_filter.currentIndexChanged.connect(self._show_entries)
        self.change_button.clicked.connect(self.change_level)
        self.review_button.clicked.connect(self.review)
        self.close_button.clicked.connect(self.close_entry)
        return button_row(section_label("预警名单"), QLabel("等级"), self.level_filter, self.change_button,
                          self.review_button, self.close_button, stretch_at=3)

    def _history_pane(self) -> QWidget:
        self.history_pane = pane = QWidget()
        self.history_title = section_label("历史记录")
        self.history_view = make_table(self.history_model, 3)
        # Reasons are sentences: wrap them in the narrow pane rather than scroll sideways.
        self.history_view.setWordWrap(True)
        self.history_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        box = QVBoxLayout(pane)
        box.setContentsMargins(8, 0, 0, 0)
        box.addWidget(self.history_title)
        box.addWidget(self.history_view)
        return pane

    # -- loading -----------------------------------------------------------------------
    def refresh(self) -> None:
        pending = self.runner.call(proposals.pending_proposals, parent=self) or []
        self.proposal_model.set_rows(pending)
        self.proposal_title.setText(f"待确认的建议（{len(pending)}）")
        for part in self.proposal_parts:
            part.setVisible(bool(pending))
        self._proposal_selected()
        self.entries = self.runner.call(warning_list.list_warnings, parent=self) or []
        self._show_entries()

    def _show_entries(self) -> None:
        chosen = self.selected_entry()
        level = self.level_filter.currentData()
        self.warning_model.set_rows([e for e in self.entries if level is None or e.level is level])
        self.history_pane.setVisible(bool(self.entries))
        if not self.entries:
            self.list_area.show_empty(True, EMPTY_LIST)
        else:
            none = f"没有{self.level_filter.currentText()}预警的学生。"
            self.list_area.show_empty(self.warning_model.rowCount() == 0, none)
        self._select(self.warning_model.row_of(chosen.id) if chosen else -1)

    def _select(self, row: int) -> None:
        if row >= 0:
            self.warning_view.selectRow(row)  # selectionChanged loads the history
        else:
            self._entry_selected()

    def select_student(self, student_id: int) -> None:
        self.level_filter.setCurrentIndex(0)
        model = self.warning_model
        rows = [i for i in range(model.rowCount()) if model.row_at(i).student_id == student_id]
        self._select(rows[0] if rows else -1)

    def selected_entry(self) -> WarningEntry | None:
        return selected_row(self.warning_view)  # type: ignore[return-value]

    def selected_proposal(self) -> ProposalItem | None:
        return selected_row(self.proposal_view)  # type: ignore[return-value]

    def _entry_selected(self) -> None:
        entry = self.selected_entry()
        for button in (self.change_button, self.review_button, self.close_button):
            button.setEnabled(entry is not None)
        lines = self.runner.call(warning_list.warning_history, entry.id, parent=self) if entry else None
        self.history_model.set_rows(lines or [])
        title = f"历史记录：{entry.student_name}" if entry else "历史记录（选中一名学生查看）"
        self.history_title.setText(title)

    def _proposal_selected(self) -> None:
        chosen = self.selected_proposal() is not None
        self.confirm_button.setEnabled(chosen)
        self.reject_button.setEnabled(chosen)

    def clear(self) -> None:
        self.entries = []
        for model in (self.proposal_model, self.warning_model, self.history_model):
            model.clear()
        self.history_title.setText("历史记录")

    # -- actions -----------------------------------------------------------------------
    def confirm_proposal(self) -> None:
        if p := self.selected_proposal():
            run_dialog(self.runner, ConfirmProposalDialog(p, today(), self), proposals.confirm_proposal, p.id)

    def reject_proposal(self) -> None:
        if p := self.selected_proposal():
            run_dialog(self.runner, RejectProposalDialog(p, self), proposals.reject_proposal, p.id)

    def change_level(self) -> None:
        if e := self.selected_entry():
            dialog = ChangeLevelDialog(e, today(), self)
            run_dialog(self.runner, dialog, warning_list.change_warning_level, e.id)

    def review(self) -> None:
        if e := self.selected_entry():
            run_dialog(self.runner, ReviewDialog(e, today(), self), warning_list.record_review, e.id)

    def close_entry(self) -> None:
        if e := self.selected_entry():
            run_dialog(self.runner, CloseWarningDialog(e, self), warning_list.close_warning, e.id)


class CoverageTab(QWidget):
    """导师覆盖: key-group and listed students still without a 成长导师 or a 一人一案."""

    def __init__(self, runner: ServiceRunner):
        super().__init__()
        self.runner = runner
        self.rows: tuple[CoverageRow, ...] = ()
        self.model = CoverageTableModel()
        self.totals = QLabel()
        self.group_filter = QComboBox()
        self.group_filter.addItem(ALL, None)
        for group in KEY_GROUPS:
            self.group_filter.addItem(group.name, group.name)
        self.assign_button = QPushButton("安排成长导师…")
        self.view = make_table(self.model, 3)
        self.area = TableOrHint(self.view, EMPTY_COVERAGE)
        layout = QVBoxLayout(self)
        layout.addWidget(self.totals)
        layout.addLayout(button_row(QLabel("重点群体"), self.group_filter, self.assign_button, stretch_at=2))
        layout.addWidget(self.area, 1)
        self.group_filter.currentIndexChanged.connect(self._show)
        self.assign_button.clicked.connect(self.assign_mentor)
        self.view.doubleClicked.connect(self.assign_mentor)
        self.view.selectionModel().selectionChanged.connect(self._selected)
        self._selected()

    def refresh(self) -> None:
        coverage = self.runner.call(mentoring.mentor_coverage, parent=self)
        if coverage is None:
            return
        self.rows = coverage.rows
        self.totals.setText(f"重点关注学生 {coverage.key_students} 人，已有导师 {coverage.with_mentor} 人，"
                            f"已有一人一案 {coverage.with_plan} 人。下表是还缺导师或一人一案的学生。")
        self._show()

    def _show(self) -> None:
        group = self.group_filter.currentData()
        self.model.set_rows([r for r in self.rows if group is None or group in r.groups])
        self.area.show_empty(self.model.rowCount() == 0)
        self._selected()

    def _selected(self) -> None:
        self.assign_button.setEnabled(selected_row(self.view) is not None)

    def clear(self) -> None:
        self.rows = ()
        self.model.clear()
        self.totals.clear()

    def assign_mentor(self) -> None:
        row: CoverageRow | None = selected_row(self.view)  # type: ignore[assignment]
        choices = self.runner.call(mentoring.mentor_choices, parent=self) if row else None
        if row is None or choices is None:
            return
        dialog = AssignMentorDialog(row, choices, self)
        run_dialog(self.runner, dialog, mentoring.assign_mentor, row.student_id)


class ReportsTab(QWidget):
    """心理委员报告: what 心理委员 and 班主任 raised, and whether it became a proposal."""

    def __init__(self, runner: ServiceRunner):
        super().__init__()
        self.runner = runner
        self.model = PeerReportTableModel()
        self.add_button = QPushButton("登记报告…")
        self.view = make_table(self.model, 4)
        self.area = TableOrHint(self.view, EMPTY_REPORTS)
        layout = QVBoxLayout(self)
        hint = hint_label("心理委员或班主任反映的情况由心理教师登记；需要时可建议预警，进入“待确认的建议”。")
        row = QHBoxLayout()
        row.addWidget(hint, 1)
        row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        layout.addWidget(self.area, 1)
        self.add_button.clicked.connect(self.record_report)

    def refresh(self) -> None:
        self.model.set_rows(self.runner.call(peer_reports.list_peer_reports, parent=self) or [])
        self.area.show_empty(self.model.rowCount() == 0)

    def clear(self) -> None:
        self.model.clear()

    def record_report(self) -> None:
        classes = self.runner.call(school_structure.list_classes, parent=self)
        if classes is None:
            return
        dialog = PeerReportDialog(classes, self._students_of, today(), self)
        run_dialog(self.runner, dialog, peer_reports.record_peer_report)

    def _students_of(self, class_name: str) -> list[StudentListItem]:
        # Called while the dialog is being built, so errors go to the page.
        return self.runner.call(students.search_students, class_name, parent=self) or []


class CountsView(QWidget):
    """The principal's view: counts by grade and level, and 心理委员 staffing — never a name."""

    def __init__(self, runner: ServiceRunner):
        super().__init__()
        self.runner = runner
        self.count_model = GradeCountsTableModel()
        self.monitor_model = MonitorCoverageTableModel()
        self.count_title = section_label("各年级预警人数")
        self.count_view = make_table(self.count_model, 0)
        self.monitor_view = make_table(self.monitor_model, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint_label("这里只显示人数。预警名单上的学生姓名仅心理教师和心理中心负责人可见。"))
        for view in (self.count_view, self.monitor_view):  # a small matrix reads best evenly spread
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.count_title)
        layout.addWidget(self.count_view)
        layout.addSpacing(12)
        layout.addWidget(section_label("心理委员配备（每班男、女各 1 名）"))
        layout.addWidget(self.monitor_view, 1)

    def refresh(self) -> None:
        counts = self.runner.call(warning_list.warning_counts, parent=self)
        if counts is not None:
            self.count_model.set_rows(grade_count_rows(counts))
            self.count_title.setText(f"各年级预警人数（共 {counts.total} 人）")
            fit_rows(self.count_view)
        self.monitor_model.set_rows(self.runner.call(peer_reports.monitor_coverage, parent=self) or [])

    def clear(self) -> None:
        self.count_model.clear()
        self.monitor_model.clear()
        self.count_title.setText("各年级预警人数")


class WarningsPage(Page):
    title = "预警"
    refresh_on = frozenset({"warnings", "mentors", "students"})

    @classmethod
    def visible_to(cls, actor: Actor) -> bool:
        """Counselors and the lead see names; the principal sees counts. The admin account is
        for settings and roster, so it gets no 预警 page (its counts come with 报表)."""
        return actor.can(Permission.VIEW_WARNINGS) or actor.role is Role.PRINCIPAL

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
            self.counts = CountsView(runner)
            layout.addWidget(self.counts, 1)
        self.refresh()

    def _build_tabs(self) -> QTabWidget:
        self.add_button = primary_button("列入预警")
        self.add_button.setToolTip("Ctrl+N")
        self.header.addWidget(self.add_button)
        self.list_tab = ListTab(self.runner)
        self.coverage_tab = CoverageTab(self.runner)
        self.reports_tab = ReportsTab(self.runner)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.list_tab, "预警名单")
        self.tabs.addTab(self.coverage_tab, "导师覆盖")
        self.tabs.addTab(self.reports_tab, "心理委员报告")
        self.add_button.clicked.connect(self.add_warning)
        # Ctrl+N creates in the current page (UX.md) — only while this page holds the focus.
        self.new_action = QAction("列入预警", self)
        self.new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_action.triggered.connect(self.add_warning)
        self.addAction(self.new_action)
        return self.tabs

    def refresh(self) -> None:
        for part in self._parts():
            part.refresh()

    def clear_for_lock(self) -> None:
        for part in self._parts():
            part.clear()

    def _parts(self) -> tuple[ListTab | CoverageTab | ReportsTab | CountsView, ...]:
        return (self.list_tab, self.coverage_tab, self.reports_tab) if self.full else (self.counts,)

    def add_warning(self) -> None:
        dialog = AddWarningDialog(lambda text: self._search(text, dialog), today(), self)
        student = None
        while student is None and dialog.exec():
            chosen = dialog.chosen_student()
            assert chosen is not None  # check() keeps the dialog open without one
            if self.runner.call(warning_list.add_to_warning_list, chosen.id, parent=dialog,
                                **dialog.values()) is not None:
                student = chosen
        if student is not None:
            self.tabs.setCurrentWidget(self.list_tab)
            self.list_tab.select_student(student.id)

    def _search(self, text: str, parent: QWidget) -> list[StudentListItem]:
        return self.runner.call(students.search_students, text, parent=parent) or []
