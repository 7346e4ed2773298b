"""The set-up checklist as a page shows it to a new school: the steps the page needs, in order
(学年学期 → 辅导室与开放时间 → 教职工 → 名单), what is missing, and a button that goes where each
step is done — or, for a step the viewer may not do, who does it. Hidden once nothing is missing."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from counselroom.domain.school.setup_steps import SetupStep
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.widgets import primary_button
from counselroom.services.school import setup_checklist
from counselroom.services.school.setup_checklist import SetupChecklist, StepState

# Where each step is done: (sidebar page, action for the main window's open_page).
TARGETS = {
    SetupStep.TERMS: ("设置", "tab:学年学期"),
    SetupStep.ROOMS: ("设置", "tab:辅导室与开放时间"),
    SetupStep.STAFF: ("设置", "tab:教职工"),
    SetupStep.ENROLMENT: ("学生", "import"),
}
BUTTON_TEXT = {
    SetupStep.TERMS: "去设置学年学期",
    SetupStep.ROOMS: "去设置辅导室",
    SetupStep.STAFF: "去添加教职工",
    SetupStep.ENROLMENT: "去导入名单",
}
_STYLE = "#SetupGuide { background: #fff8e6; border: 1px solid #f0c36d; border-radius: 6px; }"


def step_text(number: int, state: StepState) -> str:
    """第2步 辅导室与开放时间：还没有开放时间 — 添加辅导室，填写每周开放时间（请管理员完成）"""
    if state.done:
        return f"第{number}步 {state.step.value}：已完成"
    who = "" if state.may_do else f"（请{state.who}完成）"
    return f"第{number}步 {state.step.value}：{state.missing} — {state.step.task}{who}"


class SetupGuideWidget(QFrame):
    open_page = Signal(str, str)  # (page title, action), as 今日's links

    def __init__(
        self,
        runner: ServiceRunner,
        needed: tuple[SetupStep, ...],
        intro: str,
        *,
        shown_when: tuple[SetupStep, ...] = (),
        parent: QWidget | None = None,
    ):
        """`needed`: the steps listed (every step when empty); `shown_when`: the steps whose
        absence shows the list (any listed step when empty)."""
        super().__init__(parent)
        self.runner, self.needed, self.shown_when = runner, needed or tuple(SetupStep), shown_when
        self.setObjectName("SetupGuide")
        self.setStyleSheet(_STYLE)
        self.intro = QLabel(intro)
        self.intro.setStyleSheet("font-weight: bold;")
        self.rows = QGridLayout()
        self.rows.setColumnStretch(0, 1)
        self.lines: list[QLabel] = []
        self.buttons: dict[SetupStep, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(self.intro)
        layout.addLayout(self.rows)
        self.checklist: SetupChecklist | None = None
        self.row_height = QPushButton(BUTTON_TEXT[SetupStep.TERMS]).sizeHint().height()
        self.hide()

    @property
    def missing(self) -> tuple[StepState, ...]:
        """The listed steps still to do, in order."""
        return self.checklist.missing(*self.needed) if self.checklist is not None else ()

    def refresh(self) -> None:
        checklist = self.runner.call(setup_checklist.setup_checklist, parent=self)
        if checklist is None:
            return
        self.checklist = checklist
        self._show(checklist)

    def _show(self, checklist: SetupChecklist) -> None:
        for widget in (*self.lines, *self.buttons.values()):
            widget.setParent(None)
            widget.deleteLater()
        self.lines, self.buttons = [], {}
        shown = [s for s in checklist.steps if s.step in self.needed]
        first_mine = next((s.step for s in shown if not s.done and s.may_do), None)  # the primary button
        for row, state in enumerate(shown):
            number = list(SetupStep).index(state.step) + 1
            line = QLabel(step_text(number, state))
            line.setWordWrap(True)
            line.setMinimumHeight(self.row_height)  # rows with and without a button alike
            line.setObjectName("Muted" if state.done else "")
            self.lines.append(line)
            self.rows.addWidget(line, row, 0)
            if not state.done and state.may_do:
                self.rows.addWidget(self._button(state.step, first=state.step is first_mine), row, 1)
        self.setVisible(bool(checklist.missing(*(self.shown_when or self.needed))))

    def _button(self, step: SetupStep, *, first: bool) -> QPushButton:
        button = primary_button(BUTTON_TEXT[step]) if first else QPushButton(BUTTON_TEXT[step])
        button.setAutoDefault(False)
        button.setDefault(False)
        button.clicked.connect(lambda _=False, s=step: self.open_page.emit(*TARGETS[s]))
        self.buttons[step] = button
        return button

    def clear_for_lock(self) -> None:
        self.checklist = None
        self.hide()
