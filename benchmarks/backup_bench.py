"""Backup and restore on a big school: `python -m benchmarks.backup_bench [--students N] [--years Y]`.

Generates the demo school (5,000 students, 3 years by default) and times, each three times (the
median printed): a lead's backup (both stores exported in one read transaction, then every copy
reopened and checked), an admin's backup (the care file copied as ciphertext at rest), and the check
a restore does with the recovery key (both copies fully), then one restore to a new folder.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from counselroom.services.backup import backups, restore
from tests.demo_school import make_demo

NOW = datetime(2026, 1, 15, 9, 0)
REPEATS = 3


def timed(work: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=5000)
    parser.add_argument("--years", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="counselroom-bench-") as folder:
        root = Path(folder)
        seconds, demo = timed(
            lambda: make_demo(root / "school.db", students=options.students, years=options.years, now=NOW)
        )
        assert hasattr(demo, "path")
        size = (demo.path.stat().st_size + demo.path.with_name("school.care.db").stat().st_size) / 1024 / 1024
        print(
            f"demo: {options.students} students, {options.years} years, stores {size:.1f} MB ({seconds:.0f} s to build)"
        )
        stick = root / "usb"
        stick.mkdir()
        made: list[backups.BackupMade] = []
        for who in ("lead", "admin"):
            runs = []
            with demo.session(who, now=NOW) as s:
                for i in range(REPEATS):
                    at = NOW + timedelta(days=i, minutes=1 if who == "admin" else 0)
                    seconds, result = timed(lambda at=at: backups.make_backup(s.db, s.actor, stick, now=at))
                    assert isinstance(result, backups.BackupMade) and result.good
                    made.append(result)
                    runs.append(seconds)
            how = "care store as ciphertext" if who == "admin" else "both stores exported"
            print(
                f"backup as {who:<6} {statistics.median(runs):6.2f} s  "
                f"({how}, checked; {made[-1].size / 1024 / 1024:.1f} MB)"
            )
        newest = made[-1].path
        runs = [timed(lambda: restore.check_backup(newest, demo.recovery_key))[0] for _ in range(REPEATS)]
        print(
            f"restore check  {statistics.median(runs):6.2f} s  (both copies opened and checked with the recovery key)"
        )
        target = root / "new-pc" / "school.db"
        target.parent.mkdir()
        seconds, session = timed(
            lambda: restore.restore_backup(
                newest, target, demo.recovery_key, "lead", "restored-1234", now=NOW, keys=demo.keys
            )
        )
        session.db.close()  # type: ignore[attr-defined]
        print(f"restore        {seconds:6.2f} s  (check, copy, swap, a new password for one account)")


if __name__ == "__main__":
    main()
