"""A start time that is easy to type or pick: an editable list of the day's opening-period starts
(and the half hours inside them) that also takes any time typed as 1410, 14:10 or 14点10.
It keeps QTimeEdit's time() / setTime() / timeChanged, so a form uses it the same way."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from counselroom.domain.school.school_days import Period
from counselroom.gui.scheduling.time_text import offered_times, parse_time_text


class TimeField(QComboBox):
    timeChanged = Signal(QTime)

    def __init__(self, start: QTime, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(12)
        self.lineEdit().setPlaceholderText("如 14:10 或 1410")
        self.setToolTip("从列表选开放时段的开始时间，或直接输入，如 14:10、1410、14点10")
        self._time = QTime(start.hour(), start.minute())
        self._entered = QTime(self._time)  # the last time entered whole, to go back to
        self.setEditText(self._text(self._time))
        self.editTextChanged.connect(self._typed)
        self.lineEdit().editingFinished.connect(self._tidy)
        self.activated.connect(lambda _index: self._tidy())

    @staticmethod
    def _text(moment: QTime) -> str:
        return f"{moment.hour():02d}:{moment.minute():02d}"

    def time(self) -> QTime:
        return QTime(self._time)

    def setTime(self, moment: QTime) -> None:
        self.setEditText(self._text(moment))  # _typed keeps it and tells the form
        self._entered = QTime(self._time)

    def set_periods(self, periods: Sequence[Period]) -> None:
        """Offer the day's opening-period starts; what is typed stays."""
        kept = self.currentText()
        self.blockSignals(True)
        self.clear()
        for moment in offered_times(periods):
            self.addItem(f"{moment:%H:%M}")
        self.setEditText(kept)
        self.blockSignals(False)

    @property
    def valid(self) -> bool:
        return parse_time_text(self.currentText()) is not None

    def _typed(self, text: str) -> None:
        """Follow the typing (the form checks conflicts as it goes): 1, 14, 141, 1410 …"""
        parsed = parse_time_text(text)
        if parsed is not None:
            self._keep(QTime(parsed.hour, parsed.minute))

    def _keep(self, moment: QTime) -> None:
        if moment != self._time:
            self._time = QTime(moment)
            self.timeChanged.emit(QTime(moment))

    def _tidy(self) -> None:
        """Leaving the field: show what was understood (1410 → 14:10); what is not a time puts
        back the time entered before."""
        if not self.valid:
            self._keep(self._entered)
        self._entered = QTime(self._time)
        self.blockSignals(True)
        self.setEditText(self._text(self._time))
        self.blockSignals(False)
