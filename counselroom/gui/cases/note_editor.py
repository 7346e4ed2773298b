"""The note editor on the right of a case: one 辅导记录 from its template.

A draft is edited and saved (Ctrl+S, and every AUTOSAVE_SECONDS while there are changes — the
draft goes to the encrypted care store, never to a file); 签名 (Ctrl+Enter, after a confirmation)
locks it. A signed note is shown read-only with its 补充说明 below; a new 补充说明 is added
under it. Which buttons are enabled is the note's `actions` — `allowed_note_actions` in domain, the
same rule the services apply."""

from __future__ import annotations

import contextlib
import re
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.cases.note_rules import NoteAction
from counselroom.domain.cases.note_templates import NoteTemplate
from counselroom.domain.errors import CounselRoomError
from counselroom.gui.care.warning_dialogs import date_field, picked_date
from counselroom.gui.cases.note_form import NoteForm
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.widgets import hint_label, primary_button
from counselroom.services.cases import notes
from counselroom.services.cases.notes import NoteView
from counselroom.system import clock

AUTOSAVE_SECONDS = 30
_STAMP = re.compile(r"(\d{4}-\d\d-\d\d)T(\d\d:\d\d):\d\d")
SIGN_WARNING = "签名后这条记录将锁定，不能再修改；以后的更正和补充只能写成“补充说明”。\n\n确定签名吗？"


def ask_to_sign(parent: QWidget, note: NoteView) -> bool:
    cosign = "\n\n这是危机评估记录，签名后还需心理中心负责人会签。" if note.template_id == "crisis" else ""
    answer = QMessageBox.question(parent, f"签名：{note.template_name}", SIGN_WARNING + cosign)
    return answer == QMessageBox.StandardButton.Yes


def _minutes(text: str) -> str:
    """2025-10-02T14:00:00 as a teacher reads it: 2025-10-02 14:00."""
    return _STAMP.sub(r"\1 \2", text)


class NoteEditor(QWidget):
    note_changed = Signal(int)  # signed, co-signed, an addendum, a deleted draft: the case reloads

    def __init__(self, runner: ServiceRunner, templates: dict[str, NoteTemplate], parent: QWidget | None = None):
        super().__init__(parent)
        self.runner, self.templates = runner, templates
        self.note: NoteView | None = None
        self.form: NoteForm | None = None
        self.dirty = False
        self.saving = False  # while a save's Changes go round, the page does not reload this form
        self.heading = QLabel("")
        self.heading.setObjectName("SectionTitle")
        self.state = hint_label("")
        self.held_on = date_field(date.today())
        self.held_on.dateChanged.connect(self._edited)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.addenda = QLabel("")
        self.addenda.setWordWrap(True)
        self.addenda.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.addendum_text = QPlainTextEdit()
        self.addendum_text.setPlaceholderText("更正或补充：写下要补充的内容，添加后与原记录一起显示，不能再改")
        self.addendum_text.setMaximumHeight(72)
        self.addendum_button = QPushButton("添加补充说明")
        self.addendum_button.clicked.connect(self.add_addendum)
        self.delete_button = QPushButton("删除草稿")
        self.save_button = QPushButton("保存草稿")
        self.save_button.setToolTip("Ctrl+S；编辑时每 30 秒自动保存（加密）")
        self.sign_button = primary_button("签名")
        self.sign_button.setToolTip("Ctrl+Enter；签名后锁定")
        self.cosign_button = primary_button("会签")
        self.delete_button.clicked.connect(self.delete_draft)
        self.save_button.clicked.connect(lambda: self.save())
        self.sign_button.clicked.connect(self.sign)
        self.cosign_button.clicked.connect(self.cosign)
        self.saved_label = hint_label("")
        self.empty = hint_label("在左侧选一条记录查看，或按 Ctrl+N 新建记录。")
        self._build()
        self.autosave = QTimer(self)
        self.autosave.setInterval(AUTOSAVE_SECONDS * 1000)
        self.autosave.timeout.connect(self._autosave)
        self.show_note(None)

    def _build(self) -> None:
        date_row = QHBoxLayout()
        date_row.addWidget(QLabel("日期"))
        date_row.addWidget(self.held_on)
        date_row.addStretch(1)
        self.addendum_box = QWidget()
        box = QVBoxLayout(self.addendum_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.addendum_text)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.addendum_button)
        box.addLayout(row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved_label, 1)
        for button in (self.delete_button, self.save_button, self.sign_button, self.cosign_button):
            buttons.addWidget(button)
        self.body = QWidget()
        inner = QVBoxLayout(self.body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.heading)
        inner.addWidget(self.state)
        inner.addLayout(date_row)
        inner.addWidget(self.scroll, 1)
        inner.addWidget(self.addenda)
        inner.addWidget(self.addendum_box)
        inner.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.body, 1)

    # -- showing -------------------------------------------------------------------------
    def show_note(self, note: NoteView | None) -> None:
        """Show `note` (None: nothing chosen). The same draft shown again after a save keeps its
        form — and the cursor — as it is."""
        same_form = (
            note is not None
            and self.note is not None
            and self.form is not None
            and note.id == self.note.id
            and note.state == self.note.state
            and (self.dirty or note.fields == self.form.values())
        )
        self.note = note
        self.empty.setVisible(note is None)
        self.body.setVisible(note is not None)
        if note is None:
            self._drop_form()
            self.dirty = False
            self.autosave.stop()
            return
        if not same_form:
            self._show_form(note)
        self._show_parts(note)

    def _show_form(self, note: NoteView) -> None:
        self._drop_form()
        template = self.templates.get(note.template_id)
        if template is None:  # a template file removed since: show the text as it was kept
            self.heading.setText(note.template_name)
            self.scroll.setWidget(hint_label("\n".join(f"{k}：{v}" for k, v in note.fields.items())))
            return
        self.form = NoteForm(template, [(s.student_id, s.name) for s in note.students])
        self.form.set_values(note.fields, {s.student_id: s.part for s in note.students})
        self.form.set_read_only(NoteAction.EDIT not in note.actions)
        self.form.edited.connect(self._edited)
        self.scroll.setWidget(self.form)
        self.held_on.blockSignals(True)
        self.held_on.setDate(date.fromisoformat(note.held_on))
        self.held_on.blockSignals(False)
        self.dirty = False
        self.saved_label.setText("")

    def _show_parts(self, note: NoteView) -> None:
        """What changes without touching the form: heading, state, addenda, buttons."""
        students = "、".join(s.name for s in note.students)
        self.heading.setText(f"{note.template_name}　{students}")
        signed = f"　签名：{_minutes(note.signed)}" if note.signed else ""
        cosigned = f"　会签：{_minutes(note.cosigned)}" if note.cosigned else ""
        self.state.setText(f"{note.state}　{note.author} 撰写{signed}{cosigned}")
        self.addenda.setText(
            "\n\n".join(f"补充说明（{a.author} {_minutes(a.added_at)}）：\n{a.text}" for a in note.addenda)
        )
        self.addenda.setVisible(bool(note.addenda))
        editable = NoteAction.EDIT in note.actions
        self.held_on.setEnabled(editable)
        self.save_button.setVisible(editable)
        self.sign_button.setVisible(NoteAction.SIGN in note.actions)
        self.delete_button.setVisible(NoteAction.DELETE_DRAFT in note.actions)
        self.cosign_button.setVisible(NoteAction.COSIGN in note.actions)
        self.addendum_box.setVisible(NoteAction.ADD_ADDENDUM in note.actions)
        if editable:
            self.autosave.start()
        else:
            self.autosave.stop()

    def _drop_form(self) -> None:
        old = self.scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.form = None

    def focus_form(self) -> None:
        if self.form is not None and (first := self.form.first_editor()) is not None:
            first.setFocus()

    # -- editing -------------------------------------------------------------------------
    def _edited(self) -> None:
        if self.note is not None and NoteAction.EDIT in self.note.actions:
            self.dirty = True
            self.saved_label.setText("有未保存的修改")

    def _autosave(self) -> None:
        if self.dirty:
            self.save(quiet=True)

    def save(self, *, quiet: bool = False) -> bool:
        """Save the draft (encrypted, in the care store). True when nothing is left unsaved."""
        note, form = self.note, self.form
        if note is None or form is None or NoteAction.EDIT not in note.actions:
            return True
        if not self.dirty and quiet:
            return True
        fields, parts = form.values(), form.part_values()
        self.saving = True
        try:
            result = self.runner.call(
                notes.save_draft,
                note.id,
                held_on=picked_date(self.held_on),
                fields=fields,
                student_parts=parts if parts else None,
                parent=self,
            )
        finally:
            self.saving = False
        if result is None:
            return False
        self.note = replace(note, fields=fields, held_on=picked_date(self.held_on).isoformat())
        self.dirty = False
        self.saved_label.setText(("已自动保存" if quiet else "草稿已保存") + "（加密）")
        return True

    def sign(self) -> None:
        note = self.note
        if note is None or NoteAction.SIGN not in note.actions:
            return
        if (self.dirty and not self.save()) or not ask_to_sign(self, note):
            return
        if self.runner.call(notes.sign_note, note.id, parent=self) is not None:
            self.note_changed.emit(note.id)

    def cosign(self) -> None:
        note = self.note
        if note is None or NoteAction.COSIGN not in note.actions:
            return
        answer = QMessageBox.question(self, "会签", f"确认已阅读这条{note.template_name}记录并会签吗？")
        if answer == QMessageBox.StandardButton.Yes and self.runner.call(notes.cosign_note, note.id, parent=self):
            self.note_changed.emit(note.id)

    def add_addendum(self) -> None:
        note = self.note
        if note is None:
            return
        text = self.addendum_text.toPlainText()
        if self.runner.call(notes.add_addendum, note.id, text, parent=self) is not None:
            self.addendum_text.clear()
            self.note_changed.emit(note.id)

    def delete_draft(self) -> None:
        note = self.note
        if note is None or NoteAction.DELETE_DRAFT not in note.actions:
            return
        answer = QMessageBox.question(self, "删除草稿", "删除后草稿的内容不能恢复。确定删除吗？")
        if answer == QMessageBox.StandardButton.Yes and self.runner.call(notes.delete_draft, note.id, parent=self):
            self.dirty = False
            self.show_note(None)
            self.note_changed.emit(note.id)

    def keep_unsaved(self) -> None:
        """Signing out or closing: save the draft's unsaved text without asking; a draft the
        services refuse (too long…) is left as last saved — the program is closing either way."""
        note, form = self.note, self.form
        if note is None or form is None or not self.dirty or NoteAction.EDIT not in note.actions:
            return
        session = self.runner.session
        with contextlib.suppress(CounselRoomError):
            parts = form.part_values()
            notes.save_draft(
                session.db, session.actor, note.id, held_on=picked_date(self.held_on), fields=form.values(),
                student_parts=parts or None, now=clock.now(),
            )  # fmt: skip
            self.dirty = False

    # -- through a lock --------------------------------------------------------------------
    def unsaved(self) -> dict[str, object] | None:
        """The draft's unsaved text, to be kept encrypted through an idle lock."""
        addendum = self.addendum_text.toPlainText()
        if self.note is None or self.form is None or not (self.dirty or addendum.strip()):
            return None
        return {
            "note_id": self.note.id,
            "held_on": picked_date(self.held_on).isoformat(),
            "fields": self.form.values(),
            "parts": {str(k): v for k, v in self.form.part_values().items()},
            "dirty": self.dirty,
            "addendum": addendum,
        }

    def position(self) -> dict[str, object] | None:
        """Which note is open, with nothing unsaved: enough to come back to it after a lock."""
        return {"note_id": self.note.id, "dirty": False} if self.note is not None else None

    def restore(self, kept: dict[str, object]) -> None:
        """Put kept text back into the same draft (shown already), marked as not yet saved."""
        if self.note is None or self.form is None or kept.get("note_id") != self.note.id:
            return
        fields = kept.get("fields")
        parts = kept.get("parts")
        if isinstance(fields, dict) and kept.get("dirty"):
            part_values = {int(k): str(v) for k, v in parts.items()} if isinstance(parts, dict) else {}
            self.form.set_values({str(k): str(v) for k, v in fields.items()}, part_values)
        held_on = kept.get("held_on")
        if isinstance(held_on, str):
            self.held_on.setDate(date.fromisoformat(held_on))
        self.addendum_text.setPlainText(str(kept.get("addendum", "")))
        if kept.get("dirty") and NoteAction.EDIT in self.note.actions:
            self.dirty = True
            self.saved_label.setText("锁屏前未保存的内容已恢复，尚未保存")

    def clear(self) -> None:
        self.addendum_text.clear()
        self.show_note(None)
