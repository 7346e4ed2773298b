"""The dialog for one 合作机构 (add or edit): name, 医院/机构, 定点合作, the 绿色通道 contact, address, notes.
The service checks the input; its error is shown next to the field it names, the typing kept."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from counselroom.domain.errors import CounselRoomError
from counselroom.domain.referrals.partners import PartnerKind
from counselroom.gui.session.account_dialogs import FormDialog
from counselroom.services.referrals.partners import Partner, PartnerInput

HINT = "转介时从这里选择医院或机构。定点合作医院请勾选“定点合作”，并填写绿色通道的联系人和电话，危机转介时可直接联系。"


class PartnerDialog(FormDialog):
    def __init__(self, partner: Partner | None = None, parent: QWidget | None = None):
        super().__init__("编辑合作机构" if partner else "新增合作机构", HINT, parent)
        self.setMinimumWidth(520)
        self.name = QLineEdit()
        self.name.setPlaceholderText("如 南昌市第九医院（江西省精神病院）")
        self.kind = QComboBox()
        for kind in PartnerKind:
            self.kind.addItem(kind.value, kind.value)
        self.designated = QCheckBox("本校定点合作（开通绿色通道）")
        self.contact = QLineEdit()
        self.contact.setPlaceholderText("如 李医生（心理科）")
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("如 0791-88888888")
        self.address = QLineEdit()
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("门诊时间、总机电话、转介须带的材料等")
        self.notes.setFixedHeight(72)
        self.form.addRow("名称", self.name)
        self.form.addRow("类型", self.kind)
        self.form.addRow("", self.designated)
        self.form.addRow("绿色通道联系人", self.contact)
        self.form.addRow("绿色通道电话", self.phone)
        self.form.addRow("地址", self.address)
        self.form.addRow("备注", self.notes)
        # The service's field names, so an error lands on the field it is about.
        self.fields: dict[str, QWidget] = {
            "名称": self.name,
            "类型": self.kind,
            "绿色通道联系人": self.contact,
            "绿色通道电话": self.phone,
            "地址": self.address,
            "备注": self.notes,
        }
        if partner is not None:
            self._fill(partner)

    def _fill(self, p: Partner) -> None:
        self.name.setText(p.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(p.kind)))
        self.designated.setChecked(p.designated)
        self.contact.setText(p.green_channel_name)
        self.phone.setText(p.green_channel_phone)
        self.address.setText(p.address)
        self.notes.setPlainText(p.notes)

    def check(self) -> str:
        return "" if self.name.text().strip() else "请填写合作机构名称"

    def entry(self) -> PartnerInput:
        return PartnerInput(
            name=self.name.text(),
            kind=str(self.kind.currentData()),
            designated=self.designated.isChecked(),
            green_channel_name=self.contact.text(),
            green_channel_phone=self.phone.text(),
            address=self.address.text(),
            notes=self.notes.toPlainText(),
        )

    def show_field_error(self, error: CounselRoomError) -> bool:
        """Put the service's complaint under the form and the cursor in the field it names."""
        for widget in self.fields.values():
            _mark(widget, False)
        self.error.setText(str(error))
        field = self.fields.get(error.field or "")
        if field is not None:
            _mark(field, True)
            field.setFocus()
        return True


def _mark(widget: QWidget, invalid: bool) -> None:
    """A red border (style.qss [invalid="true"]) on the field the error is about."""
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
