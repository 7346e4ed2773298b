"""The one-row quick entry above each table of the 活动 page: labels over fields, Tab from field to
field, Enter saves, and after a save the cursor is back in the first field for the next entry.

A complaint (a name not found, the service's refusal) is shown under the row in red and the field
it is about gets a red border and the cursor; nothing typed is cleared. Once the teacher changes the
field the complaint was about, the complaint goes (the row's hint comes back): a red line about a
field already mended would only mislead."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.errors import CounselRoomError

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """A red border (style.qss [invalid="true"]) on the field the complaint is about."""
    if widget.property("invalid") == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class EntryStrip(QWidget):
    submitted = Signal()  # Enter in any field, or the button

    def __init__(self, button_text: str = "记录", parent: QWidget | None = None):
        super().__init__(parent)
        self.fields: dict[str, QWidget] = {}
        self.aliases: dict[str, str] = {}  # a service's name of a field → the label here
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(2)
        self.save_button = QPushButton(button_text)
        self.save_button.setProperty("primary", True)
        self.save_button.setToolTip("按 Enter 保存")
        self.save_button.clicked.connect(self.submitted)
        self.message = QLabel("")
        self.message.setObjectName("PageHint")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self.grid)
        layout.addWidget(self.message)
        self._hint = ""
        self._standing = ""
        self._complained_of: QWidget | None = None

    def add(self, label: str, widget: QWidget, *, stretch: int = 0, width: int = 0) -> QWidget:
        """The next field to the right, its label above it; `label` also names it for errors. A field
        with `stretch` grows; the others keep `width`."""
        column = len(self.fields)
        caption = QLabel(label)
        caption.setObjectName("Muted")
        caption.setBuddy(widget)
        self.grid.addWidget(caption, 0, column)
        self.grid.addWidget(widget, 1, column)
        self.grid.setColumnStretch(column, stretch)
        if isinstance(widget, QComboBox) and width:
            widget.ensurePolished()  # the style sheet's padding counts in the size hint
            width = max(width, widget.sizeHint().width())  # the longest choice shows whole, in any font
        if stretch:
            widget.setMinimumWidth(width or 140)  # the free text takes what the others leave
        elif width:
            widget.setFixedWidth(width)
        self._watch(widget)
        self._watch_edits(widget)
        if self.fields:
            QWidget.setTabOrder(list(self.fields.values())[-1], widget)
        self.fields[label] = widget
        return widget

    def finish(self) -> None:
        """After the last field: the button, then Tab order closed onto it."""
        column = len(self.fields)
        self.grid.addWidget(self.save_button, 1, column)
        if self.fields:
            QWidget.setTabOrder(list(self.fields.values())[-1], self.save_button)

    def _watch(self, widget: QWidget) -> None:
        widget.installEventFilter(self)
        inner = widget.lineEdit() if isinstance(widget, QComboBox | QAbstractSpinBox) else None
        if inner is not None:
            inner.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in ENTER_KEYS:
            if isinstance(watched, QComboBox) and watched.view().isVisible():
                return False  # Enter chooses in the open list
            self.submitted.emit()
            return True
        return False

    def _watch_edits(self, widget: QWidget) -> None:
        """Changes the teacher makes (typing, IME input, a choice): they may mend a complaint."""
        mended = partial(self._edited, widget)
        if isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(mended)
        inner = widget.lineEdit() if isinstance(widget, QComboBox | QAbstractSpinBox) else widget
        if isinstance(inner, QLineEdit):
            inner.textEdited.connect(mended)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(mended)

    def _edited(self, widget: QWidget, *_args: object) -> None:
        """The field complained of is being changed: the red line and border go."""
        if widget is self._complained_of:
            self.clear_marks()
            self._say(self._hint, error=False)

    # -- after a try -------------------------------------------------------------------
    def first_field(self) -> QWidget | None:
        return next(iter(self.fields.values()), None)

    def focus_first(self) -> None:
        first = self.first_field()
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_hint(self, text: str, *, standing: bool = False) -> None:
        """What stays under the row while nothing is wrong: the category's suggested targets, or
        a student's brothers and sisters. A `standing` hint names no one and survives a lock."""
        self._hint = text
        if standing:
            self._standing = text
        self._say(text, error=False)

    def forget(self) -> None:
        """Locked: no name stays under the row (a sibling, the student just recorded)."""
        self.clear_marks()
        self.set_hint(self._standing)

    def show_done(self, text: str) -> None:
        self.clear_marks()
        self._say(f"{text}　{self._hint}".strip() if self._hint else text, error=False)
        self.focus_first()

    def complain(self, text: str, field: str | None = None) -> bool:
        """Red under the row; the named field marked and given the cursor. True when a field was named."""
        self.clear_marks()
        self._say(text, error=True)
        widget = self.fields.get(field or "")
        self._complained_of = widget
        if widget is not None:
            mark_invalid(widget, True)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return widget is not None

    def show_error(self, error: CounselRoomError) -> bool:
        """For ServiceRunner.call_in_form: the service's refusal next to the row, typing kept."""
        field = self.aliases.get(error.field or "", error.field)
        where = f"“{field}”：" if field else ""  # one entry: its row number says nothing
        self.complain(where + error.message, field)
        return True

    def clear_marks(self) -> None:
        self._complained_of = None
        for widget in self.fields.values():
            mark_invalid(widget, False)

    def _say(self, text: str, *, error: bool) -> None:
        self.message.setObjectName("ErrorLabel" if error else "PageHint")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
