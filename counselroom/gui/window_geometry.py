"""Where the main window opens: sized to the screen, and where the teacher last left it.

A school PC is often 1366×768 with a taskbar: a fixed 1200×760 window lost its status bar below
the screen (issue #8 item 16). The window now opens inside the screen's available area —
maximised when that area is smaller than COMFORTABLE — and remembers its geometry.

The geometry is kept in `window.ini` in the data folder (QSettings, INI format), and nothing else
is: not a user name, nothing about students (SECURITY.md 7). It describes this PC's screen, not
a user, and is read before anyone signs in, so it does not belong in the encrypted database.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize, Qt
from PySide6.QtWidgets import QWidget

from counselroom.system import paths

COMFORTABLE = QSize(1280, 800)  # below this available area the window opens maximised
SHARE = 0.88  # of a larger screen's available area
KEY = "main_window/geometry"


def settings() -> QSettings:
    return QSettings(str(paths.data_dir() / "window.ini"), QSettings.Format.IniFormat)


def initial_geometry(available: QRect) -> tuple[QRect, bool]:
    """The window's rectangle on a screen with this available area, and whether to maximise."""
    small = available.width() < COMFORTABLE.width() or available.height() < COMFORTABLE.height()
    if small:
        return QRect(available), True
    size = QSize(
        max(COMFORTABLE.width(), round(available.width() * SHARE)),
        max(COMFORTABLE.height(), round(available.height() * SHARE)),
    ).boundedTo(available.size())
    rect = QRect(available.topLeft(), size)
    rect.moveCenter(available.center())
    return rect, False


def place(window: QWidget) -> None:
    """Restore the remembered geometry (Qt keeps it on a screen that is still there), or size the
    window to the screen it opens on."""
    saved = settings().value(KEY)
    if isinstance(saved, QByteArray) and not saved.isEmpty() and window.restoreGeometry(saved):
        return
    available = window.screen().availableGeometry()
    rect, maximised = initial_geometry(available)
    window.setGeometry(rect)
    if maximised:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def remember(window: QWidget) -> None:
    store = settings()
    store.setValue(KEY, window.saveGeometry())
    store.sync()
