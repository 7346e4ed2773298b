"""matplotlib loads with the first chart, not at start-up.

The first time it runs on a PC, matplotlib scans every installed font to build a cache — many
seconds on a Windows PC with a lot of fonts. When that is about to happen, the import runs on a
worker thread behind a short message, so the program says what it is doing instead of freezing.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from counselroom.gui.worker import Job, Progress, run_job

FONT_MANAGER = "matplotlib.font_manager"  # importing it builds the cache when there is none
PREPARING_FONTS = "首次启动，正在准备字体…"


def font_cache_missing() -> bool:
    """Whether matplotlib has no font list cached yet (it keeps one per version in its cache folder)."""
    import matplotlib

    return not any(Path(matplotlib.get_cachedir()).glob("fontlist-v*.json"))


def load_charts(parent: QWidget | None = None) -> None:
    """Import matplotlib's font manager, with a message while a first-run cache is built."""
    if FONT_MANAGER in sys.modules:
        return
    if not font_cache_missing():
        importlib.import_module(FONT_MANAGER)
        return

    def build(progress: Progress) -> None:
        importlib.import_module(FONT_MANAGER)

    outcome = run_job(Job(build), label=PREPARING_FONTS, parent=parent or QApplication.activeWindow())
    if outcome.error is not None:
        raise outcome.error
