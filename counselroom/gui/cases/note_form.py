"""A 辅导记录's fields, built from its template (resources/note_templates): one line, several lines,
a choice, a date or names, each with the template's hint. The form only shows and collects text;
what a field may hold is checked by the services (domain/cases/note_fields.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from counselroom.domain.cases.note_templates import FieldKind, NoteTemplate, TemplateField

NOT_CHOSEN = "（请选择）"
MULTILINE_HEIGHT = 96  # about four lines: the whole form scrolls, not each box
MAX_SHOWN_HEIGHT = 320  # a signed note's long field: shown whole up to this, then it scrolls
Editor = QLineEdit | QPlainTextEdit | QComboBox


class ChoiceBox(QComboBox):
    """A choice the mouse wheel never changes in passing: scrolling the form over a 风险等级 must
    scroll the form, not pick 低 — the wheel changes a choice only once it has been clicked."""

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # the scroll area behind takes it


class NoteForm(QWidget):
    """The template's note fields, then (团体辅导) one 个人情况 box per student."""

    edited = Signal()

    def __init__(self, template: NoteTemplate, students: list[tuple[int, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.template = template
        self.editors: dict[str, Editor] = {}
        self.parts: dict[int, QPlainTextEdit] = {}
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for field in template.note_fields:
            self.form.addRow(_label(field), self._editor_for(field))
        part = template.student_part
        if part is not None:
            for student_id, name in students:
                edit = QPlainTextEdit()
                edit.setPlaceholderText(part.hint)
                edit.setFixedHeight(MULTILINE_HEIGHT)
                edit.setAccessibleName(f"{part.label}：{name}")
                edit.textChanged.connect(self.edited)
                self.parts[student_id] = edit
                self.form.addRow(f"{part.label}：{name}", edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)

    def _editor_for(self, field: TemplateField) -> Editor:
        editor: Editor
        if field.kind is FieldKind.MULTILINE:
            editor = QPlainTextEdit()
            editor.setFixedHeight(MULTILINE_HEIGHT)
            editor.setTabChangesFocus(True)  # keyboard-first: Tab moves on, as in every other field
            editor.setPlaceholderText(field.hint)
            editor.textChanged.connect(self.edited)
        elif field.kind is FieldKind.CHOICE:
            editor = ChoiceBox()
            editor.addItems([NOT_CHOSEN, *field.options])
            editor.currentIndexChanged.connect(self.edited)
            if field.hint:
                editor.setToolTip(field.hint)
        else:
            editor = QLineEdit()
            hint = "如 2026-12-04" if field.kind is FieldKind.DATE else field.hint
            editor.setPlaceholderText(hint)
            editor.textChanged.connect(self.edited)
        editor.setAccessibleName(field.label)
        self.editors[field.key] = editor
        return editor

    # -- values --------------------------------------------------------------------------
    def set_values(self, fields: dict[str, str], parts: dict[int, str]) -> None:
        self.blockSignals(True)
        for key, editor in self.editors.items():
            value = fields.get(key, "")
            if isinstance(editor, QComboBox):
                index = editor.findText(value)
                editor.setCurrentIndex(max(index, 0))
            elif isinstance(editor, QPlainTextEdit):
                editor.setPlainText(value)
            else:
                editor.setText(value)
        for student_id, edit in self.parts.items():
            edit.setPlainText(parts.get(student_id, ""))
        self.blockSignals(False)

    def values(self) -> dict[str, str]:
        """Every field's text; a field left empty is left out (a draft may be incomplete)."""
        found = {}
        for key, editor in self.editors.items():
            if isinstance(editor, QComboBox):
                value = "" if editor.currentIndex() <= 0 else editor.currentText()
            elif isinstance(editor, QPlainTextEdit):
                value = editor.toPlainText()
            else:
                value = editor.text()
            if value.strip():
                found[key] = value
        return found

    def part_values(self) -> dict[int, str]:
        return {student_id: edit.toPlainText() for student_id, edit in self.parts.items()}

    def set_read_only(self, read_only: bool) -> None:
        """A signed note is shown, never edited: text stays selectable, combo boxes are fixed."""
        for editor in [*self.editors.values(), *self.parts.values()]:
            if isinstance(editor, QComboBox):
                editor.setEnabled(not read_only)
            else:
                editor.setReadOnly(read_only)
                if read_only:
                    editor.setPlaceholderText("（未填写）")
            if isinstance(editor, QPlainTextEdit) and read_only:
                editor.setFixedHeight(_fitted_height(editor))

    def first_editor(self) -> QWidget | None:
        return next(iter(self.editors.values()), None)


def _label(field: TemplateField) -> QLabel:
    label = QLabel(f"{field.label}{' *' if field.required else ''}")
    if field.required:
        label.setToolTip("签名前必须填写")
    return label


def _fitted_height(edit: QPlainTextEdit) -> int:
    """The height that shows the text whole at the box's width (wrapped lines counted)."""
    width = max(edit.viewport().width(), 400)
    metrics = edit.fontMetrics()
    lines = sum(
        max(1, -(-metrics.horizontalAdvance(line) // width)) for line in (edit.toPlainText() or " ").split("\n")
    )
    return min(MAX_SHOWN_HEIGHT, max(40, lines * metrics.lineSpacing() + 16))
