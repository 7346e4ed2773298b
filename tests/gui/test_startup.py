"""Start-up: the login window is on screen before the heavy modules load and before the keyring
is probed; matplotlib's first font cache is built behind a message, not a frozen window."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counselroom.gui import chart_loading
from counselroom.gui.app import AppController
from counselroom.gui.pages import registry
from counselroom.gui.pages.base import Page
from counselroom.gui.progress_dialog import ProgressDialog
from counselroom.gui.session.login_dialog import LoginDialog
from counselroom.system import device_secrets
from tests.conftest import SchoolFixture

HEAVY = ("matplotlib", "reportlab", "openpyxl", "pypinyin", "chinese_calendar", "keyring", "counselroom.demo")

# Start the real program; at the login dialog's first paint, list the heavy modules loaded.
AT_LOGIN = """
import json, os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

class AtFirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and type(watched).__name__ == "LoginDialog":
            loaded = sorted(m for m in HEAVY + PAGES if m in sys.modules)
            print("LOADED " + json.dumps(loaded), flush=True)
            os._exit(0)
        return False

app = QApplication(sys.argv[:1])
watch = AtFirstPaint()
app.installEventFilter(watch)
from counselroom.__main__ import main
main(["--db", DB])
"""

PAGES = ("counselroom.gui.main_window", "counselroom.gui.pages.today_page", "counselroom.gui.pages.students_page")


def test_the_login_window_shows_before_the_heavy_modules_load(school: SchoolFixture, tmp_path: Path) -> None:
    school.admin.db.close()
    code = f"HEAVY = {HEAVY!r}\nPAGES = {PAGES!r}\nDB = {str(school.path)!r}\n" + AT_LOGIN
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COUNSELROOM_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    lines = [line for line in done.stdout.splitlines() if line.startswith("LOADED ")]
    assert lines, done.stderr[-2000:]
    assert json.loads(lines[0].removeprefix("LOADED ")) == []


def test_the_keyring_is_probed_once_the_login_window_is_on_screen(
    qtbot: QtBot, school: SchoolFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    school.admin.db.close()
    probed: list[bool] = []

    def probe() -> None:
        dialog = QApplication.activeModalWidget()
        probed.append(isinstance(dialog, LoginDialog) and dialog.isVisible())

    monkeypatch.setattr(device_secrets, "probe_device_secrets", lambda: probe())
    hints: list[str] = []

    def read_hint_then_close() -> None:
        dialog = QApplication.activeModalWidget()
        if not probed or not isinstance(dialog, LoginDialog):
            QTimer.singleShot(10, read_hint_then_close)
            return
        hints.append(dialog.hint.text())
        dialog.reject()

    controller = AppController(school.path, login_hint="演示学校")
    QTimer.singleShot(0, read_hint_then_close)
    assert not controller.start()
    assert probed == [True], "probed once, with the login window already shown"
    assert hints == [f"演示学校\n{device_secrets.NO_KEYRING_NOTICE}"]
    assert controller.keys.device is None and device_secrets.NO_KEYRING_NOTICE in controller.notice


def test_a_notice_added_to_the_shown_login_window_grows_it(qtbot: QtBot, school: SchoolFixture) -> None:
    """Started on a school's file there is no hint at first; the keyring notice arrives once the window is
    on screen (a user test saw its last line cut off and the two fields squashed)."""
    school.admin.db.close()
    dialog = LoginDialog(school.path, lambda: None)  # type: ignore[arg-type, return-value]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.add_hint(device_secrets.NO_KEYRING_NOTICE)
    QApplication.processEvents()
    assert dialog.hint.height() >= dialog.hint.heightForWidth(dialog.hint.width())
    for field in (dialog.username, dialog.password):
        assert field.height() >= field.minimumSizeHint().height()


def test_a_missing_font_cache_is_noticed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import matplotlib

    monkeypatch.setattr(matplotlib, "get_cachedir", lambda: str(tmp_path))
    assert chart_loading.font_cache_missing()
    (tmp_path / "fontlist-v390.json").write_text("{}")
    assert not chart_loading.font_cache_missing()


def test_the_first_font_cache_is_built_behind_a_message(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stand-in for matplotlib.font_manager: a module that takes a while and says on which thread."""
    (tmp_path / "slow_font_cache.py").write_text(
        "import threading, time\nTHREAD = threading.get_ident()\ntime.sleep(0.2)\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(chart_loading, "FONT_MANAGER", "slow_font_cache")
    monkeypatch.setattr(chart_loading, "font_cache_missing", lambda: True)
    labels: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, ProgressDialog):
            labels.append(dialog.label.text())
        else:
            QTimer.singleShot(5, look)

    QTimer.singleShot(0, look)
    chart_loading.load_charts()
    module = sys.modules.pop("slow_font_cache")
    assert labels == ["首次启动，正在准备字体…"]
    assert threading.get_ident() != module.THREAD, "built on a worker thread: the window stays alive"


def test_every_page_named_in_the_sidebar_registry_loads(sessions) -> None:  # type: ignore[no-untyped-def]
    """Pages are named, not imported, so a typo would only show when the page is opened."""
    for module in registry.MODULES:
        if module.page:
            page_class = module.page_class()
            assert issubclass(page_class, Page) and page_class.title == module.title, module.title
            for session in sessions.values():  # the registry and the page agree on who sees it
                assert page_class.visible_to(session.actor) == module.visible(session.actor), module.title
