"""从课表导入心理课: pick the school's timetable, the term and the first day, see per class how many
lessons would be added, then import — or fix the rows the preview lists.

Only lessons already held are imported (up to today). The first day starts where the last import
stopped — the service works it out — so importing the sheet every week or two keeps the record
current; the teacher may move it.

The frame is the import dialogs' own (gui/file_import_dialog.py); this adds the term and the first
day. Opened from the 活动 page's 心理课 tab.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QComboBox, QDateEdit, QWidget

from counselroom.gui.file_import_dialog import FileImportDialog
from counselroom.gui.models import RowTableModel
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.activities.timetable_import import (
    ClassLessons,
    TimetableLine,
    TimetablePreview,
    apply_timetable,
    import_start,
    preview_timetable,
)
from counselroom.services.school import school_calendar
from counselroom.services.school.school_calendar import Term
from counselroom.system import clock

NO_LESSONS = "表中没有填了班级、星期和节次的行，没有可导入的心理课。"
RECHECK_MS = 600  # after the first day is changed: wait for the typing to stop
HINT = (
    "选择教务处的课表（Excel .xlsx 或 CSV），须有 班级、星期、节次 列，可另有 课题、任课教师 列。"
    "每一行从“从这一天起”到今天，每周的这一天记一节心理课，节假日和学校停课日除外；"
    "只记已经上过的课，以后的课请到时再导入（“从这一天起”会接着上次导入的最后一天）。"
    "只要有一行有误，就不会导入任何内容；已记录的同一班级、同一天、同一节不会重复导入。"
)


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


class TimetableImportDialog(FileImportDialog):
    def __init__(self, parent: QWidget | None, runner: ServiceRunner):
        self.classes_model = ClassLessonsTableModel()
        self.lines_model = TimetableLineTableModel()
        self.preview: TimetablePreview | None = None
        super().__init__(
            runner,
            parent,
            title="从课表导入心理课",
            hint=HINT,
            file_label="课表文件",
            file_filter="课表 (*.xlsx *.csv);;所有文件 (*)",
            tables=[(self.classes_model, "各班"), (self.lines_model, "课表各行")],
        )
        self.term_box = QComboBox()
        self.from_field = QDateEdit()
        self.from_field.setDisplayFormat("yyyy-MM-dd")
        self.from_field.setCalendarPopup(True)
        self.from_chosen = False  # False: the service's default (the day after the last import)
        self.form.addRow("学期", self.term_box)
        self.form.addRow("从这一天起", self.from_field)
        self.recheck = QTimer(self)
        self.recheck.setSingleShot(True)
        self.recheck.setInterval(RECHECK_MS)
        self.term_box.currentIndexChanged.connect(self._term_changed)
        self.from_field.dateChanged.connect(self._from_edited)
        self.recheck.timeout.connect(self._recheck)
        self._load_terms()

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

    def import_file(self) -> None:
        term, preview = self.term, self.preview
        if self.path is None or term is None or preview is None or not preview.ok or not preview.new:
            return
        self.run_import(
            apply_timetable,
            self.path,
            term_id=term.id,
            from_date=preview.start,  # the days the preview showed
            label="正在导入心理课…",
        )

    def check(self) -> None:
        term = self.term
        if self.path is None or term is None:
            return
        self.preview = self.run_check(
            preview_timetable,
            self.path,
            term_id=term.id,
            from_date=self.from_date if self.from_chosen else None,
            label="正在读取并检查课表…",
        )
        if self.preview is not None:
            self._show(self.preview)

    def _term_changed(self) -> None:
        term = self.term
        if term is None:
            return
        self.from_chosen = False
        self.from_field.blockSignals(True)
        self.from_field.setDateRange(qdate(term.start), qdate(min(term.end, clock.now().date())))
        self.from_field.setDate(qdate(self.runner.call(import_start, term_id=term.id, parent=self) or term.start))
        self.from_field.blockSignals(False)
        self.check()

    def _from_edited(self, _day: QDate) -> None:
        self.from_chosen = True
        self.recheck.start()

    def _recheck(self) -> None:
        if self.preview is None or self.preview.start != self.from_date:
            self.check()

    def _show(self, preview: TimetablePreview) -> None:
        self.from_field.blockSignals(True)  # where the service began: after the last import unless chosen
        self.from_field.setDate(qdate(preview.start))
        self.from_field.blockSignals(False)
        rows = [preview.classes, preview.lines, preview.errors]
        self.show_tables(_summary(preview), rows, can_import=bool(preview.new))

    def done(self, result: int) -> None:
        self.recheck.stop()
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
