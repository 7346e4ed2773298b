"""Unlock → 今日 filled, after the KDF (issue #15 item 4: ≤300 ms), in the real main window offscreen.

The lead signs in, the main window opens on 今日 as in the program, and is locked and unlocked RUNS times
through the lock screen's own path (`MainWindow.unlock`: sign-in with `unlocking=True`, drafts taken
back, every built page refreshed), processing events until nothing is pending. Every call of the KDF
(Argon2id at the production cost) made during an unlock is timed where it runs and taken off that unlock:
what is left is what the program adds. (Subtracting a KDF timed separately left the figure at the mercy of
the KDF's own ±100 ms on a busy machine: a user test saw −52 ms.)
Then the same once every page has been visited, since a teacher who used the program has them all built.

Run: `python -m benchmarks.unlock_today DB` (password in COUNSELROOM_PASSWORD, default demo1234). Prints a
table and, as its last line, JSON with the medians in ms (read by benchmarks.budgets).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.offscreen import offscreen_1366

os.environ.setdefault("QT_QPA_PLATFORM", offscreen_1366())  # before Qt loads

from PySide6.QtWidgets import QApplication

from benchmarks.budget_table import Budget
from counselroom.gui.main_window import MainWindow
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.theme import apply_theme
from counselroom.services.accounts import sign_in
from counselroom.services.accounts.session import KeyPolicy
from counselroom.services.registry import build_registry
from counselroom.store import key_slots
from counselroom.store.key_slots import PRODUCTION_KDF, password_wrapping_key
from counselroom.system import clock

RUNS = 7


def settle(app: QApplication) -> None:
    """Process events until a pass finds nothing to do (deferred loads included)."""
    for _ in range(5):
        app.processEvents()


def kdf_ms() -> float:
    """The program's own password stretching at the production cost, alone."""
    times = []
    for _ in range(3):
        started = time.perf_counter()
        password_wrapping_key("benchmark password", os.urandom(16), PRODUCTION_KDF, None)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def unlock_ms(app: QApplication, window: MainWindow, password: str) -> tuple[float, float]:
    """Medians of (the whole unlock, the unlock less the KDF calls made inside it), in ms."""
    kdf_spent: list[float] = []
    real_kdf = key_slots.password_wrapping_key

    def timed_kdf(*args: Any) -> bytes:
        started = time.perf_counter()
        try:
            return real_kdf(*args)
        finally:
            kdf_spent.append((time.perf_counter() - started) * 1000)

    whole, after_kdf = [], []
    key_slots.password_wrapping_key = timed_kdf  # key_slot_ops calls it through the module
    try:
        for _ in range(RUNS):
            window.lock()
            settle(app)
            kdf_spent.clear()
            started = time.perf_counter()
            window.unlock(password)
            settle(app)
            whole.append((time.perf_counter() - started) * 1000)
            after_kdf.append(whole[-1] - sum(kdf_spent))
            assert not window.is_locked, window.lock_screen.error.text()
            assert kdf_spent, "the unlock ran no KDF: the timing wrapper is not where the program calls it"
    finally:
        key_slots.password_wrapping_key = real_kdf
    return statistics.median(whole), statistics.median(after_kdf)


def main(db_path: Path) -> dict[str, float]:
    password = os.environ.get("COUNSELROOM_PASSWORD", "demo1234")
    app = QApplication.instance() or QApplication(["counselroom"])
    apply_theme(app)
    keys = KeyPolicy()
    session = sign_in.sign_in(db_path, "lead", password, now=clock.now(), keys=keys)
    window = MainWindow(ServiceRunner(session, keys, registry=build_registry()))
    window.resize(1366, 728)
    window.show()
    settle(app)
    kdf = kdf_ms()
    today_only, today_after_kdf = unlock_ms(app, window, password)
    for row in range(window.sidebar.count()):
        window.sidebar.setCurrentRow(row)
        settle(app)
    window.sidebar.setCurrentRow(0)
    settle(app)
    _, every_page_after_kdf = unlock_ms(app, window, password)
    window.backup_schedule.stop()
    window.close()
    figures = {
        "kdf_ms": kdf,
        "unlock_today_ms": today_after_kdf,
        "unlock_every_page_ms": every_page_after_kdf,
        "unlock_total_ms": today_only,
    }
    print(f"Argon2id alone (median of 3)                 {kdf:8.1f} ms")
    print(f"unlock → 今日, whole (median of {RUNS})          {today_only:8.1f} ms")
    print(f"  after the KDF                              {today_after_kdf:8.1f} ms")
    print(f"unlock with every page built, after the KDF  {every_page_after_kdf:8.1f} ms")
    return figures


def budgets(db_path: Path) -> list[Budget]:
    figures = main(db_path)
    kdf = f"Argon2id alone {figures['kdf_ms']:.0f} ms, not counted"
    return [
        Budget("unlock → 今日 filled, after the KDF", figures["unlock_today_ms"], "ms", floor_name=kdf, limit=300),
        Budget("unlock with every page built, after the KDF", figures["unlock_every_page_ms"], "ms", limit=300),
    ]


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
