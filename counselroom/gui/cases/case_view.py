"""One case open on the 个案 page: what it is about and who works on it, its notes on the left
(with its attachments below them) and the note editor on the right. The buttons shown are the
case's `actions` and the note's `actions`: the same rules the services apply.

A 团体辅导 note has no case: it opens here too, alone, with no case buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.cases.case_rules import CaseAction
from counselroom.domain.cases.note_templates import NoteTemplate
from counselroom.gui.cases.note_editor import NoteEditor
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.widgets import hint_label, primary_button, title_label
from counselroom.services.cases.attachments import Attachment
from counselroom.services.cases.cases import CaseDetail
from counselroom.services.cases.notes import NoteView

NO_NOTES = "还没有记录。按 Ctrl+N 新建。"


def note_line(note: NoteView) -> str:
    """How a note is listed: date, kind, state — and whether something was added after signing."""
    extra = f"　+{len(note.addenda)} 补充说明" if note.addenda else ""
    return f"{note.held_on}　{note.template_name}　{note.state}{extra}"


class CaseView(QWidget):
    back = Signal()

    def __init__(self, runner: ServiceRunner, templates: dict[str, NoteTemplate], parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.case: CaseDetail | None = None
        self.notes: list[NoteView] = []
        self.attachments: list[Attachment] = []
        self.back_button = QPushButton("← 我的个案")
        self.back_button.clicked.connect(self.back)
        self.title = title_label("")
        self.facts = hint_label("")
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.new_button = primary_button("新记录")
        self.new_button.setToolTip("Ctrl+N")
        self.next_button = QPushButton("下一步…")
        self.share_button = QPushButton("共享…")
        self.assign_button = QPushButton("指派…")
        self.close_button = QPushButton("结案…")
        self.reopen_button = QPushButton("重新开案…")
        self.plan_button = QPushButton("一人一案")
        self.plan_button.setToolTip("在学生档案中查看和复查一人一案")
        self.refer_button = QPushButton("建议转介…")
        self.refer_button.setToolTip("建议转介到医院或专业机构：在“转介与随访”中跟进告知家长、转介、反馈和随访")
        self.report_button = QPushButton("个案分析报告")
        self.report_button.setToolTip("打印或保存供个案研讨、专家会诊使用的个案摘要")
        self.note_list = QListWidget()
        self.note_list.setAccessibleName("辅导记录")
        self.attachment_list = QListWidget()
        self.attachment_list.setAccessibleName("附件")
        self.attachment_list.setMaximumHeight(110)
        self.attachment_list.setToolTip("双击在程序内查看")
        self.attach_button = QPushButton("添加附件…")
        self.editor = NoteEditor(runner, templates)
        self._build()
        self.new_action = QAction("新记录", self)
        self.new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.save_action = QAction("保存草稿", self)
        self.save_action.setShortcut(QKeySequence("Ctrl+S"))
        self.save_action.triggered.connect(lambda: self.editor.save())
        self.sign_action = QAction("签名", self)
        self.sign_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.sign_action.triggered.connect(self.editor.sign)
        for action in (self.new_action, self.save_action, self.sign_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        self.case_buttons = (
            self.next_button,
            self.share_button,
            self.assign_button,
            self.close_button,
            self.reopen_button,
            self.refer_button,
            self.plan_button,
            self.report_button,
        )
        for button in self.case_buttons:
            top.addWidget(button)
        top.addWidget(self.new_button)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("辅导记录"))
        column.addWidget(self.note_list, 1)
        self.attachment_title = QLabel("附件")
        column.addWidget(self.attachment_title)
        column.addWidget(self.attachment_list)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.attach_button)
        column.addLayout(row)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.editor)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setSizes([300, 800])
        self.split = split
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.facts)
        layout.addWidget(split, 1)

    # -- showing -------------------------------------------------------------------------
    def show_case(self, case: CaseDetail, notes: list[NoteView], attachments: list[Attachment]) -> None:
        self.case = case
        self.title.setText(f"{case.student_name}　{case.class_name}　个案 {case.id}　{case.status}")
        assigned = "、".join(p.name for p in case.people if p.part == "负责") or "无"
        shared = "、".join(p.name for p in case.people if p.part == "共享")
        parts = [
            f"开案 {case.opened_on}",
            f"问题类型：{'、'.join(case.issue_types)}",
            f"负责：{assigned}",
            *([f"共享：{shared}"] if shared else []),
            f"下一步：{case.next_step or '未定'}",
        ]
        closed = f"\n结案 {case.closed_on}：{case.close_summary}" if case.closed_on else ""
        self.facts.setText("　·　".join(parts) + f"\n开案原因：{case.reason}{closed}")
        actions = case.actions
        self.new_button.setVisible(CaseAction.WRITE in actions)
        self.new_action.setEnabled(CaseAction.WRITE in actions)
        self.next_button.setVisible(CaseAction.WRITE in actions)
        self.share_button.setVisible(CaseAction.SHARE in actions)
        self.assign_button.setVisible(CaseAction.ASSIGN in actions)
        self.close_button.setVisible(CaseAction.CLOSE in actions)
        self.refer_button.setVisible(CaseAction.WRITE in actions)
        self.reopen_button.setVisible(CaseAction.REOPEN in actions)
        self.plan_button.setVisible(True)
        self.report_button.setVisible(True)
        self.attach_button.setVisible(CaseAction.WRITE in actions)
        self.attachment_title.setVisible(True)
        self.attachment_list.setVisible(True)
        self._show_notes(notes)
        self.attachments = attachments
        self.attachment_list.clear()
        for attachment in attachments:
            item = QListWidgetItem(f"{attachment.kind}　{attachment.file_name}　{attachment.added_at[:10]}")
            item.setData(Qt.ItemDataRole.UserRole, attachment.id)
            self.attachment_list.addItem(item)

    def show_group_note(self, note: NoteView) -> None:
        """A 团体辅导 note, alone: no case, no case buttons."""
        self.case = None
        self.title.setText(f"团体辅导　{note.held_on}　{len(note.students)} 名学生")
        self.facts.setText("参加学生：" + "、".join(s.name for s in note.students))
        for button in (*self.case_buttons, self.new_button, self.attach_button):
            button.setVisible(False)
        self.new_action.setEnabled(False)
        self.attachment_title.setVisible(False)
        self.attachment_list.setVisible(False)
        self.attachments = []
        self._show_notes([note])

    def _show_notes(self, notes: list[NoteView]) -> None:
        chosen = self.editor.note.id if self.editor.note is not None else None
        self.notes = notes
        self.note_list.blockSignals(True)
        self.note_list.clear()
        for note in notes:
            item = QListWidgetItem(note_line(note))
            item.setData(Qt.ItemDataRole.UserRole, note.id)
            self.note_list.addItem(item)
        if not notes:
            empty = QListWidgetItem(NO_NOTES)
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.note_list.addItem(empty)
        self.note_list.blockSignals(False)
        if chosen is not None and any(n.id == chosen for n in notes):
            self.select_note(chosen)
        else:
            self.editor.show_note(None)

    def select_note(self, note_id: int) -> None:
        for row, note in enumerate(self.notes):
            if note.id == note_id:
                self.note_list.blockSignals(True)
                self.note_list.setCurrentRow(row)
                self.note_list.blockSignals(False)
                self.editor.show_note(note)
                return

    def chosen_attachment(self) -> Attachment | None:
        item = self.attachment_list.currentItem()
        if item is None:
            return None
        return next((a for a in self.attachments if a.id == item.data(Qt.ItemDataRole.UserRole)), None)

    def clear(self) -> None:
        self.case = None
        self.notes, self.attachments = [], []
        self.title.clear()
        self.facts.clear()
        self.note_list.clear()
        self.attachment_list.clear()
        self.editor.clear()
