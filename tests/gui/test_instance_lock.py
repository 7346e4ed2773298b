"""SECURITY.md 21: one program per database, and a crashed run's lock does not block the next."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from counselroom.gui.app import acquire_instance_lock

HOLD_AND_DIE = """
import os, sys
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1] + ".lock")
assert lock.tryLock(0)
os._exit(0)  # dies holding the lock, as a crash would
"""


def test_a_second_program_is_refused_while_the_first_runs(tmp_path: Path) -> None:
    db = tmp_path / "school.db"
    first = acquire_instance_lock(db)
    assert first is not None
    assert acquire_instance_lock(db) is None
    first.unlock()
    again = acquire_instance_lock(db)
    assert again is not None
    again.unlock()


def test_the_lock_of_a_crashed_run_is_taken_over(tmp_path: Path) -> None:
    db = tmp_path / "school.db"
    subprocess.run([sys.executable, "-c", HOLD_AND_DIE, str(db)], check=True, timeout=60)
    assert (tmp_path / "school.db.lock").exists(), "the dead run left its lock file behind"
    taken = acquire_instance_lock(db)
    assert taken is not None
    taken.unlock()
