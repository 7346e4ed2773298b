"""设置 → 政策依据: which policy profile the school works to (南昌市 S001, 江西省 S003, 渭南市 S004),
and, read-only, each of its rules with the document and the sentence it comes from, and the
hotlines it prints. The admin chooses; everyone may read. Choosing another profile in the list
shows its rules first (预览, not yet saved); 保存 asks before the school's numbers change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from counselroom.domain.roles import Permission
from counselroom.gui.models import Index, RowTableModel
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.tables import read_only_table
from counselroom.gui.widgets import hint_label
from counselroom.services.school import policy
from counselroom.services.school.policy import PolicyView, ShownHotline, ShownRule

NOT_CHOSEN = "学校尚未选择政策依据，暂按{name}执行。请选择本校所在地区适用的文件。"
PREVIEW = "预览：{name}（尚未保存，本校仍按{current}执行）。{summary}"
SWITCH = (
    "把本校的政策依据从{current}改为{name}吗？\n\n"
    "改后，活动 → 达标情况按{name}的要求计算（例如家访按家庭还是按学生、心理课、培训学时），"
    "心理委员的要求、门贴和预约单上的热线也随之改变。已有的记录不会改变，可以随时改回。"
)


class PolicyRuleTableModel(RowTableModel[ShownRule]):
    QUOTE = 5
    columns = (
        ("类别", lambda r: r.topic),
        ("事项", lambda r: r.item),
        ("要求", lambda r: r.requirement + ("（学校自定）" if r.school_own else "")),
        ("适用", lambda r: "、".join(filter(None, (r.scope, r.strength if r.strength != "要求" else "")))),
        ("依据", lambda r: r.source),
        ("原文", lambda r: f"“{r.quote}”"),
    )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if index.isValid() and role == Qt.ItemDataRole.ToolTipRole:
            rule = self.row_at(index.row())
            return f"{rule.source}：{rule.document}\n“{rule.quote}”"
        return super().data(index, role)


def hotlines_text(lines: tuple[ShownHotline, ...]) -> str:
    if not lines:
        return "热线：本政策依据未列出热线号码，门贴和预约单上只印本校填写的联系方式（设置 → 辅导室与开放时间）。"
    return "热线：" + "；".join(f"{h.number} {h.label}（{h.source}）" for h in lines)


class PolicyTab(QWidget):
    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.current: PolicyView | None = None  # what the school works to now
        self.choice = QComboBox()
        self.save_button = QPushButton("保存")
        can_edit = runner.actor.can(Permission.MANAGE_SETTINGS)
        self.choice.setEnabled(can_edit)
        self.save_button.setVisible(can_edit)
        self.save_button.clicked.connect(self.save)
        self.choice.currentIndexChanged.connect(self._preview)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.hotlines = QLabel()
        self.hotlines.setWordWrap(True)
        self.model = PolicyRuleTableModel()
        self.view = read_only_table(self.model)
        self.view.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel("本校执行"))
        row.addWidget(self.choice, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.state)
        layout.addWidget(
            hint_label("各项数值及其出处原文如下（只读）；心理委员要求、门贴和预约单上的热线随所选政策依据而定。")
        )
        layout.addWidget(self.view, 1)
        layout.addWidget(self.hotlines)

    def refresh(self) -> None:
        choices = self.runner.call(policy.list_profiles, parent=self) or []
        shown = self.runner.call(policy.school_policy, parent=self)
        self.choice.blockSignals(True)
        self.choice.clear()
        for choice in choices:
            self.choice.addItem(f"{choice.name} — {choice.summary}", choice.id)
        self.choice.blockSignals(False)
        if shown is not None:
            self.current = shown
            self.choice.blockSignals(True)
            self.choice.setCurrentIndex(max(self.choice.findData(shown.id), 0))
            self.choice.blockSignals(False)
            self.show_policy(shown)

    def show_policy(self, shown: PolicyView) -> None:
        current = self.current
        if current is not None and shown.id != current.id:
            state = PREVIEW.format(name=shown.name, current=current.name, summary=shown.summary)
        elif shown.chosen:
            state = f"当前：{shown.name}。{shown.summary}"
        else:
            state = NOT_CHOSEN.format(name=shown.name)
        self.state.setText(state)
        self.model.set_rows(shown.rules)
        self.view.resizeRowsToContents()
        self.hotlines.setText(hotlines_text(shown.hotlines))

    def _preview(self, _index: int) -> None:
        chosen = self.choice.currentData()
        if isinstance(chosen, str) and (shown := self.runner.call(policy.profile_policy, chosen, parent=self)):
            self.show_policy(shown)

    def save(self) -> None:
        chosen, current = self.choice.currentData(), self.current
        if current is not None and chosen == current.id and current.chosen:
            return  # nothing to change
        if current is not None and current.chosen:
            name = self.choice.currentText().split(" — ")[0]
            question = SWITCH.format(current=current.name, name=name)
            if QMessageBox.question(self, "更改政策依据", question) != QMessageBox.StandardButton.Yes:
                return
        if self.runner.call(policy.set_policy_profile, chosen, parent=self) is not None:
            self.refresh()

    def clear(self) -> None:
        self.model.clear()
        self.state.clear()
        self.hotlines.clear()
