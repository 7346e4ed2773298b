"""学生: search the roster and open a student's file (一生一档). Sorting by a column asks the
service, so it covers every match, not only the rows shown. A school without a 名单 sees the set-up
checklist. Columns a role may not see (预警 for the admin) are not shown at all."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.changes import ChangeKind
from counselroom.domain.roles import Permission
from counselroom.domain.school.setup_steps import SetupStep
from counselroom.gui.pages.base import Page
from counselroom.gui.pages.setup_guide import SetupGuideWidget
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.students.student_file_dialog import StudentFileDialog
from counselroom.gui.students.student_models import StudentTableModel
from counselroom.gui.tables import read_only_table
from counselroom.gui.widgets import primary_button, title_label
from counselroom.services.school import school_info
from counselroom.services.students import student_records as students

SEARCH_DELAY_MS = 200  # wait for a pause in typing before asking the database
# The table's columns, as the fields the service sorts by.
SORT_FIELDS = ("student_no", "name", "gender", "class_name", "status", "groups", "level")


class StudentsPage(Page):
    title = "学生"
    refresh_on = frozenset(
        {ChangeKind.STUDENTS, ChangeKind.WARNINGS, ChangeKind.CLASSES, ChangeKind.MENTORS, ChangeKind.SETTINGS}
    )
    open_page = Signal(str, str)  # (page title, action): the set-up checklist's links

    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.file_dialog: StudentFileDialog | None = None
        self.model = StudentTableModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("输入姓名、拼音首字母（如 zxm）、学号或班级，如 初一(3)班")
        self.search_box.setClearButtonEnabled(True)
        self.include_left = QCheckBox("含已离校")
        self.import_button = primary_button("从 Excel 导入名单")
        self.import_button.setVisible(runner.actor.can(Permission.IMPORT_ENROLMENT))
        self.screening_button = QPushButton("导入测评结果…")
        self.screening_button.setVisible(runner.actor.can(Permission.RECORD_SCREENING))
        self.count_label = QLabel()
        self.count_label.setObjectName("Muted")
        self.guide = SetupGuideWidget(
            runner, (), "还没有学生名单。开始使用前，请按顺序完成以下设置：", shown_when=(SetupStep.ENROLMENT,)
        )
        self.guide.open_page.connect(self.open_page)
        self.table = read_only_table(self.model)
        self.table.setModel(self.proxy)
        self.table.setColumnHidden(StudentTableModel.LEVEL, not runner.actor.can(Permission.VIEW_WARNINGS))
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(StudentTableModel.CLASS, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(lambda _column, _order: self.refresh())
        self._build_layout()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search_box.textChanged.connect(lambda _t: self._timer.start())
        self.include_left.toggled.connect(lambda _c: self.refresh())
        self.table.doubleClicked.connect(lambda index: self.open_student(self._student_id_at(index.row())))
        self.table.activated.connect(lambda index: self.open_student(self._student_id_at(index.row())))
        self.import_button.clicked.connect(self.import_roster)
        self.screening_button.clicked.connect(self.import_screening)
        self._add_shortcut()
        self.refresh()

    def _build_layout(self) -> None:
        header = QHBoxLayout()
        header.addWidget(title_label("学生"))
        header.addStretch(1)
        header.addWidget(self.screening_button)
        header.addWidget(self.import_button)
        search = QHBoxLayout()
        search.addWidget(self.search_box, 1)
        search.addWidget(self.include_left)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(header)
        layout.addLayout(search)
        layout.addWidget(self.guide)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table)

    def _add_shortcut(self) -> None:
        new = QAction(self)
        new.setShortcut(QKeySequence("Ctrl+N"))
        new.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        new.triggered.connect(self.import_roster)
        self.addAction(new)

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    # -- data ----------------------------------------------------------------------------
    def sort_order(self) -> tuple[str, bool]:
        """(field, descending) from the header's sort indicator."""
        header = self.table.horizontalHeader()
        column = header.sortIndicatorSection()
        field = SORT_FIELDS[column] if 0 <= column < len(SORT_FIELDS) else "class_name"
        return field, header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    def refresh(self) -> None:
        sort_by, descending = self.sort_order()
        rows = self.runner.call(
            students.search_students,
            self.search_box.text(),
            include_left=self.include_left.isChecked(),
            sort_by=sort_by,
            descending=descending,
            parent=self,
        )
        if rows is None:
            return
        self.model.set_rows(rows)
        overview = self.runner.call(school_info.school_overview, parent=self)
        total = overview.students if overview else len(rows)
        self.guide.refresh()
        capped = len(rows) >= students.SEARCH_LIMIT
        limit = f"（只列出前 {students.SEARCH_LIMIT} 人，点列名排序时按全部匹配的学生排序；可缩小查找范围）"
        shown = f"显示 {len(rows)} 人" + (limit if capped else "")
        self.count_label.setText(f"全校在读 {total} 人，{shown}。双击打开一生一档。")

    def _student_id_at(self, proxy_row: int) -> int:
        source = self.proxy.mapToSource(self.proxy.index(proxy_row, 0))
        return self.model.row_at(source.row()).id

    def open_student(self, student_id: int, tab: str = "") -> StudentFileDialog:
        if self.file_dialog is not None:
            self.file_dialog.close()
        self.file_dialog = StudentFileDialog(self.runner, student_id, self)
        if tab:
            self.file_dialog.show_tab(tab)
        self.file_dialog.open()
        return self.file_dialog

    def open_action(self, action: str) -> None:
        """From 今日 or the set-up checklist: "student:5:预警与关爱" opens that file on that tab;
        "import" starts the 名单 import."""
        kind, _sep, rest = action.partition(":")
        if kind == "import":
            self.import_roster()
        elif kind == "student" and rest:
            student_id, _sep, tab = rest.partition(":")
            self.open_student(int(student_id), tab)

    def import_roster(self) -> None:
        if not self.runner.actor.can(Permission.IMPORT_ENROLMENT):
            return
        from counselroom.gui.students.enrolment_import_dialog import EnrolmentImportDialog

        EnrolmentImportDialog(self.runner, self).exec()
        self.refresh()

    def import_screening(self) -> None:
        """Results exported by another platform (赣鄱心理平台 and others), mapped column by column."""
        from counselroom.gui.screening.screening_dialogs import ScreeningImportDialog

        ScreeningImportDialog(self.runner, self).exec()
        self.refresh()

    # -- lock ----------------------------------------------------------------------------
    def clear_for_lock(self) -> None:
        self._timer.stop()
        self.model.clear()
        self.count_label.clear()
        self.search_box.clear()
        self.guide.clear_for_lock()
        if self.file_dialog is not None:
            self.file_dialog.close()
            self.file_dialog = None

    def collect_drafts(self) -> dict[str, str]:
        dialog = self.file_dialog
        return dialog.unsaved_texts() if dialog is not None and dialog.isVisible() else {}

    def restore_drafts(self, drafts: dict[str, str]) -> None:
        keys = [k for k in drafts if k.startswith("student:")]
        if keys:
            dialog = self.open_student(int(keys[0].split(":")[1]))
            dialog.restore_texts(drafts)  # and shows the tab that holds the kept text
