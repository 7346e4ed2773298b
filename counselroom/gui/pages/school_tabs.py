"""设置 tabs for the school's classes (with 心理委员, the school's way of writing class names and the
year-end rollover) and staff."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from counselroom.domain.roles import Permission
from counselroom.gui.models import RowTableModel
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.settings.school_dialogs import (
    AddStaffDialog,
    PeerMonitorDialog,
    RolloverDialog,
    SchoolYearDialog,
)
from counselroom.gui.tables import read_only_table
from counselroom.services.care import peer_reports
from counselroom.services.school import class_naming, school_calendar, school_structure


class ClassTableModel(RowTableModel[school_structure.ClassSummary]):
    columns = (
        ("班级", lambda c: c.name),
        ("学段", lambda c: c.stage),
        ("班主任", lambda c: c.head_teacher),
        ("在读人数", lambda c: c.students),
    )


class StaffTableModel(RowTableModel[school_structure.StaffSummary]):
    columns = (
        ("姓名", lambda s: s.name),
        ("性别", lambda s: s.gender),
        ("岗位", lambda s: s.position),
        ("学科/职务", lambda s: s.subject),
        ("资质", lambda s: s.qualifications),
    )


class ClassesTab(QWidget):
    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.model = ClassTableModel()
        self.view = read_only_table(self.model)
        self.monitors_button = QPushButton("设置心理委员…")
        self.monitors_button.setVisible(runner.actor.can(Permission.WRITE_CARE_RECORDS))
        self.rollover_button = QPushButton("学年升级…")
        self.rollover_button.setVisible(runner.actor.can(Permission.MANAGE_ROSTER))
        self.name_form = QComboBox()
        self.name_form.setToolTip("列表和屏幕上按这种写法显示班级；打印的中文材料一律用全角括号，如 初一（3）班。")
        self.save_form_button = QPushButton("保存写法")
        can_rename = runner.actor.can(Permission.MANAGE_ROSTER)
        self.name_form.setEnabled(can_rename)
        self.save_form_button.setVisible(can_rename)
        self.save_form_button.clicked.connect(self.save_name_form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.monitors_button)
        buttons.addStretch(1)
        buttons.addWidget(QLabel("班级写法"))
        buttons.addWidget(self.name_form)
        buttons.addWidget(self.save_form_button)
        buttons.addWidget(self.rollover_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.view)
        self.monitors_button.clicked.connect(self.set_monitors)
        self.rollover_button.clicked.connect(self.rollover)

    def refresh(self) -> None:
        self.model.set_rows(self.runner.call(school_structure.list_classes, parent=self) or [])
        forms = self.runner.call(class_naming.class_name_forms, parent=self)
        if forms is not None:
            self.name_form.clear()
            self.name_form.addItems(list(forms.choices))
            self.name_form.setCurrentText(forms.current)

    def clear(self) -> None:
        self.model.clear()

    def save_name_form(self) -> None:
        if self.runner.call(class_naming.set_class_name_form, self.name_form.currentText(), parent=self) is not None:
            self.refresh()

    def _selected(self) -> school_structure.ClassSummary | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def set_monitors(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        choices = self.runner.call(peer_reports.peer_monitor_choices, chosen.id, parent=self)
        if choices is None:
            return
        dialog = PeerMonitorDialog(choices, self)
        while dialog.exec():
            if self.runner.call(peer_reports.set_peer_monitors, chosen.id, dialog.chosen(), parent=dialog) is not None:
                return

    def rollover(self) -> None:
        preview = self.runner.call(school_structure.preview_rollover, parent=self)
        if preview is None:
            return
        if not preview.moves:
            QMessageBox.information(self, "学年升级", "还没有班级，无需升级。")
            return
        if RolloverDialog(preview, self).exec():
            self.runner.call(school_structure.apply_rollover, on_date=date.today(), parent=self)
            self.refresh()


class _ListWithAdd(QWidget):
    """A table with one 添加… button above it: the shape of several 设置 tabs."""

    def __init__(
        self,
        runner: ServiceRunner,
        model: RowTableModel,
        add_label: str,  # type: ignore[type-arg]
        permission: Permission,
        list_service: Callable[..., Sequence[object] | None],
    ):
        super().__init__()
        self.runner, self.model, self._list = runner, model, list_service
        self.add_button = QPushButton(add_label)
        self.add_button.setVisible(runner.actor.can(permission))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(read_only_table(self.model))

    def refresh(self) -> None:
        self.model.set_rows(self.runner.call(self._list, parent=self) or [])

    def clear(self) -> None:
        self.model.clear()


class StaffTab(_ListWithAdd):
    def __init__(self, runner: ServiceRunner):
        super().__init__(
            runner, StaffTableModel(), "添加教职工…", Permission.MANAGE_ROSTER, school_structure.list_staff
        )
        self.add_button.clicked.connect(self.add_staff)

    def add_staff(self) -> None:
        dialog = AddStaffDialog(self)
        while dialog.exec():
            done = self.runner.call(
                school_structure.add_staff,
                name=dialog.name.text(),
                gender=dialog.gender.currentText(),
                position=dialog.chosen_position(),
                subject=dialog.subject.text(),
                qualifications=dialog.qualifications.text(),
                parent=dialog,
            )
            if done is not None:
                self.refresh()
                return


class TermTableModel(RowTableModel[school_calendar.Term]):
    columns = (
        ("学期", lambda t: t.label + ("（当前）" if t.current else "")),
        ("代码", lambda t: t.code),
        ("开始", lambda t: t.start.isoformat()),
        ("结束", lambda t: t.end.isoformat()),
    )


class TermsTab(_ListWithAdd):
    """学年与学期: reports and statistics are grouped by these dates."""

    def __init__(self, runner: ServiceRunner):
        super().__init__(runner, TermTableModel(), "添加学年…", Permission.MANAGE_SETTINGS, school_calendar.list_terms)
        self.add_button.clicked.connect(self.add_year)

    def add_year(self) -> None:
        rows = [self.model.row_at(i) for i in range(self.model.rowCount())]
        next_year = max((int(t.code[:4]) for t in rows), default=date.today().year - 1) + 1
        dialog = SchoolYearDialog(next_year, self)
        while dialog.exec():
            first, second = dialog.terms()
            if (
                self.runner.call(
                    school_calendar.add_school_year,
                    start_year=dialog.start_year.value(),
                    first=first,
                    second=second,
                    parent=dialog,
                )
                is not None
            ):
                self.refresh()
                return
