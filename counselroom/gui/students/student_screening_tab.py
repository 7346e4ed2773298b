"""测评 tab of the student file: results (no answers), the trend chart, entry, and — on
request, audited — the item answers of one result."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from counselroom.domain.roles import Permission
from counselroom.gui.chart_widget import TrendChartWidget
from counselroom.gui.models import RowTableModel
from counselroom.gui.screening.screening_dialogs import ScreeningEntryDialog
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.widgets import hint_label, title_label
from counselroom.services.screening import screening_results
from counselroom.services.screening.screening_results import AnswerLine, ScreeningSummary


class ScreeningTableModel(RowTableModel[ScreeningSummary]):
    columns = (
        ("日期", lambda r: r.taken_on.isoformat()),
        ("量表", lambda r: r.instrument),
        ("批次", lambda r: r.batch_name),
        ("总分", lambda r: "" if r.total is None else f"{r.total:g}"),
        ("程度", lambda r: r.band),
        ("结果", lambda r: verdict(r)),
    )


def verdict(r: ScreeningSummary) -> str:
    """Never 未见异常 beside an answered risk item: that one always needs a person to look. A
    sheet with the same answer throughout carries its review note (all 0 and all 3 alike)."""
    if r.invalid_reason:
        text = f"无效问卷：{r.invalid_reason}" + ("；风险题有作答，需面谈核实" if r.risk_flag else "")
    elif r.positive:
        text = "筛查阳性，风险题有作答" if r.risk_flag else "筛查阳性"
    else:
        text = "风险题有作答，需复核" if r.risk_flag else "未见异常"
    return f"{text}（{r.review_note}）" if r.review_note else text


class AnswerTableModel(RowTableModel[AnswerLine]):
    columns = (("题号", lambda a: a.number), ("题目", lambda a: a.text), ("作答", lambda a: a.label))


class ScreeningTab(QWidget):
    def __init__(
        self,
        runner: ServiceRunner,
        student_id: int,
        student_name: str,
        table_factory: Callable[[RowTableModel], QWidget],
        parent: QWidget | None = None,
    ):  # type: ignore[type-arg]
        super().__init__(parent)
        self.runner, self.student_id, self.student_name = runner, student_id, student_name
        self._table_factory = table_factory
        self.model = ScreeningTableModel()
        self.table = table_factory(self.model)
        rows = self._load()
        self.chart = TrendChartWidget(self, title=f"{student_name} 测评趋势", points=[r.point for r in rows])
        self.enter_button = QPushButton("录入测评…")
        self.enter_button.setVisible(runner.actor.can(Permission.RECORD_SCREENING))
        self.answers_button = QPushButton("查看逐题作答…")
        buttons = QHBoxLayout()
        buttons.addWidget(self.answers_button)
        buttons.addStretch(1)
        buttons.addWidget(self.enter_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label("测评结果只作筛查参考（筛查阳性不等于诊断），需结合访谈判断。逐题作答的每次查看都记入审计日志。")
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(self.chart, 1)
        layout.addLayout(buttons)
        self.enter_button.clicked.connect(self.enter)
        self.answers_button.clicked.connect(self.show_answers)
        self._show(rows)

    def _load(self) -> list[ScreeningSummary]:
        return self.runner.call(screening_results.student_screening_history, self.student_id, parent=self) or []

    def refresh(self) -> None:
        rows = self._load()
        self.chart.show_points([r.point for r in rows])
        self._show(rows)

    def _show(self, rows: list[ScreeningSummary]) -> None:
        self.model.set_rows(sorted(rows, key=lambda r: r.taken_on, reverse=True))
        self.answers_button.setEnabled(bool(rows))

    def enter(self) -> None:
        dialog = ScreeningEntryDialog(self.runner, self.student_id, self.student_name, self)
        if dialog.exec():
            self.refresh()

    def selected(self) -> ScreeningSummary | None:
        rows = self.table.selectionModel().selectedRows()  # type: ignore[attr-defined]
        if rows:
            return self.model.row_at(rows[0].row())
        return self.model.row_at(0) if self.model.rowCount() else None

    def show_answers(self) -> QDialog | None:
        chosen = self.selected()
        if chosen is None:
            return None
        answers = self.runner.call(screening_results.screening_answers, chosen.result_id, parent=self)
        if answers is None:
            return None
        dialog = QDialog(self)
        dialog.setWindowTitle(f"{answers.instrument} 逐题作答 — {self.student_name}")
        dialog.resize(720, 420)
        model = AnswerTableModel()
        model.set_rows(answers.lines)
        layout = QVBoxLayout(dialog)
        layout.addWidget(title_label(f"{answers.instrument}　{answers.taken_on.isoformat()}　{answers.band}"))
        layout.addWidget(self._table_factory(model))
        dialog._model = model  # type: ignore[attr-defined]  # the view does not own its model
        dialog.open()
        return dialog

    def clear(self) -> None:
        self.model.clear()
        self.chart.clear()
