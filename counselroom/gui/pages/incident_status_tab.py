"""预警 → 危机事件, the leader in charge's view: how many incidents are in each status, and each one's
number, status and timings (登记, 通知分管校领导 and how long that took, 结案) with its after-care
counts — never a kind, a note or a name (services/crisis/incident_overview.py)."""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QVBoxLayout, QWidget

from counselroom.gui.models import Index, RowTableModel
from counselroom.gui.pages.incident_texts import (
    DETAIL_HIDDEN,
    NOT_NOTIFIED,
    counts_line,
    duration,
    followups_text,
    is_open,
    table_time,
    term_start,
)
from counselroom.gui.pages.warning_tabs import TableOrHint, button_row, make_table, section_label, today
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.widgets import hint_label
from counselroom.services.crisis.incident_overview import IncidentStatusView, incident_overview
from counselroom.services.school import school_calendar

THIS_TERM, EVERYTHING = "本学期", "全部"
EMPTY = {THIS_TERM: "本学期没有危机事件记录。", EVERYTHING: "还没有危机事件记录。"}
OPEN_COLOUR = "#c0392b"


class IncidentStatusTableModel(RowTableModel[IncidentStatusView]):
    NUMBER, STATUS, OPENED, NOTIFIED, TOOK, CLOSED, PEOPLE, FOLLOWUPS = range(8)
    columns = (
        ("编号", lambda v: f"#{v.number}"),
        ("状态", lambda v: v.status),
        ("登记时间", lambda v: table_time(v.opened_at)),
        ("通知分管校领导", lambda v: table_time(v.leader_notified_at) if v.leader_notified_at else "未记录"),
        ("用时", lambda v: duration(v.minutes_to_leader) or "—"),
        ("结案时间", lambda v: table_time(v.closed_at)),
        ("事后关爱人数", lambda v: v.aftercare_people),
        ("随访 完成/计划", followups_text),
    )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        view = self.row_at(index.row())
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == self.STATUS and is_open(view):
            return QBrush(QColor(OPEN_COLOUR))
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.NOTIFIED and not view.leader_notified_at:
            return NOT_NOTIFIED
        if role == Qt.ItemDataRole.TextAlignmentRole:  # short values under wide headers
            return Qt.AlignmentFlag.AlignCenter
        return super().data(index, role)


class IncidentStatusTab(QWidget):
    def __init__(self, runner: ServiceRunner):
        super().__init__()
        self.runner = runner
        self.model = IncidentStatusTableModel()
        self.period = QComboBox()
        self.period.addItems([THIS_TERM, EVERYTHING])
        self.period.setToolTip("本学期：本学期登记的事件，以及之前登记、尚未结案的事件")
        self.counts = section_label("")
        self.view = make_table(self.model, IncidentStatusTableModel.NUMBER)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)  # eight short columns, evenly spread
        self.view.setSortingEnabled(False)  # newest first, as the service gives them
        self.area = TableOrHint(self.view, EMPTY[THIS_TERM])
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(DETAIL_HIDDEN))
        layout.addLayout(button_row(self.counts, QLabel("范围"), self.period, stretch_at=1))
        layout.addWidget(self.area, 1)
        self.period.currentTextChanged.connect(lambda _text: self.refresh())

    def refresh(self) -> None:
        period = self.period.currentText()
        since = self._term_start() if period == THIS_TERM else None
        if period == THIS_TERM and since is None:
            self.model.clear()
            self.counts.setText("")
            self.area.show_empty(True, "校历中还没有本学期，请选“全部”。")
            return
        overview = self.runner.call(incident_overview, since=since, parent=self)
        if overview is None:
            return
        self.model.set_rows(overview.incidents)
        self.counts.setText(counts_line(overview.by_status, overview.total))
        self.area.show_empty(not overview.incidents, EMPTY[period])

    def _term_start(self) -> datetime | None:
        terms = self.runner.call(school_calendar.list_terms, parent=self) or []
        start = term_start([(t.start, t.end) for t in terms], today())
        return datetime.combine(start, time()) if start is not None else None

    def clear(self) -> None:
        self.model.clear()
        self.counts.setText("")
