"""达标情况: the chosen term against the school's policy profile — per class (心理课 every two weeks,
家访 by the profile's unit, 主题班团队会), per grade (专题活动), per term (家长学校, 会议) and per person
(培训 for the school year) — with what falls short in red and listed in words beside the tables.
Every line names its rule and source; the tooltip quotes the document. No line names a student."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counselroom.gui.activities.coverage_models import (
    CLASS_AREAS,
    GAP_COLOUR,
    ClassCoverageTableModel,
    CoverageLineTableModel,
    TrainingCoverageTableModel,
)
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.tables import read_only_table
from counselroom.gui.widgets import hint_label
from counselroom.services.activities import coverage
from counselroom.services.school.school_calendar import Term

TRAININGS = "培训"
NO_RULES = "当前的政策依据没有可对照的活动要求。系统管理员可在“设置 → 政策依据”中选择学校所在地区的文件。"


def as_of_text(found: Any) -> str:
    day = found.as_of
    state = "" if found.term_over else "，学期进行中，数字还会增加"
    return f"按{found.profile}的标准 · {found.term} · 截至 {day.year}年{day.month}月{day.day}日{state}"


class CoverageTab(QWidget):
    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.term: Term | None = None
        self.found: Any | None = None
        self.class_model = ClassCoverageTableModel()
        self.other_model = CoverageLineTableModel()
        self.training_model = TrainingCoverageTableModel()
        self.summary = QLabel("")
        self.summary.setObjectName("Muted")
        self.empty = hint_label(NO_RULES)
        self.gap_title = QLabel("")
        self.gap_list = QListWidget()
        self.gap_list.setWordWrap(True)
        self.inner = QTabWidget()
        self.class_table = read_only_table(self.class_model)  # type: ignore[arg-type]
        # Widths fitted once per load (show_coverage), not at each layout pass: in ResizeToContents the
        # header measured a large school's ~2,300 cells again at every pass (150 ms of data() calls).
        self.class_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.other_table = self._lines_table(self.other_model)
        self.training_table = self._lines_table(self.training_model)
        self.inner.addTab(self.class_table, "按班级")
        self.inner.addTab(self.other_table, "年级与全校")
        self.inner.addTab(self.training_table, TRAININGS)
        self._lay_out()

    @staticmethod
    def _lines_table(model: CoverageLineTableModel) -> Any:
        table = read_only_table(model)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(model.WIDE, header.ResizeMode.Stretch)
        return table

    def _lay_out(self) -> None:
        gaps = QWidget()
        column = QVBoxLayout(gaps)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.gap_title)
        column.addWidget(self.gap_list, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.inner)
        split.addWidget(gaps)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([820, 320])
        self.split = split
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(split, 1)

    def show_term(self, term: Term | None) -> None:
        self.term = term
        self.refresh()

    def refresh(self) -> None:
        self.found = self.runner.call(coverage.activity_coverage, self.term.id, parent=self) if self.term else None
        self.show_coverage(self.found)

    def show_coverage(self, found: Any | None) -> None:
        lines = list(found.lines) if found is not None else []
        self.class_model.set_coverage(found)
        self.class_table.resizeColumnsToContents()  # from the first SIZING_ROWS rows
        self.other_model.set_rows([x for x in lines if x.area not in CLASS_AREAS and x.area != TRAININGS])
        trainings = [x for x in lines if x.area == TRAININGS]
        self.training_model.set_rows(trainings)
        if found is not None:  # an empty tab says why (江西's documents set no training hours, for one)
            told = f"{found.school_year}学年" if trainings else f"{found.profile}的标准未作要求"
            self.inner.setTabText(2, f"{TRAININGS}（{told}）")
        self.summary.setText(as_of_text(found) if found is not None else "")
        self.empty.setVisible(found is not None and not lines)
        self.split.setVisible(bool(lines))
        self._show_gaps(found.gaps if found is not None else [])

    def _show_gaps(self, gaps: list[str]) -> None:
        self.gap_title.setText(f"未达标（{len(gaps)} 项）" if gaps else "各项均已达标")
        self.gap_title.setStyleSheet(f"color: {GAP_COLOUR}; font-weight: bold;" if gaps else "font-weight: bold;")
        self.gap_list.clear()
        for text in gaps:
            item = QListWidgetItem(text)
            item.setForeground(QColor(GAP_COLOUR))
            self.gap_list.addItem(item)

    def clear(self) -> None:
        self.found = None
        self.show_coverage(None)
