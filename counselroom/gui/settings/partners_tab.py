"""设置 → 合作机构: the hospitals and agencies referrals go to, the 定点合作 one with its 绿色通道
contact (S003 item 24). The lead keeps the list; counselors read it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton, QVBoxLayout, QWidget

from counselroom.domain.referrals.partners import DESIGNATED_LABEL
from counselroom.domain.roles import Permission
from counselroom.gui.models import Index, RowTableModel
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.settings.partners_dialogs import PartnerDialog
from counselroom.gui.tables import read_only_table
from counselroom.gui.widgets import hint_label, primary_button
from counselroom.services.accounts.session import Changes
from counselroom.services.referrals import partners
from counselroom.services.referrals.partners import Partner

EMPTY = "还没有合作机构。请先添加本校的定点合作医院及其绿色通道联系人，转介时从这里选择。"
READ_ONLY = "合作机构由心理中心负责人维护；转介时从这里选择。如需修改，请联系负责人。"


class PartnerTableModel(RowTableModel[Partner]):
    columns = (
        ("名称", lambda p: p.name),
        ("类型", lambda p: p.kind),
        (DESIGNATED_LABEL, lambda p: "是" if p.designated else ""),
        ("绿色通道联系人/电话", lambda p: f"{p.green_channel_name} {p.green_channel_phone}".strip()),
        ("地址", lambda p: p.address),
        ("状态", lambda p: "在用" if p.active else "已停用"),
        ("备注", lambda p: p.notes.replace("\n", " ")),
    )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if index.isValid() and role == Qt.ItemDataRole.ToolTipRole:  # long notes are elided
            return super().data(index, Qt.ItemDataRole.DisplayRole)
        return super().data(index, role)


class PartnersTab(QWidget):
    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.can_manage = runner.actor.can(Permission.MANAGE_PARTNERS)
        self.model = PartnerTableModel()
        self.view = read_only_table(self.model)
        self.add_button = primary_button("新增…")
        self.edit_button = QPushButton("编辑…")
        self.deactivate_button = QPushButton("停用")
        self.reactivate_button = QPushButton("恢复")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.deactivate_button, self.reactivate_button):
            button.setVisible(self.can_manage)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.hint = hint_label("")
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        layout.addWidget(self.view)
        self.add_button.clicked.connect(self.add_partner)
        self.edit_button.clicked.connect(self.edit_partner)
        self.deactivate_button.clicked.connect(self.deactivate)
        self.reactivate_button.clicked.connect(self.reactivate)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        if self.can_manage:
            self.view.doubleClicked.connect(self.edit_partner)
        self._update_buttons()

    def refresh(self) -> None:
        # The lead sees stopped ones too, to 恢复 them; readers only what a referral may choose.
        rows = self.runner.call(partners.list_partners, include_inactive=self.can_manage, parent=self)
        self.model.set_rows(rows or [])
        if not self.can_manage:
            self.hint.setText(READ_ONLY if rows else "还没有合作机构。" + READ_ONLY)
        else:
            self.hint.setText("" if rows else EMPTY)
        self.hint.setVisible(bool(self.hint.text()))
        self._update_buttons()

    def clear(self) -> None:
        self.model.clear()

    def selected(self) -> Partner | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_named(self, name: str) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).name == name:
                self.view.selectRow(row)

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.edit_button.setEnabled(chosen is not None)
        self.deactivate_button.setEnabled(chosen is not None and chosen.active)
        self.reactivate_button.setEnabled(chosen is not None and not chosen.active)

    def add_partner(self) -> None:
        self._run_dialog(PartnerDialog(None, self), None)

    def edit_partner(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self._run_dialog(PartnerDialog(chosen, self), chosen.id)

    def _run_dialog(self, dialog: PartnerDialog, partner_id: int | None) -> None:
        """Until it is saved or cancelled: an error reopens the dialog as typed, the field marked."""
        while dialog.exec():
            entry = dialog.entry()
            args = (entry,) if partner_id is None else (partner_id, entry)
            service = partners.add_partner if partner_id is None else partners.edit_partner
            if self.runner.call_in_form(dialog.show_field_error, service, *args, parent=dialog) is not None:
                self.refresh()
                self.select_named(entry.name.strip())
                return

    def deactivate(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        answer = QMessageBox.question(
            self,
            "停用合作机构",
            f"停用“{chosen.name}”后，新的转介不能再选择它；已有的转介记录不受影响，之后可以恢复。确定停用吗？",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._set_active(partners.deactivate_partner, chosen)

    def reactivate(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self._set_active(partners.reactivate_partner, chosen)

    def _set_active(self, service: Callable[..., Changes], chosen: Partner) -> None:
        if self.runner.call(service, chosen.id, parent=self) is not None:
            self.refresh()
            self.select_named(chosen.name)
