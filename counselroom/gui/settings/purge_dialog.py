"""The confirmation before 到期清除: exactly what will be deleted (counts, both stores), what stays
for other students, that backups still hold it, and that it cannot be undone. The lead types the
number of students before 永久清除 can be pressed: a deliberate act, not a reflex click."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLayout, QLineEdit, QVBoxLayout, QWidget

from counselroom.gui.widgets import hint_label
from counselroom.services.backup.retention import CARE_STORE, SCHOOL_STORE, PurgePreview

NAMES_SHOWN = 8


def preview_lines(preview: PurgePreview) -> list[str]:
    """What the dialog says, line by line."""
    students = preview.students
    names = "、".join(f"{s.name}（{s.class_name or '班级不详'}，{s.left_how}）" for s in students[:NAMES_SHOWN])
    more = f"等 {len(students)} 名学生" if len(students) > NAMES_SHOWN else f"共 {len(students)} 名学生"
    lines = [f"将永久删除 {names}{more}在两个数据文件中的全部记录："]
    for store, rows, extra in (
        (SCHOOL_STORE, preview.school_rows, "学生信息"),
        (CARE_STORE, preview.care_rows, "历史记录、检索索引"),
    ):
        kinds = "、".join(f"{c.kind} {c.count}" for c in preview.records if c.store == store)
        lines.append(f"· {store}：{kinds + '，' if kinds else ''}连同{extra}共 {rows} 行")
    if preview.shared_records:
        lines.append(
            f"· 与其他学生共用的 {preview.shared_records} 条记录（团体辅导、谈心谈话、家访、危机事件等）"
            "保留给其他学生，只去掉这些学生本人，并把他们的姓名从记录文字中去掉。"
        )
    lines.append("· 审计日志为每名学生记一条不含姓名的清除记录（化名和删除的行数）；汇总统计随之重新计算。")
    lines.append(
        "· 已有的备份中仍保留这些记录，按备份保留规则最多 12 个月后删除；"
        "从较早的备份恢复会让它们回来，恢复后请再次清除。"
    )
    return lines


class PurgeConfirmDialog(QDialog):
    def __init__(self, preview: PurgePreview, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("确认到期清除")
        self.expected = str(len(preview.students))
        self.summary = QLabel("\n".join(preview_lines(preview)))
        self.summary.setWordWrap(True)
        warning = QLabel("清除后无法撤销，也无法从程序中找回。")
        warning.setObjectName("ErrorLabel")
        self.count = QLineEdit()
        self.count.setPlaceholderText(f"输入 {self.expected}")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm = self.buttons.addButton("永久清除", QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # the whole text, never clipped
        layout.addWidget(self.summary)
        layout.addWidget(warning)
        layout.addWidget(hint_label(f"确认无误后，请输入要清除的学生人数（{self.expected}）："))
        layout.addWidget(self.count)
        layout.addWidget(self.buttons)
        self.count.textChanged.connect(self._check)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.summary.setMinimumWidth(600)

    def _check(self, text: str) -> None:
        self.confirm.setEnabled(text.strip() == self.expected)

    def accept(self) -> None:
        if self.count.text().strip() == self.expected:  # Enter in the box does not get past the number
            super().accept()
