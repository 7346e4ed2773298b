"""Benchmarks on a large generated school (not part of the test suite): `make bench`.

Prints wall-clock figures for the operations a teacher waits on. Uses the production KDF, so the
figures are what a school PC of this class would see.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from counselroom.demo import generator as demo
from counselroom.services.accounts import integrity, sign_in
from counselroom.services.accounts.session import KeyPolicy
from counselroom.system import clock

T = TypeVar("T")
PASSWORD = "bench-pass-123"


def timed(label: str, work: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = work()
    print(f"{label:<40} {time.perf_counter() - start:8.3f} s")
    return result


def main(students: int = 5000) -> None:
    keys = KeyPolicy()  # production Argon2id cost, no keyring
    folder = Path(tempfile.mkdtemp(prefix="counselroom-bench-"))
    db = folder / "school.db"
    timed(
        f"demo school, {students} students",
        lambda: demo.generate_demo_school(db, students=students, password=PASSWORD, now=clock.now(), keys=keys),
    )
    session = timed(
        "sign in (Argon2id + open + quick_check)",
        lambda: sign_in.sign_in(db, "admin", PASSWORD, now=clock.now(), keys=keys),
    )
    timed(
        "check (integrity + audit chain)", lambda: integrity.check_database(session.db, session.actor, now=clock.now())
    )
    timed("lock", lambda: sign_in.lock(session, now=clock.now()))
    print(f"database size: {db.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
