"""Start-up: process start → login window shown, beside a bare PySide6 window in the same run
(acceptance: at most 2× the bare window).

Run: `python -m benchmarks.startup [RUNS]` (offscreen unless QT_QPA_PLATFORM says otherwise).

Each run spawns two fresh interpreters in turn: one shows a bare QWidget, the other starts the
real program (`counselroom --db …` on a school made beforehand in a temp folder) up to its login
dialog. Both install the same probe: the first paint event of the expected top-level window
prints the wall-clock time and ends the process. The time counted runs from just before the
process is spawned, so interpreter start, imports, the keyring probe and the theme all count.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from counselroom.services.accounts import setup
from counselroom.services.accounts.session import KeyPolicy
from counselroom.store.key_slots import TEST_KDF
from counselroom.system import clock

TARGET = 2.0  # the program may take at most twice the bare window

# The first paint of a top-level widget of class TARGET_CLASS: print the time, stop at once.
PROBE = """
import os, sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

class ShownProbe(QObject):
    def eventFilter(self, watched, event):
        if (
            event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and type(watched).__name__ == TARGET_CLASS
        ):
            print(f"shown {time.time():.6f}", flush=True)
            os._exit(0)
        return False

app = QApplication(sys.argv[:1])
probe = ShownProbe()
app.installEventFilter(probe)
"""

BARE = """
TARGET_CLASS = "QWidget"
{probe}
window = QWidget()
window.setWindowTitle("bare")
window.resize(420, 240)
window.show()
app.exec()
"""

PROGRAM = """
TARGET_CLASS = "LoginDialog"
{probe}
from counselroom.__main__ import main
main(["--db", {db!r}])
"""


def make_school(folder: Path) -> Path:
    path = folder / "school.db"
    created = setup.create_school(
        path,
        school_name="基准中学",
        admin_username="admin",
        admin_password="bench-pass-123",
        now=clock.now(),
        keys=KeyPolicy(kdf=TEST_KDF),
    )
    created.session.db.close()
    return path


def time_to_shown(code: str, env: dict[str, str]) -> float:
    """Seconds from spawning `python -c code` to the probe's 'shown' line."""
    start = time.time()
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    lines = [line for line in done.stdout.splitlines() if line.startswith("shown ")]
    if not lines:
        raise RuntimeError(f"the window was never shown (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return float(lines[0].split()[1]) - start


def main(runs: int = 5) -> None:
    folder = Path(tempfile.mkdtemp(prefix="counselroom-startup-"))
    env = dict(os.environ, COUNSELROOM_DATA_DIR=str(folder / "data"))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    bare_code = BARE.format(probe=PROBE)
    program_code = PROGRAM.format(probe=PROBE, db=str(make_school(folder)))
    time_to_shown(program_code, env)  # warm the OS file cache (and any first-run cache) once
    bare, program = [], []
    for _ in range(runs):
        bare.append(time_to_shown(bare_code, env))
        program.append(time_to_shown(program_code, env))
    bare_median, program_median = statistics.median(bare), statistics.median(program)
    print(f"{'bare PySide6 window (median of ' + str(runs) + ')':<44} {bare_median:8.3f} s")
    print(f"{'counselroom login window (median of ' + str(runs) + ')':<44} {program_median:8.3f} s")
    ratio = program_median / bare_median
    print(f"{'ratio':<44} {ratio:8.2f} ×   (target ≤ {TARGET:.0f}×: {'ok' if ratio <= TARGET else 'OVER'})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
