"""报表 → 学期自查报告: a term's five areas of S004 §三 at a glance — every check against the school's
政策依据 with 达标/未达标 (the shortfalls in red and listed in words), the 问题与改进措施 the principal
writes before printing, and 打印… / 另存为 PDF… / 另存为 Word….

The report is built by the service from the school store's counts only (the principal holds no care
key); building runs on the worker — on a large school it reads a term of counts and draws charts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.roles import Permission
from counselroom.domain.small_counts import footnote
from counselroom.gui.models import Index, RowTableModel
from counselroom.gui.reports.report_output import print_report, save_report_as
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.tables import read_only_table
from counselroom.gui.widgets import error_label, hint_label
from counselroom.reports.self_inspection_data import CheckItem, SelfInspection, Verdict
from counselroom.services.reports import self_inspection
from counselroom.services.school import school_calendar
from counselroom.services.school.school_calendar import Term
from counselroom.system import clock

GAP_COLOUR = "#c0392b"
NOTES_HINT = "问题与改进措施（打印在报告末尾）。校长和心理中心都能看到这段文字，请不要写学生姓名。"
NOTES_MAX = 2000
COLUMN_WIDTHS = {0: 110, 1: 130, 2: 160, 3: 50, 5: 56}  # 方面, 项目, 要求, 依据, 结论; 本校情况 takes the rest


class CheckTableModel(RowTableModel[tuple[str, CheckItem]]):
    """Every area's checks in one table: 方面, 项目, 要求, 依据, 本校情况, 结论."""

    WIDE = 4
    columns = (
        ("方面", lambda r: r[0]),
        ("项目", lambda r: r[1].item),
        ("要求", lambda r: r[1].requirement),
        ("依据", lambda r: r[1].source),
        ("本校情况", lambda r: r[1].ours),
        ("结论", lambda r: r[1].verdict.value),
    )

    def set_report(self, report: SelfInspection | None) -> None:
        self.set_rows([(a.name, c) for a in report.areas for c in a.checks] if report else [])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        check = self.row_at(index.row())[1]
        if role == Qt.ItemDataRole.ForegroundRole and check.verdict is Verdict.NOT_MET:
            return QColor(GAP_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{check.source}：“{check.quote}”" if check.quote else (check.requirement or None)
        if role == Qt.ItemDataRole.FontRole and check.verdict is Verdict.NOT_MET and index.column() == 5:
            bold = QFont()
            bold.setBold(True)
            return bold
        return super().data(index, role)


def glance_text(report: SelfInspection) -> str:
    """The line the principal reads first: how many checks are met, how many not."""
    day = report.as_of
    running = "" if report.term_over else f"（学期进行中，数字截至 {day.year}年{day.month}月{day.day}日）"
    judged = f"达标 {report.met} 项，未达标 {report.not_met} 项"
    return (
        f"{report.term} · 按{report.profile} · 在校学生 {report.students} 人，{report.classes} 个班{running}：{judged}"
    )


class SelfInspectionTab(QWidget):
    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.report: SelfInspection | None = None
        self.kept_notes: str | None = None  # typed before a lock, not saved: shown again over the saved text
        self.term_box = QComboBox()
        self.build_button = QPushButton("生成")
        self.glance = QLabel("")
        self.glance.setWordWrap(True)
        self.glance.setObjectName("PageHint")
        self.legend = QLabel("")  # what "<5" and "*" in 本校情况 mean, as under the PDF's tables
        self.legend.setObjectName("Muted")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.PlainText)
        self.problem = error_label()
        self.model = CheckTableModel()
        self.table = read_only_table(self.model)
        self.table.setWordWrap(True)
        self.gap_title = QLabel("")
        self.gap_list = QListWidget()
        self.gap_list.setWordWrap(True)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("如：个别班级心理课未按两周一课时开设，下学期由教务处在排课时落实……")
        self.save_notes_button = QPushButton("保存")
        self.print_button = QPushButton("打印…")
        self.pdf_button = QPushButton("另存为 PDF…")
        self.docx_button = QPushButton("另存为 Word…")
        self.may_write_notes = runner.actor.can(Permission.WRITE_REPORT_NOTES)
        self.notes.setReadOnly(not self.may_write_notes)
        self.save_notes_button.setVisible(self.may_write_notes)
        self._lay_out()
        self.term_box.currentIndexChanged.connect(lambda _i: self.build())
        self.build_button.clicked.connect(self.build)
        self.save_notes_button.clicked.connect(self.save_notes)
        self.print_button.clicked.connect(lambda: self._output("pdf", printing=True))
        self.pdf_button.clicked.connect(lambda: self._output("pdf"))
        self.docx_button.clicked.connect(lambda: self._output("docx"))
        self._show(None)

    def _lay_out(self) -> None:
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column, width in COLUMN_WIDTHS.items():  # long requirements wrap instead of pushing 结论 off
            header.setSectionResizeMode(column, header.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(CheckTableModel.WIDE, header.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(QLabel("学期"))
        top.addWidget(self.term_box)
        top.addWidget(self.build_button)
        top.addStretch(1)
        for button in (self.print_button, self.pdf_button, self.docx_button):
            top.addWidget(button)
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.gap_title)
        column.addWidget(self.gap_list, 2)
        column.addWidget(hint_label(NOTES_HINT))
        column.addWidget(self.notes, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_notes_button)
        column.addLayout(row)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([870, 310])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(top)
        layout.addWidget(self.glance)
        layout.addWidget(self.problem)
        layout.addWidget(split, 1)
        layout.addWidget(self.legend)

    # -- terms and building --------------------------------------------------------------
    def load_terms(self) -> None:
        """Terms already begun, newest first, this term chosen (a report may be printed for last term)."""
        today = clock.now().date()
        known = self.runner.call(school_calendar.list_terms, parent=self) or []
        terms = sorted((t for t in known if t.start <= today), key=lambda t: t.start, reverse=True)
        chosen = self.term
        self.term_box.blockSignals(True)
        self.term_box.clear()
        for term in terms:
            self.term_box.addItem(term.label, term)
        current = next((i for i, t in enumerate(terms) if chosen and t.id == chosen.id), None)
        if current is None:
            current = next((i for i, t in enumerate(terms) if t.current), 0)
        self.term_box.setCurrentIndex(current)
        self.term_box.blockSignals(False)
        if not terms:
            self.problem.setText("还没有已经开学的学期：请系统管理员在“设置 → 学年学期”中添加。")

    @property
    def term(self) -> Term | None:
        term = self.term_box.currentData()
        return term if isinstance(term, Term) else None

    def build(self) -> None:
        term = self.term
        if term is None:
            self._show(None)
            return
        report = self.runner.run_in_worker(
            self_inspection.self_inspection, term.id, label="正在汇总本学期的自查数据…", parent=self
        )
        self._show(report)

    def _show(self, report: SelfInspection | None) -> None:
        self.report = report
        self.model.set_report(report)
        self.table.resizeRowsToContents()
        self.glance.setText(glance_text(report) if report else "")
        self.legend.setText(
            "表中“依据”的文件名和原文：把鼠标停在该行上。" + footnote(report.small_count_threshold) if report else ""
        )
        gaps = list(report.gaps) if report else []
        self.gap_title.setText(f"自查发现的问题（{len(gaps)} 项）" if gaps else ("各项均已达标" if report else ""))
        self.gap_title.setStyleSheet(f"color: {GAP_COLOUR}; font-weight: bold;" if gaps else "font-weight: bold;")
        self.gap_list.clear()
        for text in gaps:
            item = QListWidgetItem(text)
            item.setForeground(QColor(GAP_COLOUR))
            self.gap_list.addItem(item)
        kept, self.kept_notes = self.kept_notes, None
        self.notes.setPlainText(kept if kept is not None and report else (report.notes if report else ""))
        for button in (self.print_button, self.pdf_button, self.docx_button):
            button.setEnabled(report is not None)
        self.save_notes_button.setEnabled(report is not None)

    # -- notes and output ----------------------------------------------------------------
    def save_notes(self) -> bool:
        term, text = self.term, self.notes.toPlainText().strip()
        if term is None or self.report is None:
            return False
        if len(text) > NOTES_MAX:
            self.problem.setText(f"问题与改进措施最多 {NOTES_MAX} 字，现在有 {len(text)} 字。")
            return False
        shown = self.report
        if self.runner.call(self_inspection.save_notes, term.id, text, parent=self) is None:
            return False
        self.problem.clear()
        if self.report is shown:  # 报表 rebuilds on the change it announces; on its own, build here
            self.build()
        return True

    def keep_notes(self, text: str) -> None:
        """Unsaved notes from before a lock: shown now, or once the report is built again."""
        if self.report is not None:
            self.notes.setPlainText(text)
        else:
            self.kept_notes = text

    def keep_unsaved_notes(self) -> None:
        """The report is about to be built again: what is typed and not saved stays in the box."""
        if self.notes_unsaved():
            self.kept_notes = self.notes.toPlainText()

    def notes_unsaved(self) -> bool:
        return self.report is not None and self.notes.toPlainText().strip() != self.report.notes.strip()

    def _output(self, fmt: str, *, printing: bool = False) -> None:
        term = self.term
        if term is None or self.report is None:
            return
        if self.may_write_notes and self.notes_unsaved() and not self.save_notes():
            return  # what is printed is what was saved: the notes first
        if printing:
            print_report(self, self.runner, "self_inspection", term_id=term.id)
        else:
            save_report_as(self, self.runner, "self_inspection", fmt, term_id=term.id)

    def clear(self) -> None:
        self._show(None)
