"""Modules a page needs only when the user acts: imported then, so opening the page stays quick."""

from __future__ import annotations

import importlib
from types import ModuleType


def print_actions() -> ModuleType:
    """The print actions and the PDF builders behind them (reportlab): loaded at the first print."""
    return importlib.import_module("counselroom.gui.printing.print_actions")
