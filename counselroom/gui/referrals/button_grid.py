"""Buttons that keep their places — the 转介 panel's steps and the 危机事件 view's: each button of a
record is always at the same spot; one the rules do not allow now is disabled, its tooltip saying
why. Buttons laid out again per state moved under the teacher's cursor (next to 提交会签: a
mis-click risk), so none is hidden or moved for a state."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QGridLayout, QPushButton


def button_grid(buttons: Sequence[QPushButton], columns: int) -> QGridLayout:
    """The buttons in rows of `columns`, in order, each in its own fixed cell."""
    grid = QGridLayout()
    for i, button in enumerate(buttons):
        grid.addWidget(button, i // columns, i % columns)
    return grid


def offer(button: QPushButton, why_not: str) -> None:
    """Enabled when `why_not` is "", else disabled with `why_not` as its tooltip (Qt shows a
    disabled button's tooltip)."""
    button.setEnabled(not why_not)
    button.setToolTip(why_not)
