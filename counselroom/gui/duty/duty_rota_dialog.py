"""生成值班表: choose the term, say who takes duty with their available periods and limits, see
the balance (slots and hours per person) and any slot nobody can take, then 发布.

预览 saves the teachers' settings and computes the roster without publishing it; any later
change to the settings asks for a new 预览 before 发布."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.duty.duty_rota import PeriodKey
from counselroom.domain.school.school_days import Period
from counselroom.gui.duty.duty_models import BalanceTableModel, UncoveredTableModel
from counselroom.gui.pages.warning_tabs import make_table, section_label
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.session.account_dialogs import FormDialog
from counselroom.gui.widgets import hint_label, primary_button
from counselroom.services.duty import duty_rota as duty
from counselroom.services.duty.duty_rota import DutyTeacher, RotaPreview
from counselroom.services.school.school_calendar import Term

ON, NAME, POSITION, AVAILABLE, PER_WEEK, PER_TERM = range(6)
NO_LIMIT = "不限"
NO_TERM = "还没有可排班的学期：请先在“设置 → 学年学期”中添加本学年的学期，再来生成值班表。"


def availability_text(available: frozenset[PeriodKey] | None, periods: Sequence[Period]) -> str:
    if available is None:
        return "全部时段"
    chosen = [p.label for p in periods if (p.weekday, p.start) in available]
    return "、".join(chosen) if len(chosen) <= 2 else f"{len(chosen)} 个时段"


class AvailabilityDialog(FormDialog):
    """Which weekly opening periods a teacher can take."""

    def __init__(
        self,
        name: str,
        available: frozenset[PeriodKey] | None,
        periods: Sequence[Period],
        parent: QWidget | None = None,
    ):
        super().__init__(f"{name}可值班的时段", "不勾选“全部时段”时，只在勾选的时段排班。", parent)
        self.all = QCheckBox("全部时段")
        self.all.setChecked(available is None)
        self.form.addRow(self.all)
        self.boxes: list[tuple[PeriodKey, QCheckBox]] = []
        for p in periods:
            box = QCheckBox(p.label)
            box.setChecked(available is None or (p.weekday, p.start) in available)
            self.boxes.append(((p.weekday, p.start), box))
            self.form.addRow(box)
        self.all.toggled.connect(self._follow_all)
        self._follow_all(self.all.isChecked())

    def _follow_all(self, everything: bool) -> None:
        for _key, box in self.boxes:
            box.setEnabled(not everything)

    def check(self) -> str:
        return "" if self.chosen() != frozenset() else "请至少勾选一个时段"

    def chosen(self) -> frozenset[PeriodKey] | None:
        if self.all.isChecked():
            return None
        return frozenset(key for key, box in self.boxes if box.isChecked())


def _limit_field(value: int | None, top: int) -> QSpinBox:
    field = QSpinBox()
    field.setRange(0, top)
    field.setSpecialValueText(NO_LIMIT)  # 0 shows as 不限
    field.setValue(value or 0)
    return field


class GenerateRotaDialog(QDialog):
    def __init__(
        self,
        runner: ServiceRunner,
        terms: Sequence[Term],
        teachers: Sequence[DutyTeacher],
        periods: Sequence[Period],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("生成值班表")
        self.resize(860, 640)
        self.runner = runner
        self.periods = list(periods)
        self.teachers = list(teachers)
        self.preview: RotaPreview | None = None
        self.term = QComboBox()
        for term in terms:
            self.term.addItem(term.label, term.id)
        self.table = self._staff_table()
        self.balance_model, self.uncovered_model = BalanceTableModel(), UncoveredTableModel()
        self.summary = hint_label("勾选值班的老师，设好时段和上限，然后点“预览”。")
        self.preview_button = QPushButton("预览")
        self.publish_button = primary_button("发布")
        self.publish_button.setEnabled(False)
        close = QPushButton("关闭")
        self.preview_button.clicked.connect(self.run_preview)
        self.publish_button.clicked.connect(self.publish)
        close.clicked.connect(self.reject)
        self.term.currentIndexChanged.connect(self._changed)
        self._layout(close)
        if not terms:  # a new school: nothing to plan yet, and 预览 would have no term to ask for
            self.preview_button.setEnabled(False)
            self.summary.setText(NO_TERM)

    def _layout(self, close: QPushButton) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("学期"))
        top.addWidget(self.term, 1)
        results = QHBoxLayout()
        self.balance_view = make_table(self.balance_model, BalanceTableModel.NOTE)
        self.balance_view.setWordWrap(True)  # the 说明 is read whole, not elided
        results.addWidget(self.balance_view, 3)
        results.addWidget(make_table(self.uncovered_model, 0), 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addStretch(1)
        buttons.addWidget(self.publish_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(section_label("值班教师"))
        layout.addWidget(self.table, 3)
        layout.addWidget(section_label("预览：每人班次与小时，以及无人可排的班次"))
        layout.addWidget(self.summary)
        layout.addLayout(results, 2)
        layout.addLayout(buttons)

    def _staff_table(self) -> QTableWidget:
        table = QTableWidget(len(self.teachers), 6)
        table.setHorizontalHeaderLabels(["值班", "姓名", "职务", "可值班时段", "每周上限", "学期上限"])
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(POSITION, QHeaderView.ResizeMode.Stretch)
        for row, t in enumerate(self.teachers):
            box = QTableWidgetItem()
            box.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            box.setCheckState(Qt.CheckState.Checked if t.on_duty else Qt.CheckState.Unchecked)
            table.setItem(row, ON, box)
            for col, text in ((NAME, t.name), (POSITION, t.position)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                table.setItem(row, col, item)
            button = QPushButton(availability_text(t.available, self.periods))
            button.clicked.connect(lambda _=False, r=row: self.edit_availability(r))
            table.setCellWidget(row, AVAILABLE, button)
            for col, value, top in (
                (PER_WEEK, t.max_per_week, duty.MAX_PER_WEEK),
                (PER_TERM, t.max_per_term, duty.MAX_PER_TERM),
            ):
                field = _limit_field(value, top)
                field.valueChanged.connect(self._changed)
                table.setCellWidget(row, col, field)
        table.itemChanged.connect(self._changed)
        table.resizeColumnsToContents()
        return table

    # -- editing -----------------------------------------------------------------------
    def set_on_duty(self, row: int, on: bool) -> None:
        self.table.item(row, ON).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def limit_field(self, row: int, col: int) -> QSpinBox:
        field = self.table.cellWidget(row, col)
        assert isinstance(field, QSpinBox)
        return field

    def edit_availability(self, row: int) -> None:
        t = self.teachers[row]
        dialog = AvailabilityDialog(t.name, t.available, self.periods, self)
        if dialog.exec():
            self.set_availability(row, dialog.chosen())

    def set_availability(self, row: int, available: frozenset[PeriodKey] | None) -> None:
        self.teachers[row] = replace(self.teachers[row], available=available)
        button = self.table.cellWidget(row, AVAILABLE)
        assert isinstance(button, QPushButton)
        button.setText(availability_text(available, self.periods))
        self._changed()

    def current_teachers(self) -> list[DutyTeacher]:
        def limit(row: int, col: int) -> int | None:
            return self.limit_field(row, col).value() or None

        return [
            replace(
                t,
                on_duty=self.table.item(row, ON).checkState() == Qt.CheckState.Checked,
                max_per_week=limit(row, PER_WEEK),
                max_per_term=limit(row, PER_TERM),
            )
            for row, t in enumerate(self.teachers)
        ]

    def _changed(self) -> None:
        if self.preview is not None:
            self.summary.setText("设置已改动，请重新预览后再发布。")
        self.preview = None
        self.publish_button.setEnabled(False)

    # -- preview and publish --------------------------------------------------------------
    def term_id(self) -> int | None:
        chosen = self.term.currentData()
        return None if chosen is None else int(chosen)

    def run_preview(self) -> None:
        term_id = self.term_id()
        if term_id is None:
            self.summary.setText(NO_TERM)
            return
        if self.runner.call(duty.set_duty_staff, self.current_teachers(), parent=self) is None:
            return
        preview = self.runner.call(duty.preview_rota, term_id, parent=self)
        if preview is None:
            return
        self.balance_model.set_rows(preview.balance)
        self.balance_view.resizeRowsToContents()
        self.uncovered_model.set_rows(preview.uncovered)
        kept = f"已开始的 {preview.kept} 个班次保持不变；" if preview.kept else ""
        gaps = f"{len(preview.uncovered)} 个班次无人可排，见右表" if preview.uncovered else "每个开放时段都有人值班"
        why = "各人班次多少不一的原因见“说明”列。" if any(line.note for line in preview.balance) else ""
        self.summary.setText(f"{preview.term_label}：共排 {len(preview.assignments)} 个班次，{kept}{gaps}。{why}")
        self.preview = preview
        self.publish_button.setEnabled(True)

    def publish(self) -> None:
        term_id = self.term_id()
        if self.preview is None or term_id is None:
            return
        if self.runner.call(duty.publish_rota, term_id, parent=self) is not None:
            self.accept()
