"""Start-up: process start → login window shown, beside a bare PySide6 window in the same run
(issue #15: at most 1.5× the bare window, and under 1 s).

Run: `python -m benchmarks.startup [RUNS]` (offscreen unless QT_QPA_PLATFORM says otherwise) on a new
school; `benchmarks.budgets` runs it on the 5,000-student demo.

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

from benchmarks.budget_table import Budget
from benchmarks.offscreen import offscreen_1366
from counselroom.services.accounts import setup
from counselroom.services.accounts.session import KeyPolicy
from counselroom.store.key_slots import TEST_KDF
from counselroom.system import clock

RATIO_LIMIT = 1.5  # the program may take at most 1.5 times the bare window
LIMIT_S = 1.0

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


def medians(db: Path, runs: int) -> tuple[float, float]:
    """Median seconds to the bare window and to the program's login window on `db`, alternating."""
    folder = Path(tempfile.mkdtemp(prefix="counselroom-startup-"))
    env = dict(os.environ, COUNSELROOM_DATA_DIR=str(folder / "data"))
    env.setdefault("QT_QPA_PLATFORM", offscreen_1366())
    bare_code = BARE.format(probe=PROBE)
    program_code = PROGRAM.format(probe=PROBE, db=str(db))
    time_to_shown(program_code, env)  # warm the OS file cache (and any first-run cache) once
    bare, program = [], []
    for _ in range(runs):
        bare.append(time_to_shown(bare_code, env))
        program.append(time_to_shown(program_code, env))
    return statistics.median(bare), statistics.median(program)


def budgets(db: Path, runs: str = "7") -> list[Budget]:
    bare, program = medians(db, int(runs))
    print(f"bare PySide6 window {bare * 1000:.0f} ms, login window {program * 1000:.0f} ms (medians of {runs})")
    return [
        Budget(
            f"process start → login window (median of {runs})",
            program * 1000,
            "ms",
            floor=bare * 1000,
            floor_name="a bare PySide6 window, fresh interpreter, same probe",
            limit=LIMIT_S * 1000,
            ratio_limit=RATIO_LIMIT,
        )
    ]


def main(runs: int = 5) -> None:
    folder = Path(tempfile.mkdtemp(prefix="counselroom-startup-"))
    bare_median, program_median = medians(make_school(folder), runs)
    print(f"{'bare PySide6 window (median of ' + str(runs) + ')':<44} {bare_median:8.3f} s")
    print(f"{'counselroom login window (median of ' + str(runs) + ')':<44} {program_median:8.3f} s")
    ratio = program_median / bare_median
    verdict = "ok" if ratio <= RATIO_LIMIT and program_median < LIMIT_S else "OVER"
    print(f"{'ratio':<44} {ratio:8.2f} ×   (target ≤ {RATIO_LIMIT}× and < {LIMIT_S:.0f} s: {verdict})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
