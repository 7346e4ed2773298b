"""SECURITY.md 18: a writer killed with SIGKILL at random points (50 times) loses no committed
row and leaves a database that passes the integrity checks."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from counselroom.store.connection import open_encrypted, run_health_checks
from counselroom.store.opening import create_database

KILLS = 50
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_sigkill_at_random_points_loses_no_committed_row(tmp_path: Path) -> None:
    key = os.urandom(32)
    path = tmp_path / "crash.db"
    create_database(path, key).close()
    chance = random.Random(18)
    committed: set[int] = set()
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.store.crash_writer", str(path), key.hex()],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        first = child.stdout.readline()  # the writer is up and has committed once
        assert first.strip(), "the writer did not start"
        committed.add(int(first))
        time.sleep(chance.uniform(0, 0.05))
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate()
        # A line cut short by the kill is not a report of a commit.
        committed |= {int(line) for line in rest.splitlines(keepends=True) if line.endswith("\n")}
    conn = open_encrypted(path, key)
    try:
        assert run_health_checks(conn, path, full=True) == []
        stored = {int(k.removeprefix("row-")) for (k,) in conn.execute("SELECT key FROM settings")}
    finally:
        conn.close()
    assert committed <= stored, f"lost committed rows: {sorted(committed - stored)[:10]}"
    assert len(committed) > KILLS
