"""录入测评: the questionnaire with one row of radio buttons per item, scored live with the same
domain rules the service uses (the service scores it again when saving).

ScreeningImportDialog lives in screening_import_dialog and is re-exported here, so pages open
both dialogs from one module.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.errors import ValidationError
from counselroom.domain.screening.instruments import (
    ASQ_ACUITY_ITEM,
    BUILT_IN,
    REFUSED,
    Instrument,
    InstrumentSpec,
    format_total,
    score,
)
from counselroom.gui.screening.screening_import_dialog import ScreeningImportDialog, today_date_edit
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.widgets import error_label, hint_label, primary_button, title_label
from counselroom.services.screening.screening_results import ScreeningOutcome, enter_screening
from counselroom.system import clock

__all__ = ["ScreeningEntryDialog", "ScreeningImportDialog"]

SCREEN_NOTE = "筛查结果只提示需要关注，不能代替面谈评估；预警等级由心理教师确认。"


class ScreeningEntryDialog(QDialog):
    """Enter a paper questionnaire (or ask the ASQ questions) for one student."""

    def __init__(self, runner: ServiceRunner, student_id: int, student_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner, self.student_id = runner, student_id
        self.outcome: ScreeningOutcome | None = None
        self.groups: list[QButtonGroup] = []
        self.buttons: list[dict[int, QRadioButton]] = []
        self.setWindowTitle(f"录入测评 — {student_name}")
        self.resize(760, 640)
        self._build(student_name)
        self.set_instrument(Instrument.PHQ9)

    def _build(self, student_name: str) -> None:
        self.instrument = QComboBox()
        for code in BUILT_IN:
            self.instrument.addItem(BUILT_IN[code].title, code)
        self.taken_on = today_date_edit(clock.now().date())
        self.intro = hint_label("")
        self.items_area = QScrollArea()
        self.items_area.setWidgetResizable(True)
        self.score_label = QLabel("")
        self.score_label.setObjectName("ScreeningResult")
        self.flags = error_label()
        self.error = error_label()
        self.save_button = primary_button("保存")
        cancel = QPushButton("取消")
        cancel.setAutoDefault(False)
        top = QFormLayout()
        top.addRow("量表", self.instrument)
        top.addRow("测评日期", self.taken_on)
        buttons = QHBoxLayout()
        buttons.addWidget(self.score_label, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(f"录入测评：{student_name}"))
        layout.addLayout(top)
        layout.addWidget(self.intro)
        layout.addWidget(self.items_area, 1)
        layout.addWidget(self.flags)
        layout.addWidget(hint_label(SCREEN_NOTE))
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.instrument.currentIndexChanged.connect(lambda _i: self.set_instrument(self.instrument.currentData()))
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)

    @property
    def spec(self) -> InstrumentSpec:
        return BUILT_IN[self.instrument.currentData()]

    def set_instrument(self, code: Instrument) -> None:
        index = self.instrument.findData(code)
        if index != self.instrument.currentIndex():
            self.instrument.setCurrentIndex(index)  # re-enters through the signal
            return
        self.intro.setText(self.spec.intro)
        self.groups, self.buttons = [], []
        holder = QWidget()
        column = QVBoxLayout(holder)
        for number, text in enumerate(self.spec.items, start=1):
            column.addWidget(self._item_box(number, text))
        column.addStretch(1)
        self.items_area.setWidget(holder)
        self._update()

    def _item_box(self, number: int, text: str) -> QGroupBox:
        box = QGroupBox(f"{number}. {text}")
        row = QHBoxLayout(box)
        group = QButtonGroup(box)
        choices: dict[int, QRadioButton] = {}
        for value, label in self.spec.choices:
            button = QRadioButton(f"{value} {label}" if self.spec.max_answer > 1 else label)
            group.addButton(button, value)
            row.addWidget(button)
            choices[value] = button
        row.addStretch(1)
        group.idClicked.connect(lambda _v: self._update())
        self.groups.append(group)
        self.buttons.append(choices)
        return box

    def button(self, item: int, value: int) -> QRadioButton:
        """The radio button for answer `value` of item `item` (1-based), as a tester clicks it."""
        return self.buttons[item - 1][value]

    def answers(self) -> list[int | None]:
        values: list[int | None] = [g.checkedId() if g.checkedId() >= 0 else None for g in self.groups]
        if self.spec.code is Instrument.ASQ and not any(values[: ASQ_ACUITY_ITEM - 1]):
            values = values[: ASQ_ACUITY_ITEM - 1]  # question 5 is asked only after a yes or a refusal
        return values

    def _update(self) -> None:
        self._gate_asq_acuity()
        answers = self.answers()
        done = sum(a is not None for a in answers)
        try:
            result = score(self.spec, answers)
        except ValidationError:
            subtotal = sum(a or 0 for a in answers)
            self.score_label.setText(f"已答 {done}/{len(answers)} 题，小计 {subtotal}")
            self.flags.setText("")
            self.save_button.setEnabled(False)
            return
        verdict = "筛查阳性" if result.positive else "未达筛查阳性"
        shown = (
            result.band
            if self.spec.code is Instrument.ASQ
            else (f"总分 {format_total(result.total)} · {result.band} · {verdict}")
        )
        self.score_label.setText(shown)
        self.flags.setText("；".join(result.flags))
        self.save_button.setEnabled(True)

    def _gate_asq_acuity(self) -> None:
        """ASQ question 5 is enabled only when one of questions 1–4 was answered yes or refused
        (NIMH: a refusal is a positive screen)."""
        if self.spec.code is not Instrument.ASQ:
            return
        any_yes = any(g.checkedId() in (1, REFUSED) for g in self.groups[: ASQ_ACUITY_ITEM - 1])
        last = self.groups[ASQ_ACUITY_ITEM - 1]
        if not any_yes and last.checkedId() >= 0:
            last.setExclusive(False)
            last.checkedButton().setChecked(False)
            last.setExclusive(True)
        for button in last.buttons():
            button.setEnabled(any_yes)

    def save(self) -> None:
        outcome = self.runner.call(
            enter_screening,
            self.student_id,
            instrument=self.spec.code.value,
            answers=self.answers(),
            taken_on=self.taken_on.date().toPython(),
            parent=self,
        )
        if outcome is None:
            return
        self.outcome = outcome
        self.runner.changed.emit(outcome.changes)
        self.accept()
