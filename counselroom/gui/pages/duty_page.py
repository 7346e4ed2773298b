"""值班: the term's roster as a month grid of names, the chosen day's slots, 调班 with its history,
the 值班记录 of a slot (double-click a slot that is over) and the 待补值班记录 list.

Who sees what: everyone the grid; the lead and admin 生成值班表, 调班 and the 热线电话; a counselor
申请调班; counselors and the lead the 值班记录 (a care record). The principal reads the grid only.
Everyone may print the door roster (打印门贴…: gui/print_actions.py). A new school first sees
which set-up steps the roster needs (学年学期, 辅导室与开放时间, 教职工), with buttons to them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QSplitter, QVBoxLayout, QWidget

from counselroom.domain.changes import ChangeKind
from counselroom.domain.roles import Permission
from counselroom.domain.school.setup_steps import SetupStep
from counselroom.gui.duty.duty_dialogs import (
    ApproveSwapDialog,
    DeclineSwapDialog,
    DutyLogDialog,
    SwapDialog,
    request_text,
)
from counselroom.gui.duty.duty_grid import MonthGridWidget, month_title, shift_month
from counselroom.gui.duty.duty_models import DaySlotTableModel, MissingLogTableModel, SwapHistoryTableModel, day_label
from counselroom.gui.duty.duty_rota_dialog import GenerateRotaDialog
from counselroom.gui.lazy_modules import print_actions
from counselroom.gui.pages.base import Page
from counselroom.gui.pages.setup_guide import SetupGuideWidget
from counselroom.gui.pages.warning_tabs import make_table, run_dialog, section_label, selected_row, today
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.settings.room_dialogs import edit_contacts
from counselroom.gui.widgets import primary_button, title_label
from counselroom.services.duty import duty_rota as duty
from counselroom.services.duty.duty_rota import DutySlot, SwapLine
from counselroom.services.school import room_setup, school_calendar


class DutyPage(Page):
    title = "值班"
    refresh_on = frozenset({ChangeKind.DUTY, ChangeKind.ROOMS, ChangeKind.SETTINGS, ChangeKind.CLASSES})
    open_page = Signal(str, str)  # (page title, action): the set-up checklist's links
    NEEDS = (SetupStep.TERMS, SetupStep.ROOMS, SetupStep.STAFF)

    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        actor = runner.actor
        self.guide = SetupGuideWidget(runner, self.NEEDS, "排值班表之前，请按顺序完成以下设置：")
        self.guide.open_page.connect(self.open_page)
        self.can_plan = actor.can(Permission.MANAGE_ROOM_SETUP)
        self.can_log = actor.can(Permission.VIEW_CARE_RECORDS) and actor.can(Permission.WRITE_CARE_RECORDS)
        self.can_request = actor.can(Permission.WRITE_CARE_RECORDS) and not self.can_plan
        self.year, self.month = today().year, today().month
        self.grid = MonthGridWidget()
        self.slot_model, self.swap_model = DaySlotTableModel(), SwapHistoryTableModel()
        self.missing_model, self.pending_model = MissingLogTableModel(), SwapHistoryTableModel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(self._header())
        layout.addWidget(self.guide)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.grid)
        splitter.addWidget(self._side())
        splitter.setSizes([760, 440])
        layout.addWidget(splitter, 1)
        self.grid.day_selected.connect(self._day_selected)
        self.grid.day_activated.connect(self._day_activated)
        self.refresh()

    # -- building ----------------------------------------------------------------------
    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.month_label = QLabel()
        self.month_label.setObjectName("PageTitle")
        buttons = [QPushButton(text) for text in ("◀ 上月", "本月", "下月 ▶")]
        for button, step in zip(buttons, (-1, 0, 1), strict=True):
            button.clicked.connect(lambda _=False, s=step: self.go(s))
        row.addWidget(title_label("值班"))
        row.addSpacing(16)
        row.addWidget(buttons[0])
        row.addWidget(self.month_label)
        row.addWidget(buttons[2])
        row.addWidget(buttons[1])
        row.addStretch(1)
        self.door_button = QPushButton("打印门贴…")
        self.door_button.clicked.connect(lambda: print_actions().door_rota_from_page(self))
        row.addWidget(self.door_button)
        if self.can_plan:
            hotline_button = QPushButton("热线电话…")
            hotline_button.clicked.connect(self.edit_hotlines)
            self.generate_button = primary_button("生成值班表…")
            self.generate_button.clicked.connect(self.generate)
            row.addWidget(hotline_button)
            row.addWidget(self.generate_button)
        return row

    def _side(self) -> QWidget:
        side = QWidget()
        box = QVBoxLayout(side)
        box.setContentsMargins(8, 0, 0, 0)
        self.day_title = section_label("选中一天查看班次")
        self.slot_view = make_table(self.slot_model, DaySlotTableModel.STATE)
        self.slot_view.setMaximumHeight(140)
        self.slot_view.doubleClicked.connect(self.open_log)
        self.slot_view.selectionModel().selectionChanged.connect(self._slot_selected)
        self.swap_button = QPushButton("调班…" if self.can_plan else "申请调班…")
        self.swap_button.setVisible(self.can_plan or self.can_request)
        self.swap_button.clicked.connect(self.swap)
        self.log_button = QPushButton("值班记录…")
        self.log_button.setVisible(self.can_log)
        self.log_button.clicked.connect(self.open_log)
        actions = QHBoxLayout()
        actions.addWidget(self.day_title, 1)
        actions.addWidget(self.swap_button)
        actions.addWidget(self.log_button)
        box.addLayout(actions)
        box.addWidget(self.slot_view)
        box.addWidget(self._pending_part())
        box.addWidget(section_label("调班记录"))
        box.addWidget(make_table(self.swap_model, SwapHistoryTableModel.REASON), 1)
        self.missing_title = section_label("待补值班记录")
        self.missing_view = make_table(self.missing_model, 2)
        self.missing_view.doubleClicked.connect(self.open_missing_log)
        for widget in (self.missing_title, self.missing_view):
            widget.setVisible(self.can_log)
            box.addWidget(widget)
        return side

    def _pending_part(self) -> QWidget:
        self.pending_part = part = QWidget()
        box = QVBoxLayout(part)
        box.setContentsMargins(0, 8, 0, 0)
        self.pending_title = section_label("待批准的调班")
        self.pending_view = make_table(self.pending_model, SwapHistoryTableModel.REASON)
        self.pending_view.setMaximumHeight(120)
        self.approve_button, self.decline_button = QPushButton("批准…"), QPushButton("不批准…")
        self.approve_button.clicked.connect(self.approve)
        self.decline_button.clicked.connect(self.decline)
        row = QHBoxLayout()
        row.addWidget(self.pending_title, 1)
        for button in (self.approve_button, self.decline_button):
            button.setVisible(self.can_plan)
            row.addWidget(button)
        box.addLayout(row)
        box.addWidget(self.pending_view)
        return part

    # -- loading -----------------------------------------------------------------------
    def go(self, step: int) -> None:
        self.year, self.month = shift_month(self.year, self.month, step) if step else (today().year, today().month)
        self.refresh()

    def refresh(self) -> None:
        self.guide.refresh()
        self.month_label.setText(month_title(self.year, self.month))
        days = self.runner.call(duty.rota_for_month, self.year, self.month, parent=self) or []
        self.grid.show_month(self.year, self.month, days, today())
        self._day_selected(self.grid.selected_day())
        pending = self.runner.call(duty.pending_duty_swaps, parent=self) or []
        self.pending_model.set_rows(pending)
        self.pending_part.setVisible(bool(pending))
        if self.can_log:
            missing = self.runner.call(duty.missing_duty_logs, parent=self) or []
            self.missing_model.set_rows(missing)
            self.missing_title.setText(f"待补值班记录（{len(missing)}）")

    def _day_selected(self, day: date | None) -> None:
        shown = self.grid.days.get(day) if day else None
        self.slot_model.set_rows(shown.slots if shown else [])
        title = day_label(day) if day else "选中一天查看班次"
        self.day_title.setText(f"{title}　{shown.reason}" if shown and shown.reason else title)
        if shown and shown.slots:
            self.slot_view.selectRow(0)
        self._slot_selected()

    def _day_activated(self, day: date) -> None:
        shown = self.grid.days.get(day)
        if shown and len(shown.slots) == 1 and shown.slots[0].ended:
            self.open_log()

    def selected_slot(self) -> DutySlot | None:
        return selected_row(self.slot_view)  # type: ignore[return-value]

    def _slot_selected(self) -> None:
        slot = self.selected_slot()
        assignment_id = slot.assignment_id if slot else None
        ended = bool(slot and slot.ended)
        self.swap_button.setEnabled(assignment_id is not None and not ended)
        self.log_button.setEnabled(assignment_id is not None and ended)
        history = (
            self.runner.call(duty.duty_swaps_history, assignment_id=assignment_id, parent=self)
            if assignment_id is not None
            else None
        )
        self.swap_model.set_rows(history or [])

    def clear_for_lock(self) -> None:
        for model in (self.slot_model, self.swap_model, self.missing_model, self.pending_model):
            model.clear()
        self.grid.clear_month()
        self.guide.clear_for_lock()

    def open_action(self, action: str) -> None:
        """From a 今日 待办 "duty:2025-10-13:7": that day with the slot selected, and its 值班记录
        open when the slot is over and the viewer keeps the log."""
        kind, _sep, rest = action.partition(":")
        day_text, _sep, assignment = rest.partition(":")
        if kind != "duty" or not day_text:
            return
        self.show_day(date.fromisoformat(day_text))
        for row in range(self.slot_model.rowCount()):
            if assignment and self.slot_model.row_at(row).assignment_id == int(assignment):
                self.slot_view.selectRow(row)
                self.open_log()

    def show_day(self, day: date) -> None:
        self.year, self.month = day.year, day.month
        self.refresh()
        self.grid.select_day(day)

    # -- actions -----------------------------------------------------------------------
    def _teachers(self) -> list[duty.DutyTeacher]:
        return self.runner.call(duty.list_duty_staff, parent=self) or []

    def generate(self) -> None:
        self.guide.refresh()
        # Without a term or staff the dialog has nothing to plan; opening hours it explains itself.
        if missing := [s for s in self.guide.missing if s.step in (SetupStep.TERMS, SetupStep.STAFF)]:
            steps = "\n".join(f"{n}. {s.step.value}：{s.missing}" for n, s in enumerate(missing, 1))
            QMessageBox.information(self, "生成值班表", f"生成值班表之前，请先完成：\n{steps}")
            return
        terms = [t for t in self.runner.call(school_calendar.list_terms, parent=self) or [] if t.end >= today()]
        periods = self.runner.call(room_setup.get_opening_hours, parent=self) or []
        dialog = GenerateRotaDialog(self.runner, terms, self._teachers(), periods, self)
        if dialog.exec() and dialog.preview is not None:
            first = min((p.day for p in dialog.preview.assignments), default=today())
            self.year, self.month = (today().year, today().month) if first <= today() else (first.year, first.month)
            self.refresh()

    def swap(self) -> None:
        slot = self.selected_slot()
        if slot is None or slot.assignment_id is None:
            return
        service = duty.swap_duty if self.can_plan else duty.request_duty_swap
        run_dialog(
            self.runner,
            SwapDialog(slot, self._teachers(), direct=self.can_plan, parent=self),
            service,
            slot.assignment_id,
        )

    def open_log(self) -> None:
        slot = self.selected_slot()
        if self.can_log and slot is not None and slot.assignment_id is not None and slot.ended:
            self._log_dialog(slot)

    def open_missing_log(self) -> None:
        slot = selected_row(self.missing_view)
        if isinstance(slot, DutySlot):
            self._log_dialog(slot)

    def _log_dialog(self, slot: DutySlot) -> None:
        assert slot.assignment_id is not None
        existing = self.runner.call(duty.duty_log, slot.assignment_id, parent=self)
        dialog = DutyLogDialog(slot, self._teachers(), existing, self)
        run_dialog(self.runner, dialog, duty.write_duty_log, slot.assignment_id)

    def selected_request(self) -> SwapLine | None:
        return selected_row(self.pending_view)  # type: ignore[return-value]

    def _chosen_request(self, verb: str) -> SwapLine | None:
        """The selected 调班 request; with none, say so rather than do nothing."""
        request = self.selected_request()
        if request is None:
            QMessageBox.information(self, f"{verb}调班", f"请先在“待批准的调班”中选中一条申请，再点“{verb}”。")
        return request

    def approve(self) -> None:
        if request := self._chosen_request("批准"):
            run_dialog(self.runner, ApproveSwapDialog(request_text(request), self), duty.approve_duty_swap, request.id)

    def decline(self) -> None:
        if request := self._chosen_request("不批准"):
            run_dialog(self.runner, DeclineSwapDialog(request_text(request), self), duty.decline_duty_swap, request.id)

    def edit_hotlines(self) -> None:
        edit_contacts(self.runner, self)  # the same dialog as 设置 → 辅导室与开放时间
