"""报表 → 活动记录表: S000's “万师润万心·大走访大谈心”活动记录表 for a term or a month — or, for a
counselor or the lead (who hold the care key), any dates — shown as it will print, with 报送联系人 and
电话 to fill in, then 打印… or saved as Excel, PDF (盖章版) or Word (word版)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.roles import Permission, Role
from counselroom.gui.models import RowTableModel
from counselroom.gui.reports.report_output import print_report, save_report_as
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.tables import read_only_table
from counselroom.gui.widgets import error_label, hint_label
from counselroom.services.reports import activity_table
from counselroom.services.school import school_calendar
from counselroom.system import clock

CHOSEN_DATES = "自选日期…"
PRINCIPAL_HINT = "校领导账号可按整学期或整月出表（数字来自心理中心每天更新的汇总）；任意日期范围请由心理教师出表。"


class ActivityRowsModel(RowTableModel[Any]):
    columns = (
        ("序号", lambda r: r.number),
        ("类别", lambda r: r.category),
        ("参与人数", lambda r: r.participants),
        ("谈话次数", lambda r: r.talks),
        ("谈心学生数量", lambda r: r.students),
    )


def runner_is_principal(runner: ServiceRunner) -> bool:
    return runner.actor.role is Role.PRINCIPAL


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def periods(terms: list[Any], today: date) -> list[tuple[str, date, date]]:
    """This term and the last, each followed by its months so far, newest first."""
    found: list[tuple[str, date, date]] = []
    for term in sorted((t for t in terms if t.start <= today), key=lambda t: t.start, reverse=True)[:2]:
        found.append((term.label, term.start, term.end))
        year, month = term.end.year, term.end.month
        while date(year, month, 1) >= date(term.start.year, term.start.month, 1):
            first = date(year, month, 1)
            if first <= today:
                last = date(year + month // 12, month % 12 + 1, 1).toordinal() - 1
                found.append((f"　{year}年{month}月", first, date.fromordinal(last)))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return found


class ActivityTableTab(QWidget):
    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.table_data: Any | None = None
        self.any_dates = runner.actor.can(Permission.VIEW_CARE_RECORDS)
        self.period = QComboBox()
        self.start_field, self.end_field = QDateEdit(), QDateEdit()
        for field in (self.start_field, self.end_field):
            field.setDisplayFormat("yyyy-MM-dd")
            field.setCalendarPopup(True)
        self.contact, self.phone = QLineEdit(), QLineEdit()
        self.contact.setPlaceholderText("默认：负责人")
        self.phone.setPlaceholderText("默认：辅导室")
        self.contact.setMinimumWidth(110)
        self.phone.setMinimumWidth(110)
        self.build_button = QPushButton("生成")
        self.print_button = QPushButton("打印…")
        self.save_buttons = {
            fmt: QPushButton(f"另存为 {name}…") for fmt, name in (("xlsx", "Excel"), ("pdf", "PDF"), ("docx", "Word"))
        }
        self.title = QLabel("")
        self.title.setObjectName("PageTitle")
        self.school = QLabel("")
        self.school.setWordWrap(True)
        self.notes = QLabel("")
        self.notes.setWordWrap(True)
        self.notes.setObjectName("Muted")
        self.problem = error_label()
        self.model = ActivityRowsModel()
        self.table = read_only_table(self.model)
        for label in (self.title, self.school, self.notes):  # what a teacher typed is text, never markup
            label.setTextFormat(Qt.TextFormat.PlainText)
        self._lay_out()
        self.period.currentIndexChanged.connect(lambda _i: self._period_chosen())
        self.build_button.clicked.connect(self.build)
        self.print_button.clicked.connect(lambda: self._output("pdf", printing=True))
        for fmt, button in self.save_buttons.items():
            button.clicked.connect(lambda _c=False, f=fmt: self._output(f))
        self._show(None)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        for widget in (QLabel("时段"), self.period, self.start_field, QLabel("至"), self.end_field):
            top.addWidget(widget)
        top.addWidget(QLabel("报送联系人"))
        top.addWidget(self.contact)
        top.addWidget(QLabel("电话"))
        top.addWidget(self.phone)
        top.addWidget(self.build_button)
        top.addStretch(1)
        outputs = QHBoxLayout()
        outputs.addStretch(1)
        outputs.addWidget(self.print_button)
        for button in self.save_buttons.values():
            outputs.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(top)
        if runner_is_principal(self.runner):
            layout.addWidget(hint_label(PRINCIPAL_HINT))
        layout.addWidget(self.problem)
        layout.addWidget(self.title)
        layout.addWidget(self.school)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notes)
        layout.addLayout(outputs)

    def load_terms(self) -> None:
        today = clock.now().date()
        terms = self.runner.call(school_calendar.list_terms, parent=self) or []
        self.period.blockSignals(True)
        self.period.clear()
        for label, start, end in periods(terms, today):
            self.period.addItem(label, (start, end))
        if self.any_dates:
            self.period.addItem(CHOSEN_DATES, None)
        self.period.blockSignals(False)
        self._period_chosen()

    def _period_chosen(self) -> None:
        chosen = self.period.currentData()
        free = chosen is None and self.period.count() > 0 and self.period.currentText() == CHOSEN_DATES
        for field in (self.start_field, self.end_field):
            field.setEnabled(free)
        if chosen is not None:
            self.start_field.setDate(_qdate(chosen[0]))
            self.end_field.setDate(_qdate(chosen[1]))

    def choose_dates(self, start: date, end: date) -> None:
        """自选日期 (a counselor or the lead): any period."""
        self.period.setCurrentIndex(self.period.findText(CHOSEN_DATES))
        self.start_field.setDate(_qdate(start))
        self.end_field.setDate(_qdate(end))

    def _args(self) -> dict[str, Any]:
        return {
            "start": self.start_field.date().toPython(),
            "end": self.end_field.date().toPython(),
            "contact": self.contact.text().strip() or None,
            "phone": self.phone.text().strip() or None,
        }

    def build(self) -> None:
        args = self._args()
        if args["end"] < args["start"]:  # said here, under the fields, before anything is built
            self.problem.setText(f"结束日期 {args['end']} 早于开始日期 {args['start']}，请改正后再生成。")
            self._show(None)
            return
        self.problem.setText("")
        self._show(self.runner.call(activity_table.activity_table, **args, parent=self))

    def _show(self, data: Any | None) -> None:
        self.table_data = data
        self.model.set_rows(data.rows if data else [])
        self.title.setText("“万师润万心·大走访大谈心”活动记录表" if data else "")
        self.school.setText(
            f"填报单位（盖章）：{data.school}　　报送联系人：{data.contact}　　电话：{data.phone}\n{data.period}"
            if data
            else ""
        )
        self.notes.setText("\n".join(data.notes) if data else "")
        for button in (self.print_button, *self.save_buttons.values()):
            button.setEnabled(data is not None)

    def _output(self, fmt: str, *, printing: bool = False) -> None:
        if self.table_data is None:
            return
        if printing:
            print_report(self, self.runner, "activity_table", **self._args())
        else:
            save_report_as(self, self.runner, "activity_table", fmt, **self._args())

    def clear(self) -> None:
        self._show(None)
