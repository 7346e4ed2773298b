"""预警名单 tab: the 待确认 strip, the open entries with a level filter, and each entry's history."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.roles import Permission
from counselroom.gui.care.notice_dialogs import CosignRejectionDialog, GuardianNoticeDialog
from counselroom.gui.care.warning_dialogs import (
    ChangeLevelDialog,
    CloseWarningDialog,
    ConfirmProposalDialog,
    RejectProposalDialog,
    ReviewDialog,
)
from counselroom.gui.care.warning_models import HistoryTableModel, ProposalTableModel, WarningTableModel
from counselroom.gui.pages.warning_tabs import (
    ALL,
    TableOrHint,
    button_row,
    make_table,
    run_dialog,
    section_label,
    selected_row,
    today,
)
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.tables import SIZING_ROWS
from counselroom.services.care import proposals, warning_list
from counselroom.services.care.proposals import ProposalItem
from counselroom.services.care.warning_list import WarningEntry
from counselroom.system import clock

EMPTY_LIST = "预警名单为空。筛查阳性或班主任、心理委员报告的学生会出现在上方待确认列表中。"


class ListTab(QWidget):
    """预警名单: the 待确认 strip, the open entries with a level filter, and the history beside."""

    def __init__(self, runner: ServiceRunner):
        super().__init__()
        self.runner = runner
        self.entries: list[WarningEntry] = []
        self.proposal_model = ProposalTableModel()
        self.warning_model = WarningTableModel()
        self.history_model = HistoryTableModel()
        layout = QVBoxLayout(self)
        layout.addWidget(self._proposal_strip())
        layout.addLayout(self._list_bar())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.warning_view = make_table(self.warning_model, WarningTableModel.REASON)
        self.list_area = TableOrHint(self.warning_view, EMPTY_LIST)
        splitter.addWidget(self.list_area)
        splitter.addWidget(self._history_pane())
        splitter.setSizes([600, 400])  # the history needs room for its reasons
        layout.addWidget(splitter, 1)
        self.warning_view.selectionModel().selectionChanged.connect(self._entry_selected)
        self.warning_view.doubleClicked.connect(self.review)
        self.proposal_view.selectionModel().selectionChanged.connect(self._proposal_selected)
        self._entry_selected()
        self._proposal_selected()

    def _proposal_strip(self) -> QWidget:
        strip = QWidget()
        self.proposal_title = section_label("待确认的建议（0）")
        self.proposal_view = make_table(self.proposal_model, 3)
        self.proposal_view.setMaximumHeight(150)
        self.confirm_button = QPushButton("确认列入…")
        self.reject_button = QPushButton("不列入…")
        # A lead co-signs a counselor's rejection of a red proposal (only a lead sees the button).
        self.cosign_button = QPushButton("确认不列入…")
        self.cosign_button.setToolTip("心理教师申请不列入的红色预警建议，须由心理中心负责人确认")
        self.is_lead = self.runner.actor.can(Permission.COSIGN_RED_REJECTIONS)
        buttons = (self.confirm_button, self.reject_button, *((self.cosign_button,) if self.is_lead else ()))
        box = QVBoxLayout(strip)
        box.setContentsMargins(0, 0, 0, 8)
        box.addLayout(button_row(self.proposal_title, *buttons, stretch_at=1))
        self.proposal_parts = (self.proposal_view, *buttons)
        box.addWidget(self.proposal_view)
        self.confirm_button.clicked.connect(self.confirm_proposal)
        self.reject_button.clicked.connect(self.reject_proposal)
        self.cosign_button.clicked.connect(self.cosign_rejection)
        return strip

    def _list_bar(self) -> QHBoxLayout:
        self.level_filter = QComboBox()
        self.level_filter.addItem(ALL, None)
        for level in WarningLevel:
            self.level_filter.addItem(level.label, level)
        self.change_button = QPushButton("调整等级…")
        self.review_button = QPushButton("复评…")
        self.close_button = QPushButton("解除…")
        self.notice_button = QPushButton("家长告知…")
        self.notice_button.setToolTip("记下何时、以何种方式、由谁告知了家长，以及家长的回应")
        self.level_filter.currentIndexChanged.connect(self._show_entries)
        self.notice_button.clicked.connect(self.tell_guardian)
        self.change_button.clicked.connect(self.change_level)
        self.review_button.clicked.connect(self.review)
        self.close_button.clicked.connect(self.close_entry)
        return button_row(
            section_label("预警名单"),
            QLabel("等级"),
            self.level_filter,
            self.change_button,
            self.review_button,
            self.notice_button,
            self.close_button,
            stretch_at=3,
        )

    def _history_pane(self) -> QWidget:
        self.history_pane = pane = QWidget()
        self.history_title = section_label("历史记录")
        self.history_view = make_table(self.history_model, 3)
        # Reasons are sentences: wrap them in the narrow pane rather than scroll sideways.
        self.history_view.setWordWrap(True)
        self.history_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history_view.verticalHeader().setResizeContentsPrecision(SIZING_ROWS)
        self.history_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        box = QVBoxLayout(pane)
        box.setContentsMargins(8, 0, 0, 0)
        box.addWidget(self.history_title)
        box.addWidget(self.history_view)
        return pane

    # -- loading -----------------------------------------------------------------------
    def refresh(self) -> None:
        pending = self.runner.call(proposals.pending_proposals, parent=self) or []
        self.proposal_model.set_rows(pending)
        self.proposal_title.setText(f"待确认的建议（{len(pending)}）")
        for part in self.proposal_parts:
            part.setVisible(bool(pending))
        self._proposal_selected()
        self.entries = self.runner.call(warning_list.list_warnings, parent=self) or []
        self._show_entries()

    def _show_entries(self) -> None:
        chosen = self.selected_entry()
        level = self.level_filter.currentData()
        self.warning_model.set_rows([e for e in self.entries if level is None or e.level is level])
        self.history_pane.setVisible(bool(self.entries))
        if not self.entries:
            self.list_area.show_empty(True, EMPTY_LIST)
        else:
            none = f"没有{self.level_filter.currentText()}预警的学生。"
            self.list_area.show_empty(self.warning_model.rowCount() == 0, none)
        self._select(self.warning_model.row_of(chosen.id) if chosen else -1)

    def _select(self, row: int) -> None:
        if row >= 0:
            self.warning_view.selectRow(row)  # selectionChanged loads the history
        else:
            self._entry_selected()

    def select_student(self, student_id: int) -> None:
        self.level_filter.setCurrentIndex(0)
        model = self.warning_model
        rows = [i for i in range(model.rowCount()) if model.row_at(i).student_id == student_id]
        self._select(rows[0] if rows else -1)

    def selected_entry(self) -> WarningEntry | None:
        return selected_row(self.warning_view)  # type: ignore[return-value]

    def selected_proposal(self) -> ProposalItem | None:
        return selected_row(self.proposal_view)  # type: ignore[return-value]

    def _entry_selected(self) -> None:
        entry = self.selected_entry()
        for button in (self.change_button, self.review_button, self.notice_button, self.close_button):
            button.setEnabled(entry is not None)
        lines = self.runner.call(warning_list.warning_history, entry.id, parent=self) if entry else None
        self.history_model.set_rows(lines or [])
        title = f"历史记录：{entry.student_name}" if entry else "历史记录（选中一名学生查看）"
        self.history_title.setText(title)

    def _proposal_selected(self) -> None:
        chosen = self.selected_proposal()
        waiting = chosen is not None and bool(chosen.awaiting_lead)
        self.confirm_button.setEnabled(chosen is not None)
        # A counselor's rejection already waits for the lead; asking again changes nothing.
        self.reject_button.setEnabled(chosen is not None and (self.is_lead or not waiting))
        self.cosign_button.setEnabled(waiting)

    def clear(self) -> None:
        self.entries = []
        for model in (self.proposal_model, self.warning_model, self.history_model):
            model.clear()
        self.history_title.setText("历史记录")

    # -- actions -----------------------------------------------------------------------
    def confirm_proposal(self) -> None:
        if p := self.selected_proposal():
            run_dialog(self.runner, ConfirmProposalDialog(p, today(), self), proposals.confirm_proposal, p.id)

    def reject_proposal(self) -> None:
        if p := self.selected_proposal():
            needs_lead = p.proposed_level is WarningLevel.RED and not self.is_lead
            dialog = RejectProposalDialog(p, self, needs_lead=needs_lead)
            run_dialog(self.runner, dialog, proposals.reject_proposal, p.id)

    def cosign_rejection(self) -> None:
        if (p := self.selected_proposal()) and p.awaiting_lead:
            run_dialog(self.runner, CosignRejectionDialog(p, self), proposals.cosign_rejection, p.id)

    def tell_guardian(self) -> None:
        if e := self.selected_entry():
            told_by = f"{self.runner.actor.role.label} {self.runner.actor.display_name}"
            dialog = GuardianNoticeDialog(e, told_by, clock.now().replace(second=0, microsecond=0), self)
            if run_dialog(self.runner, dialog, warning_list.record_guardian_notice, e.id):
                self._entry_selected()  # the history shows the notice at once

    def change_level(self) -> None:
        if e := self.selected_entry():
            dialog = ChangeLevelDialog(e, today(), self)
            run_dialog(self.runner, dialog, warning_list.change_warning_level, e.id)

    def review(self) -> None:
        if e := self.selected_entry():
            run_dialog(self.runner, ReviewDialog(e, today(), self), warning_list.record_review, e.id)

    def close_entry(self) -> None:
        if e := self.selected_entry():
            run_dialog(self.runner, CloseWarningDialog(e, self), warning_list.close_warning, e.id)
