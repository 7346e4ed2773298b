"""从课表导入心理课: pick the school's timetable, the term and the first day, see per class how many
lessons would be added, then import — or fix the rows the preview lists.

Only lessons already held are imported (up to today). The first day starts where the last import
stopped — the service works it out — so importing the sheet every week or two keeps the record
current; the teacher may move it.

Modelled on 导入学生名单 (gui/students/enrolment_import_dialog.py): nothing is written until 导入,
which stays disabled while any row is wrong; the service re-reads the file itself; both steps run
on the worker with a progress window, and the check may be cancelled, the import not. Opened from
the 活动 page's 心理课 tab.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counselroom.gui.models import RowTableModel
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.students.enrolment_import_dialog import RowErrorTableModel
from counselroom.gui.tables import read_only_table
from counselroom.gui.widgets import error_label, hint_label, primary_button, title_label
from counselroom.services.accounts.session import Changes
from counselroom.services.activities.timetable_import import (
    ClassLessons,
    TimetableLine,
    TimetablePreview,
    apply_timetable,
    preview_timetable,
)
from counselroom.services.school import school_calendar
from counselroom.services.school.school_calendar import Term
from counselroom.system import clock

CLASSES_TAB, LINES_TAB, ERRORS_TAB = range(3)
NO_LESSONS = "表中没有填了班级、星期和节次的行，没有可导入的心理课。"
RECHECK_MS = 600  # after the first day is changed: wait for the typing to stop


class ClassLessonsTableModel(RowTableModel[ClassLessons]):
    columns = (
        ("班级", lambda c: c.class_name),
        ("每周节数", lambda c: c.weekly),
        ("将新增", lambda c: c.new),
        ("已有", lambda c: c.present),
    )


class TimetableLineTableModel(RowTableModel[TimetableLine]):
    columns = (
        ("行", lambda x: x.row),
        ("班级", lambda x: x.class_name),
        ("星期", lambda x: x.weekday),
        ("节次", lambda x: f"第{x.period}节"),
        ("课题", lambda x: x.topic),
        ("任课教师", lambda x: x.teacher),
        ("记入节数", lambda x: x.lessons),
    )


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class TimetableImportDialog(QDialog):
    def __init__(self, parent: QWidget | None, runner: ServiceRunner):
        super().__init__(parent)
        self.runner = runner
        self.path: Path | None = None
        self.preview: TimetablePreview | None = None
        self.imported: Changes | None = None
        self.setWindowTitle("从课表导入心理课")
        self.resize(820, 580)
        self.classes_model = ClassLessonsTableModel()
        self.lines_model = TimetableLineTableModel()
        self.errors_model = RowErrorTableModel()
        self.recheck = QTimer(self)
        self.recheck.setSingleShot(True)
        self.recheck.setInterval(RECHECK_MS)
        self._build()
        self._load_terms()

    def _build(self) -> None:
        self.path_field = QLineEdit()
        self.path_field.setReadOnly(True)
        self.path_field.setPlaceholderText("尚未选择文件")
        self.choose_button = QPushButton("选择文件…")
        self.term_box = QComboBox()
        self.from_field = QDateEdit()
        self.from_field.setDisplayFormat("yyyy-MM-dd")
        self.from_field.setCalendarPopup(True)
        self.from_chosen = False  # False: the service's default (the day after the last import)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.problem = error_label()
        self.tabs = QTabWidget()
        self.tabs.addTab(read_only_table(self.classes_model), "各班")
        self.tabs.addTab(read_only_table(self.lines_model), "课表各行")
        self.tabs.addTab(read_only_table(self.errors_model), "错误")
        self.import_button = primary_button("导入")
        self.import_button.setEnabled(False)
        self.close_button = QPushButton("关闭")
        self.close_button.setAutoDefault(False)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_field, 1)
        file_row.addWidget(self.choose_button)
        form = QFormLayout()
        form.addRow("课表文件", file_row)
        form.addRow("学期", self.term_box)
        form.addRow("从这一天起", self.from_field)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label("从课表导入心理课"))
        layout.addWidget(
            hint_label(
                "选择教务处的课表（Excel .xlsx 或 CSV），须有 班级、星期、节次 列，可另有 课题、任课教师 列。"
                "每一行从“从这一天起”到今天，每周的这一天记一节心理课，节假日和学校停课日除外；"
                "只记已经上过的课，以后的课请到时再导入（“从这一天起”会接着上次导入的最后一天）。"
                "只要有一行有误，就不会导入任何内容；已记录的同一班级、同一天、同一节不会重复导入。"
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.choose_button.clicked.connect(self.choose_file)
        self.term_box.currentIndexChanged.connect(self._term_changed)
        self.from_field.dateChanged.connect(self._from_edited)
        self.recheck.timeout.connect(self._recheck)
        self.import_button.clicked.connect(self.import_lessons)
        self.close_button.clicked.connect(self.reject)

    def _load_terms(self) -> None:
        """This term and the one before (to catch up after a holiday), newest first; with none begun
        there is nothing to import."""
        today = clock.now().date()
        known = self.runner.call(school_calendar.list_terms, parent=self) or []
        terms = sorted((t for t in known if t.start <= today), key=lambda t: t.start, reverse=True)[:2]
        self.term_box.blockSignals(True)
        for term in terms:
            self.term_box.addItem(term.label, term)
        self.term_box.blockSignals(False)
        if not terms:
            self.problem.setText("还没有已经开学的学期：请先在“设置 → 学年学期”中添加本学期。")
            self.choose_button.setEnabled(False)
            return
        current = next((i for i, t in enumerate(terms) if t.current), 0)
        self.term_box.setCurrentIndex(current)
        self._term_changed()

    # -- steps ---------------------------------------------------------------------------
    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, "选择课表文件", "", "课表 (*.xlsx *.csv);;所有文件 (*)")
        if name:
            self.set_path(Path(name))

    def set_path(self, path: Path) -> None:
        """Preview `path` (also how tests choose a file without the file dialog)."""
        self.path = path
        self.imported = None
        self.path_field.setText(str(path))
        self.check()

    def set_from(self, day: date) -> None:
        """Start on `day` (kept within the term) and check again at once."""
        self.from_chosen = True
        self.from_field.blockSignals(True)
        self.from_field.setDate(qdate(day))
        self.from_field.blockSignals(False)
        self.recheck.stop()
        self.check()

    @property
    def term(self) -> Term | None:
        term = self.term_box.currentData()
        return term if isinstance(term, Term) else None

    @property
    def from_date(self) -> date:
        return self.from_field.date().toPython()  # type: ignore[no-any-return]

    def _chosen_from(self) -> date | None:
        return self.from_date if self.from_chosen else None

    def import_lessons(self) -> None:
        term = self.term
        if self.path is None or term is None or self.preview is None or not self.preview.ok or not self.preview.new:
            return
        changes = self.runner.run_in_worker(
            apply_timetable,
            self.path,
            term_id=term.id,
            from_date=self.preview.start,  # the days the preview showed
            label="正在导入心理课…",
            parent=self,
        )
        if changes is None:  # the file changed since the preview: show what it says now
            self.check()
            return
        self.imported = changes
        self.import_button.setEnabled(False)
        self.summary.setText(f"导入完成。{changes.summary}。可以关闭此窗口。")

    def check(self) -> None:
        term = self.term
        if self.path is None or term is None:
            return
        preview = self.runner.run_in_worker(
            preview_timetable,
            self.path,
            term_id=term.id,
            from_date=self._chosen_from(),
            label="正在读取并检查课表…",
            cancellable=True,
            parent=self,
        )
        self._show(preview)
        if preview is None and self.runner.last_job_cancelled:
            self.problem.setText("已取消检查，未导入任何内容。可以重新选择文件。")

    def _term_changed(self) -> None:
        term = self.term
        if term is None:
            return
        self.from_chosen = False
        self.from_field.blockSignals(True)
        self.from_field.setDateRange(qdate(term.start), qdate(min(term.end, clock.now().date())))
        self.from_field.setDate(qdate(term.start))
        self.from_field.blockSignals(False)
        self.check()

    def _from_edited(self, _day: QDate) -> None:
        self.from_chosen = True
        self.recheck.start()

    def _recheck(self) -> None:
        if self.preview is None or self.preview.start != self.from_date:
            self.check()

    def _show(self, preview: TimetablePreview | None) -> None:
        self.preview = preview
        if preview is not None:  # where the service began: after the last import unless chosen
            self.from_field.blockSignals(True)
            self.from_field.setDate(qdate(preview.start))
            self.from_field.blockSignals(False)
        self.classes_model.set_rows(preview.classes if preview else [])
        self.lines_model.set_rows(preview.lines if preview else [])
        self.errors_model.set_rows(preview.errors if preview else [])
        self.tabs.setTabText(CLASSES_TAB, f"各班（{len(preview.classes) if preview else 0}）")
        self.tabs.setTabText(LINES_TAB, f"课表各行（{len(preview.lines) if preview else 0}）")
        self.tabs.setTabText(ERRORS_TAB, f"错误（{len(preview.errors) if preview else 0}）")
        self.summary.setText(_summary(preview) if preview else "")
        self.problem.setText(_problem(preview) if preview else "无法读取此文件，请选择其他文件。")
        self.tabs.setCurrentIndex(ERRORS_TAB if preview and not preview.ok else CLASSES_TAB)
        self.import_button.setEnabled(bool(preview and preview.ok and preview.new))

    def done(self, result: int) -> None:
        self.recheck.stop()
        for model in (self.classes_model, self.lines_model, self.errors_model):
            model.clear()
        super().done(result)


def _summary(preview: TimetablePreview) -> str:
    days = f"{preview.start} 至 {preview.end}（只记已经上过的课）"
    text = f"“{preview.file_name}”，{preview.term_label}，{days}：{preview.counts}。"
    if preview.ignored_columns:
        text += f"以下列不会导入：{'、'.join(preview.ignored_columns)}。"
    if preview.ok and not preview.lines:
        text += NO_LESSONS
    elif preview.ok and not preview.new:
        text += "课表中的心理课都已记录，无需导入。"
    return text


def _problem(preview: TimetablePreview) -> str:
    if preview.ok:
        return ""
    return f"有 {len(preview.errors)} 处错误（见“错误”页），未导入任何内容。请在 Excel 中改正后重新选择文件。"
