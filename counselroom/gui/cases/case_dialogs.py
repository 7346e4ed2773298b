"""Dialogs of the 个案 page: 开案, 新记录 (choose a template), 团体辅导, 共享, 结案, 重新开案, 下一步,
添加附件 and the reason for a saved copy. They collect and check input; the page calls the services."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from counselroom.domain.cases.case_rules import IssueType
from counselroom.domain.cases.note_templates import NoteTemplate
from counselroom.gui.session.account_dialogs import FormDialog
from counselroom.gui.students.student_picker import StudentPickerWidget
from counselroom.services.cases.attachments import KINDS as ATTACHMENT_KINDS
from counselroom.services.cases.case_views import Colleague
from counselroom.services.students.student_records import StudentListItem

Search = Callable[[str], Sequence[StudentListItem]]


def _text_box(placeholder: str, height: int = 96) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setMinimumHeight(height)
    box.setTabChangesFocus(True)
    return box


class OpenCaseDialog(FormDialog):
    """开案: the student, why, and the kinds of concern (several may apply)."""

    def __init__(self, search: Search, colleagues: Sequence[Colleague], parent: QWidget | None = None):
        super().__init__(
            "开案", "为一名学生建立个案（一人一案）。开案原因只写观察到的情况和求助缘由，不下诊断。", parent
        )
        self.setMinimumWidth(560)
        self.picker = StudentPickerWidget(search, lambda: False)
        self.form.addRow("学生", self.picker)
        self.reason = _text_box("例如：班主任转介，近两周上课走神、不愿交作业，本人表示考试前睡不好")
        self.form.addRow("开案原因", self.reason)
        self.issue_boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for i, issue in enumerate(IssueType):
            box = QCheckBox(issue.value)
            self.issue_boxes[issue.value] = box
            grid.addWidget(box, i // 5, i % 5)
        holder = QWidget()
        holder.setLayout(grid)
        self.form.addRow("问题类型", holder)
        self.counselor = QComboBox()
        self.counselor.addItem("由我负责", None)
        for colleague in colleagues:
            self.counselor.addItem(f"{colleague.name}（{colleague.role}）", colleague.user_id)
        self.form.addRow("负责老师", self.counselor)

    def check(self) -> str:
        if not self.picker.student_ids():
            return "请先选择学生"
        if not self.reason.toPlainText().strip():
            return "请写明开案原因"
        if not self.issue_types():
            return "请至少选择一种问题类型"
        return ""

    def issue_types(self) -> list[str]:
        return [name for name, box in self.issue_boxes.items() if box.isChecked()]

    def values(self) -> dict[str, object]:
        chosen = self.counselor.currentData()
        return {
            "reason": self.reason.toPlainText(),
            "issue_types": self.issue_types(),
            "counselor_ids": [chosen] if chosen is not None else None,
        }


class TemplateDialog(FormDialog):
    """新记录: which template (Enter takes the highlighted one)."""

    def __init__(self, templates: Sequence[NoteTemplate], parent: QWidget | None = None):
        super().__init__("新建辅导记录", "选择记录模板：", parent)
        self.setMinimumWidth(520)
        self.choices = QListWidget()
        for template in templates:
            item = QListWidgetItem(f"{template.name}　—　{template.purpose}")
            item.setData(Qt.ItemDataRole.UserRole, template.id)
            item.setToolTip(template.purpose)
            self.choices.addItem(item)
        self.choices.setCurrentRow(0)
        self.choices.itemDoubleClicked.connect(lambda _item: self._try_accept())
        self.form.addRow(self.choices)

    def chosen(self) -> str:
        item = self.choices.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def check(self) -> str:
        return "" if self.chosen() else "请选择一个模板"


class GroupNoteDialog(FormDialog):
    """团体辅导: the students who took part (at least two); each gets their own 个人情况 box."""

    def __init__(self, search: Search, parent: QWidget | None = None):
        super().__init__("新建团体辅导记录", "一条记录对应多名学生；每名学生的档案只显示与其本人有关的部分。", parent)
        self.setMinimumWidth(520)
        self.picker = StudentPickerWidget(search, lambda: True)
        self.form.addRow("参加学生", self.picker)

    def check(self) -> str:
        return "" if len(self.picker.student_ids()) >= 2 else "团体辅导请至少选择 2 名学生"


class ColleagueDialog(FormDialog):
    """共享 or 指派: a colleague from the counseling room."""

    def __init__(self, title: str, hint: str, colleagues: Sequence[Colleague], parent: QWidget | None = None):
        super().__init__(title, hint, parent)
        self.colleague = QComboBox()
        for colleague in colleagues:
            self.colleague.addItem(f"{colleague.name}（{colleague.role}）", colleague.user_id)
        self.form.addRow("老师", self.colleague)

    def check(self) -> str:
        return "" if self.colleague.currentData() is not None else "没有可以选择的老师"

    def chosen(self) -> int:
        return int(self.colleague.currentData())


class TextDialog(FormDialog):
    """One text: 结案小结, 重新开案的原因, 下一步."""

    def __init__(
        self, title: str, hint: str, label: str, *, text: str = "", required: str, parent: QWidget | None = None
    ):
        super().__init__(title, hint, parent)
        self.setMinimumWidth(520)
        self.text = _text_box("")
        self.text.setPlainText(text)
        self.form.addRow(label, self.text)
        self.required = required

    def check(self) -> str:
        return "" if self.text.toPlainText().strip() or not self.required else self.required

    def value(self) -> str:
        return self.text.toPlainText()


class AttachDialog(FormDialog):
    """添加附件: a scanned form or a hospital letter (PDF, JPG or PNG), and what it is."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("添加附件", "附件加密保存在心理档案中，只有能查看此个案的老师可以打开。", parent)
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.path.setPlaceholderText("PDF、JPG 或 PNG，不超过 10 MB")
        browse = QPushButton("选择文件…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        holder = QWidget()
        holder.setLayout(row)
        self.form.addRow("文件", holder)
        self.kind = QComboBox()
        self.kind.addItems(ATTACHMENT_KINDS)
        self.form.addRow("类别", self.kind)

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(self, "选择附件", "", "扫描件 (*.pdf *.jpg *.jpeg *.png)")
        if chosen:
            self.path.setText(chosen)

    def check(self) -> str:
        return "" if self.path.text() else "请选择文件"

    def chosen(self) -> Path:
        return Path(self.path.text())


class CopyReasonDialog(FormDialog):
    """Saving a copy out of the encrypted store is an export: why, for the audit."""

    def __init__(self, file_name: str, parent: QWidget | None = None):
        super().__init__(
            "另存副本",
            f"“{file_name}”将以明文保存到所选位置，并加上导出人、时间和用途的水印。导出会记入审计日志。",
            parent,
        )
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("例如：转介时交给医院；家长要求复印")
        self.form.addRow("用途", self.reason)

    def check(self) -> str:
        return "" if len(self.reason.text().strip()) >= 2 else "请写明用途（至少 2 个字）"
