"""设置 → 到期清除: how many years the records of students who left are kept (with what the
default rests on), and — for the lead holding the care key — the students past that period,
to select and purge after a confirmation that says exactly what goes (purge_dialog.py). The
purge runs through the worker with a progress window; the result is said in a message."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain import retention as rules
from counselroom.domain.roles import Permission
from counselroom.gui.models import Index, RowTableModel
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.settings.purge_dialog import PurgeConfirmDialog
from counselroom.gui.tables import read_only_table
from counselroom.gui.text_format import long_date
from counselroom.gui.widgets import hint_label
from counselroom.services.backup import purge, retention, retention_setting
from counselroom.services.backup.retention import CARE_STORE, SCHOOL_STORE, DueStudent

HINT = (
    "学生毕业或转出后，其心理档案和学籍信息按学校设定的年限保存；到期后由心理中心负责人核对名单，"
    "确认后从两个数据文件中彻底删除（包括检索索引和附件），审计日志为每名学生只记一条不含姓名的记录。"
)
NOT_YOURS = "到期学生的名单和清除由心理中心负责人（已获心理档案访问权限）操作。"


class DueStudentModel(RowTableModel[DueStudent]):
    """The counts are long: a cell too narrow for them shows them all when pointed at."""

    columns = (
        ("姓名", lambda s: s.name),
        ("离校时班级", lambda s: s.class_name or "—"),
        ("离校方式", lambda s: s.left_how),
        ("离校日期", lambda s: s.left_on.isoformat()),
        ("到期日期", lambda s: s.due_on.isoformat()),
        (SCHOOL_STORE, lambda s: s.counts_in(SCHOOL_STORE)),
        (CARE_STORE, lambda s: s.counts_in(CARE_STORE)),
    )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.ToolTipRole:
            role = Qt.ItemDataRole.DisplayRole
        return super().data(index, role)


class RetentionTab(QWidget):
    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        actor = runner.actor
        self.years = QSpinBox()
        self.years.setRange(rules.MIN_YEARS, rules.MAX_YEARS)
        self.years.setSuffix(" 年")
        self.save_button = QPushButton("保存")
        can_set = actor.can(Permission.SET_RETENTION)
        self.years.setEnabled(can_set)
        self.save_button.setEnabled(can_set)
        self.default_note = QLabel()
        self.source = hint_label("")
        self.school_decides = hint_label("")
        row = QHBoxLayout()
        row.addWidget(QLabel("离校满"))
        row.addWidget(self.years)
        row.addWidget(QLabel("后列入到期清除"))
        row.addWidget(self.save_button)
        row.addWidget(self.default_note)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(HINT))
        layout.addLayout(row)
        layout.addWidget(self.source)
        layout.addWidget(self.school_decides)
        self.may_purge = actor.can(Permission.PURGE_EXPIRED) and runner.session.db.has_care
        self.model = DueStudentModel()
        self.table = read_only_table(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.due_title = QLabel()
        self.select_all_button = QPushButton("全选")
        self.purge_button = QPushButton("清除所选学生…")
        if self.may_purge:
            buttons = QHBoxLayout()
            buttons.addWidget(self.due_title, 1)
            buttons.addWidget(self.select_all_button)
            buttons.addWidget(self.purge_button)
            layout.addLayout(buttons)
            layout.addWidget(self.table, 1)
        else:
            layout.addWidget(hint_label(NOT_YOURS))
            layout.addStretch(1)
        self.save_button.clicked.connect(self.save_years)
        self.select_all_button.clicked.connect(self.table.selectAll)
        self.purge_button.clicked.connect(self.purge_selected)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        # Loaded by its page (refresh), once: loading here too read everything twice.

    def refresh(self) -> None:
        setting = self.runner.call(retention_setting.retention_setting, parent=self)
        if setting is None:
            return
        self.years.setValue(setting.years)
        default = f"默认 {setting.default_years} 年"
        self.default_note.setText(f"（{default}）" if setting.is_default else f"（学校设定；{default}）")
        self.source.setText(setting.source)
        self.school_decides.setText(setting.school_decides)
        if self.may_purge:
            self._load_due()

    def _load_due(self) -> None:
        due = self.runner.call(retention.students_due, parent=self)
        rows = list(due.students) if due is not None else []
        self.model.set_rows(rows)
        if due is not None:
            self.due_title.setText(
                f"截至{long_date(due.today)}，离校满 {due.years} 年的学生 {len(rows)} 名"
                if rows
                else f"截至{long_date(due.today)}，没有离校满 {due.years} 年的学生。"
            )
        self._selection_changed()

    def _selection_changed(self) -> None:
        chosen = len(self.selected())
        self.purge_button.setEnabled(chosen > 0)
        self.purge_button.setText(f"清除所选 {chosen} 名学生…" if chosen else "清除所选学生…")
        self.select_all_button.setEnabled(self.model.rowCount() > 0)

    def selected(self) -> list[DueStudent]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(r) for r in rows]

    def save_years(self) -> None:
        self.runner.call(retention_setting.set_retention_years, self.years.value(), parent=self)

    def purge_selected(self) -> None:
        ids = [s.student_id for s in self.selected()]
        if not ids:
            return
        preview = self.runner.call(retention.purge_preview, ids, parent=self)
        if preview is None:
            return
        if PurgeConfirmDialog(preview, self).exec() != PurgeConfirmDialog.DialogCode.Accepted:
            return
        done = self.runner.run_in_worker(
            purge.purge_students, ids, label=f"正在清除 {len(ids)} 名学生的记录并整理数据文件…", parent=self
        )
        if done is not None:
            QMessageBox.information(self, "到期清除完成", done.summary)
        self.refresh()

    def clear(self) -> None:
        self.model.clear()
        self.due_title.clear()
