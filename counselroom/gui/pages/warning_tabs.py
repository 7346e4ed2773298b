"""The 预警 page's smaller views — 导师覆盖, 心理委员报告 and the principal's counts — and the
table helpers they share with the 预警名单 tab (warning_list_tab.py).

Each tab is a small widget with refresh() and clear(); the page holds the primary action."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.care.key_groups import MENTOR_GROUPS
from counselroom.gui.care.warning_dialogs import AssignMentorDialog, PeerReportDialog
from counselroom.gui.care.warning_models import (
    CoverageTableModel,
    GradeCountsTableModel,
    GroupCoverageTableModel,
    KeepColourDelegate,
    MonitorCoverageTableModel,
    PeerReportTableModel,
    grade_count_rows,
)
from counselroom.gui.models import RowTableModel
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.session.account_dialogs import FormDialog
from counselroom.gui.tables import SIZING_ROWS
from counselroom.gui.widgets import hint_label
from counselroom.services.care import mentoring, peer_reports, warning_list
from counselroom.services.care.mentoring import CoverageRow
from counselroom.services.school import school_structure
from counselroom.services.students import student_records as students
from counselroom.services.students.student_records import StudentListItem
from counselroom.system import clock

EMPTY_COVERAGE = "成长导师制重点群体的学生都已安排成长导师并有一人一案。"
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
    # Widths fitted once per load, from the first SIZING_ROWS rows: a header left in ResizeToContents
    # measured every cell again at each layout pass (thousands of cells on the 预警 page of a large school).
    header.setResizeContentsPrecision(SIZING_ROWS)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    model.modelReset.connect(view.resizeColumnsToContents)
    view.resizeColumnsToContents()  # the headers' own widths while the table is empty
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


class CoverageTab(QWidget):
    """导师覆盖: S003 item 26's groups with their mentors, 初三/高三 and all students on lines of
    their own, and the students of those groups still without a 成长导师 or a 一人一案."""

    def __init__(self, runner: ServiceRunner):
        super().__init__()
        self.runner = runner
        self.rows: tuple[CoverageRow, ...] = ()
        self.limit: int | None = None
        self.model = CoverageTableModel()
        self.group_model = GroupCoverageTableModel()
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.group_filter = QComboBox()
        self.group_filter.addItem(ALL, None)
        for group in MENTOR_GROUPS:
            self.group_filter.addItem(group.phrase, group.name)
        self.assign_button = QPushButton("安排成长导师…")
        self.group_view = make_table(self.group_model, 0)
        self.view = make_table(self.model, 3)
        self.area = TableOrHint(self.view, EMPTY_COVERAGE)
        layout = QVBoxLayout(self)
        layout.addWidget(self.totals)
        layout.addWidget(self.group_view)
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
        self.rows, self.limit = coverage.rows, coverage.soft_limit
        self.group_model.set_rows([*coverage.groups, coverage.exam_year, coverage.everyone])
        fit_rows(self.group_view)
        self.totals.setText(
            f"成长导师制（S003 第26条）重点群体学生 {coverage.key_students} 人，已有导师 {coverage.with_mentor} 人，"
            f"已有一人一案 {coverage.with_plan} 人；初三、高三（S004）与全体学生（全员导师制）另列。"
            "下表是重点群体中还缺导师或一人一案的学生。"
        )
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
        self.group_model.clear()
        self.totals.clear()

    def assign_mentor(self) -> None:
        row: CoverageRow | None = selected_row(self.view)  # type: ignore[assignment]
        choices = self.runner.call(mentoring.mentor_choices, parent=self) if row else None
        if row is None or choices is None:
            return
        dialog = AssignMentorDialog(row, choices, self, limit=self.limit)
        run_dialog(self.runner, dialog, mentoring.assign_mentor, row.student_id)


class ReportsTab(QWidget):
    """心理委员报告: what 心理委员 and 班主任 raised, and whether it became a proposal."""

    def __init__(self, runner: ServiceRunner):
        super().__init__()
        self.runner = runner
        self.model = PeerReportTableModel()
        self.add_button = QPushButton("登记报告…")
        self.close_button = QPushButton("标记已处理")
        self.close_button.setToolTip("约谈了解过、不需要建议预警的报告：标记后从“今日”待办中移除")
        self.close_button.setEnabled(False)
        self.view = make_table(self.model, 4)
        self.area = TableOrHint(self.view, EMPTY_REPORTS)
        layout = QVBoxLayout(self)
        hint = hint_label(
            "心理委员或班主任反映的情况由心理教师登记；需要时可建议预警，进入“待确认的建议”；"
            "约谈了解后不需要预警的，选中后点“标记已处理”。"
        )
        row = QHBoxLayout()
        row.addWidget(hint, 1)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        layout.addWidget(self.area, 1)
        self.add_button.clicked.connect(self.record_report)
        self.close_button.clicked.connect(self.close_report)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._enable_close())

    def refresh(self) -> None:
        self.model.set_rows(self.runner.call(peer_reports.list_peer_reports, parent=self) or [])
        self.area.show_empty(self.model.rowCount() == 0)
        self._enable_close()

    def _enable_close(self) -> None:
        chosen = selected_row(self.view)
        self.close_button.setEnabled(getattr(chosen, "status", "") == "待处理")

    def close_report(self) -> None:
        chosen = selected_row(self.view)
        if getattr(chosen, "status", "") != "待处理":
            return
        changes = self.runner.call(peer_reports.close_peer_report, chosen.id, parent=self)  # type: ignore[union-attr]
        if changes is not None:
            self.runner.changed.emit(changes)
            self.refresh()

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
        self.monitor_title = section_label("心理委员配备")
        layout.addWidget(self.monitor_title)
        layout.addWidget(self.monitor_view, 1)

    def refresh(self) -> None:
        counts = self.runner.call(warning_list.warning_counts, parent=self)
        if counts is not None:
            self.count_model.set_rows(grade_count_rows(counts))
            total = counts.table.grand_total.text if counts.table else str(counts.total)
            footnote = counts.table.footnote if counts.table else ""
            self.count_title.setText(f"各年级预警人数（共 {total} 人）" + (f"　{footnote}" if footnote else ""))
            fit_rows(self.count_view)
        self.monitor_model.set_rows(self.runner.call(peer_reports.monitor_coverage, parent=self) or [])
        rule = self.runner.call(peer_reports.peer_monitor_rule, parent=self)
        self.monitor_title.setText(f"心理委员配备：{rule}" if rule else "心理委员配备")

    def clear(self) -> None:
        self.count_model.clear()
        self.monitor_model.clear()
        self.count_title.setText("各年级预警人数")
