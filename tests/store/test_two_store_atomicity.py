"""Issue #9 item 3: a care change, its counts and its audit row commit together or not at all,
across both files. A writer is killed with SIGKILL at random points (30 times); then both files
pass their checks, no reported commit is lost, and every change is wholly in both or in neither."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from counselroom.store import audit_log, care_counts, care_store
from counselroom.store.connection import run_health_checks
from counselroom.store.keyfile import KeyFile, keyfile_path, save_keyfile
from counselroom.store.opening import create_stores, open_stores

KILLS = 30
ROOT = Path(__file__).resolve().parents[2]
DB_ID = "0d7e4b8a-1c2f-4e6a-9b3d-7f5a2c8e1d40"


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_sigkill_across_both_stores_leaves_each_change_in_both_or_neither(tmp_path: Path) -> None:
    school_key, care_key = os.urandom(32), os.urandom(32)
    path = tmp_path / "school.db"
    conn = create_stores(path, school_key, care_key, db_id=DB_ID)
    conn.execute("INSERT INTO meta (key, value) VALUES ('db_id', ?)", (DB_ID,))
    conn.close()
    save_keyfile(keyfile_path(path), KeyFile(db_id=DB_ID, slots=()))
    chance = random.Random(9)
    committed: set[int] = set()
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.store.care_crash_writer", str(path), school_key.hex(), care_key.hex()],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        first = child.stdout.readline()
        assert first.strip(), "the writer did not start"
        committed.add(int(first))
        time.sleep(chance.uniform(0, 0.08))
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate()
        committed |= {int(line) for line in rest.splitlines(keepends=True) if line.endswith("\n")}

    conn = open_stores(path, school_key, care_key=care_key)
    try:
        assert run_health_checks(conn, path, full=True) == []
        assert run_health_checks(conn, care_store.care_store_path(path), full=True, schema="care") == []
        students = {r[0] for r in conn.execute("SELECT id FROM main.students")}
        entries = {r[0] for r in conn.execute("SELECT id FROM care.warnings")}
        audited = {int(r[0]) for r in conn.execute("SELECT object_id FROM audit_log WHERE object_type = 'warning'")}
        # Wholly in both or in neither: the school-side rows and the care-side rows are the same set.
        assert students == entries == audited
        assert committed <= entries, f"lost committed changes: {sorted(committed - entries)[:10]}"
        # The counts committed with the change: they equal a fresh recount.
        assert care_counts.differences(conn) == []
        stored = care_counts.stored(conn)
        assert sum(n for (kind, _dims), n in stored.items() if kind == "warnings_open") == len(entries)
        # The anchor in the care store names the chain's head as of the last commit.
        chain = audit_log.verify(conn)
        anchor = care_store.read_anchor(conn)
        assert chain.first_bad_seq is None and anchor is not None
        assert (anchor[0], anchor[1]) == (chain.head_seq, chain.head_hash)
    finally:
        conn.close()
    assert len(committed) > KILLS
    assert json.loads(json.dumps(sorted(committed)))  # a plain list: nothing odd reported
