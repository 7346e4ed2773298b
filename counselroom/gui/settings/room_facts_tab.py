"""设置 → 辅导室建设 (S001, S004 心理咨询室的建设): the functional areas and their sizes, the four rules
(在用, 上墙, 制定日期), the 经费 per school year, and this term's use of the room (使用率). The lead and
the admin edit; everyone else reads."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.activities.room_facts import RoomRuleName
from counselroom.domain.roles import Permission
from counselroom.gui.models import RowTableModel
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.settings.room_facts_dialogs import RoomAreaDialog, RoomBudgetDialog
from counselroom.gui.tables import read_only_table
from counselroom.gui.widgets import hint_label
from counselroom.services.activities import room_facts
from counselroom.services.activities.room_facts import RoomArea, RoomBudget, RoomFacts, RoomRule, RoomUse
from counselroom.services.school import room_setup, school_calendar
from counselroom.system import clock

READ_ONLY = "辅导室建设情况由心理中心负责人或管理员维护。"
NOT_SET = QDate(2000, 1, 1)  # the date edit's minimum, shown as 未填


class AreaModel(RowTableModel[RoomArea]):
    columns = (
        ("功能区", lambda a: a.name),
        ("面积（平方米）", lambda a: a.size_m2),
        ("对应辅导室", lambda a: a.room_name),
        ("备注", lambda a: a.notes),
    )


class BudgetModel(RowTableModel[RoomBudget]):
    columns = (("学年", lambda b: b.year_name), ("经费（元）", lambda b: f"{b.amount:,}"), ("说明", lambda b: b.notes))


def use_text(term_label: str, use: RoomUse) -> str:
    """One paragraph on the term so far, with what 使用率 means."""
    if use.rate is None:
        return f"{term_label}至今还没有开放时段，使用率无从计算（每周开放时段在“辅导室与开放时间”中设置）。"
    return (
        f"{term_label}至今：开放 {use.school_days} 天，共 {use.open_hours:g} 小时"
        f"（{use.rooms} 间辅导室）；已到预约 {use.sessions_text or use.sessions} 次，约 {use.booked_hours:g} 小时，"
        f"使用率 {use.rate:.0%}。值班 {use.duty_days} 天，值班记录 {use.duty_logs} 份。"
        "（使用率＝已到预约按常规时长计的小时数 ÷ 开放时段小时数 × 辅导室间数）"
    )


class _RuleRow:
    def __init__(self, rule: RoomRuleName, grid: QGridLayout, row: int, can_edit: bool):
        self.rule = rule
        self.in_force = QCheckBox("在用")
        self.posted = QCheckBox("已上墙")
        self.adopted = QDateEdit()
        self.adopted.setCalendarPopup(True)
        self.adopted.setDisplayFormat("yyyy-MM-dd")
        self.adopted.setMinimumDate(NOT_SET)
        self.adopted.setSpecialValueText("未填")
        for column, widget in enumerate((QLabel(rule.value), self.in_force, self.posted, QLabel("制定日期"))):
            grid.addWidget(widget, row, column)
        grid.addWidget(self.adopted, row, 4)
        for widget in (self.in_force, self.posted, self.adopted):
            widget.setEnabled(can_edit)

    def show(self, rule: RoomRule) -> None:
        self.in_force.setChecked(rule.in_force)
        self.posted.setChecked(rule.posted)
        self.adopted.setDate(QDate(rule.adopted_on) if rule.adopted_on else NOT_SET)

    def value(self) -> RoomRule:
        picked = self.adopted.date()
        adopted: date | None = None if picked == NOT_SET else picked.toPython()
        return RoomRule(self.rule, self.in_force.isChecked(), adopted, self.posted.isChecked())


class RoomFactsTab(QWidget):
    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.can_edit = runner.actor.can(Permission.MANAGE_ROOM_SETUP)
        self.facts: RoomFacts | None = None
        self.hint = hint_label("" if self.can_edit else READ_ONLY)
        self.hint.setVisible(not self.can_edit)
        self.use = hint_label("")
        self.areas, self.budgets = AreaModel(), BudgetModel()
        self.area_view, self.budget_view = read_only_table(self.areas), read_only_table(self.budgets)
        self.total_area = QLabel()
        self.add_area_button, self.edit_area_button = QPushButton("新增功能区…"), QPushButton("编辑…")
        self.remove_area_button = QPushButton("删除")
        self.set_budget_button, self.remove_budget_button = QPushButton("设置经费…"), QPushButton("删除")
        self.save_rules_button = QPushButton("保存制度")
        rules = QGridLayout()
        self.rule_rows = [_RuleRow(rule, rules, n, self.can_edit) for n, rule in enumerate(RoomRuleName)]
        rules.setColumnStretch(5, 1)  # the columns stay together on the left
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.use)
        area_buttons = (self.add_area_button, self.edit_area_button, self.remove_area_button)
        layout.addLayout(_header("功能区", self.total_area, *area_buttons))
        layout.addWidget(self.area_view, 2)
        layout.addLayout(_header("制度（在用、上墙与制定日期）", None, self.save_rules_button))
        layout.addLayout(rules)
        layout.addLayout(_header("经费", None, self.set_budget_button, self.remove_budget_button))
        layout.addWidget(self.budget_view, 1)
        for button in (*area_buttons, self.set_budget_button, self.remove_budget_button, self.save_rules_button):
            button.setVisible(self.can_edit)
        self.add_area_button.clicked.connect(self.add_area)
        self.edit_area_button.clicked.connect(self.edit_area)
        self.remove_area_button.clicked.connect(self.remove_area)
        self.set_budget_button.clicked.connect(self.set_budget)
        self.remove_budget_button.clicked.connect(self.remove_budget)
        self.save_rules_button.clicked.connect(self.save_rules)
        self.area_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.budget_view.selectionModel().selectionChanged.connect(self._update_buttons)
        if self.can_edit:
            self.area_view.doubleClicked.connect(self.edit_area)
            self.budget_view.doubleClicked.connect(self.set_budget)
        self._update_buttons()

    def refresh(self) -> None:
        self.facts = self.runner.call(room_facts.room_facts, parent=self)
        if self.facts is None:
            return
        self.areas.set_rows(self.facts.areas)
        self.budgets.set_rows(self.facts.budgets)
        self.total_area.setText(f"合计 {sum(a.size_m2 for a in self.facts.areas)} 平方米" if self.facts.areas else "")
        for row, rule in zip(self.rule_rows, self.facts.rules, strict=True):
            row.show(rule)
        self.use.setText(self._use_text())
        self._update_buttons()

    def clear(self) -> None:
        self.areas.clear()
        self.budgets.clear()
        self.use.clear()

    def _use_text(self) -> str:
        terms = self.runner.call(school_calendar.list_terms, parent=self) or []
        term = next((t for t in terms if t.current), None)
        if term is None:
            return "今天不在校历的学期内；辅导室使用率按学期统计。"
        use = self.runner.call(room_facts.room_use, term.id, parent=self)
        return use_text(term.label, use) if use is not None else ""

    def selected_area(self) -> RoomArea | None:
        rows = self.area_view.selectionModel().selectedRows()
        return self.areas.row_at(rows[0].row()) if rows else None

    def selected_budget(self) -> RoomBudget | None:
        rows = self.budget_view.selectionModel().selectedRows()
        return self.budgets.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        self.edit_area_button.setEnabled(self.selected_area() is not None)
        self.remove_area_button.setEnabled(self.selected_area() is not None)
        self.remove_budget_button.setEnabled(self.selected_budget() is not None)

    def add_area(self) -> None:
        self._run_area_dialog(None)

    def edit_area(self) -> None:
        chosen = self.selected_area()
        if chosen is not None:
            self._run_area_dialog(chosen)

    def _run_area_dialog(self, area: RoomArea | None) -> None:
        """Until it is saved or cancelled: an error reopens the dialog as typed, the field marked."""
        rooms = self.runner.call(room_setup.list_rooms, parent=self) or []
        dialog = RoomAreaDialog(area, rooms, self)
        area_id = area.id if area else None
        while dialog.exec():
            saved = self.runner.call_in_form(
                dialog.show_field_error, room_facts.save_room_area, dialog.entry(), area_id=area_id, parent=dialog
            )
            if saved is not None:
                self.refresh()
                return

    def remove_area(self) -> None:
        chosen = self.selected_area()
        if chosen is None:
            return
        answer = QMessageBox.question(self, "删除功能区", f"删除功能区“{chosen.name}”吗？")
        if answer == QMessageBox.StandardButton.Yes and self.runner.call(
            room_facts.remove_room_area, chosen.id, parent=self
        ):
            self.refresh()

    def set_budget(self) -> None:
        dialog = RoomBudgetDialog(self.selected_budget(), clock.now().date(), self)
        while dialog.exec():
            saved = self.runner.call_in_form(
                dialog.show_field_error, room_facts.set_room_budget, dialog.entry(), parent=dialog
            )
            if saved is not None:
                self.refresh()
                return

    def remove_budget(self) -> None:
        chosen = self.selected_budget()
        if chosen is None:
            return
        answer = QMessageBox.question(self, "删除经费", f"删除 {chosen.year_name} 学年的经费记录吗？")
        if answer == QMessageBox.StandardButton.Yes and self.runner.call(
            room_facts.remove_room_budget, chosen.year_name, parent=self
        ):
            self.refresh()

    def save_rules(self) -> None:
        """Only the rules changed since they were shown: each saved one is one audit row."""
        shown = {r.rule: r for r in self.facts.rules} if self.facts else {}
        for row in self.rule_rows:
            rule = row.value()
            if rule != shown.get(rule.rule) and self.runner.call(room_facts.set_room_rule, rule, parent=self) is None:
                break
        self.refresh()


def _header(title: str, note: QLabel | None, *buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(QLabel(title))
    if note is not None:
        row.addWidget(note)
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row
