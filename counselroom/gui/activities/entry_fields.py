"""Fields of the quick entry rows: names completed as they are typed, dates that Tab leaves in one
press, numbers. Each behaves the same in every tab of the 活动 page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QDate, QLocale, QStringListModel, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QDateEdit, QLineEdit, QSpinBox, QWidget

from counselroom.gui.activities.directory import resolve

Lookup = Callable[[str], dict[str, int]]
DATE_WIDTH = 190  # 2025年10月13日 周一 and the calendar button


class NameField(QLineEdit):
    """A name typed and completed from a list (staff, classes) or from a lookup as the teacher
    types (students). `chosen_id()` is the id of the label typed, or of a name only one has."""

    def __init__(self, placeholder: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self._choices: dict[str, int] = {}
        self._lookup: Lookup | None = None
        self._labels = QStringListModel(self)
        completer = QCompleter(self._labels, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)
        self.textEdited.connect(self._typed)

    def set_choices(self, choices: dict[str, int]) -> None:
        """A fixed list (staff, classes): completed from it, resolved against it."""
        self._lookup = None
        self._set(choices)

    def set_lookup(self, lookup: Lookup | None) -> None:
        """Looked up as typed (students); None: free text, nothing to complete."""
        self._lookup = lookup
        self._set({})

    def _set(self, choices: dict[str, int]) -> None:
        self._choices = dict(choices)
        self._labels.setStringList(list(choices))

    def _typed(self, text: str) -> None:
        if self._lookup is not None:
            self._set(self._lookup(text) if text.strip() else {})

    def chosen_id(self) -> int | None:
        if self._lookup is not None and self.text().strip() and not resolve(self.text(), self._choices):
            self._set(self._lookup(self.text()))  # typed by setText (or pasted): look it up now
        return resolve(self.text(), self._choices)

    @property
    def completes(self) -> bool:
        return self._lookup is not None or bool(self._choices)


class QuickDateEdit(QDateEdit):
    """A date field where Tab goes to the next field (QDateEdit's own Tab walks year, month, day)
    and the day is selected on arrival, the part a teacher most often changes."""

    def __init__(self, day: date, parent: QWidget | None = None):
        super().__init__(QDate(day.year, day.month, day.day), parent)
        self.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self.setDisplayFormat("yyyy年M月d日 ddd")
        self.setCalendarPopup(True)

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.setCurrentSection(QDateEdit.Section.DaySection)

    def day(self) -> date:
        return self.date().toPython()  # type: ignore[no-any-return]

    def set_day(self, day: date) -> None:
        self.setDate(QDate(day.year, day.month, day.day))


class NumberField(QSpinBox):
    """A whole number whose text is selected on arrival, however the cursor came: typing replaces
    it (and the "—" of a number not given)."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.selectAll()


def number_field(low: int, high: int, value: int, *, none_text: str = "") -> QSpinBox:
    """A whole number; with `none_text`, the lowest value shows that text and means "not given"."""
    box = NumberField()
    box.setRange(low, high)
    box.setValue(value)
    if none_text:
        box.setSpecialValueText(none_text)
    return box


def choice_box(values: Sequence[str], *, editable: bool = False, data: Sequence[object] = ()) -> QComboBox:
    box = QComboBox()
    for i, value in enumerate(values):
        box.addItem(value, data[i] if data else value)
    box.setEditable(editable)
    if editable:
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        box.setCurrentIndex(-1)
    return box


def text_line(placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setPlaceholderText(placeholder)
    return field
