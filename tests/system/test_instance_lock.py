"""SECURITY.md 21: the data folder's lock — one holder, released on exit however the holder exits."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from counselroom.system import instance_lock

HOLD = """
import os, sys
from pathlib import Path
from counselroom.system import instance_lock
held = instance_lock.try_lock(Path(sys.argv[1]))
print("held" if held else "refused", flush=True)
if sys.argv[2] == "crash":
    os._exit(0)  # dies holding the lock, as a crash would
sys.stdin.readline()  # holds it until told to go
"""


def _holder(db: Path, how: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db), how], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )


def test_another_process_holding_it_is_refused_until_it_exits(tmp_path: Path) -> None:
    db = tmp_path / "school.db"
    other = _holder(db, "hold")
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "held"
        assert instance_lock.try_lock(db) is None
        with pytest.raises(instance_lock.DataFolderInUse, match="另一个窗口或命令正在运行"):
            instance_lock.hold(db, advice="请先关闭它。")
    finally:
        other.communicate("\n", timeout=60)
    mine = instance_lock.try_lock(db)
    assert mine is not None
    mine.unlock()


def test_a_crashed_holder_leaves_a_file_but_no_lock(tmp_path: Path) -> None:
    db = tmp_path / "school.db"
    crashed = _holder(db, "crash")
    assert crashed.communicate(timeout=60)[0].strip() == "held"
    assert instance_lock.lock_path(db).exists(), "the crashed run left its lock file behind"
    with instance_lock.hold(db, advice="") as taken:
        assert taken.held


def test_the_file_is_owner_only_names_its_holder_and_goes_with_the_lock(tmp_path: Path) -> None:
    db = tmp_path / "school.db"
    path = instance_lock.lock_path(db)
    path.write_text("4242\nleft by an earlier version\n")
    path.chmod(0o644)
    with instance_lock.hold(db, advice="") as held:
        if os.name == "posix":  # Windows keeps the locked file unreadable to others
            assert path.read_text().splitlines()[0] == str(os.getpid())
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert instance_lock.try_lock(db) is None  # a second holder in the same process too
    assert not held.held and not path.exists()
    again = instance_lock.try_lock(db)
    assert again is not None
    again.unlock()


def test_a_new_schools_folder_is_made(tmp_path: Path) -> None:
    db = tmp_path / "new" / "folder" / "school.db"
    with instance_lock.hold(db, advice=""):
        assert db.parent.is_dir()
