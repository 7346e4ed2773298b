"""检索 as a teacher waits for it, on the demo school (issue #10: a 2-character word and a longer
phrase over the 5,000-student demo's notes, under 50 ms at the 95th percentile):
`python -m benchmarks.search_demo_bench [students]`.

Generates the demo school (production pragmas, the test KDF: sign-in cost is not what is timed),
signs in as the counselor and as the lead, and times `search_care_texts` — the whole service:
the permission check, the readable cases, the FTS5 query, the hits and the audited commit (the
query kept in the care store, the audit row, the key file's head) — RUNS times per query.
`benchmarks/search_bench.py` times the store alone on a far larger synthetic corpus.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from benchmarks.budget_table import Budget, p95, pad
from counselroom.demo import generator as demo
from counselroom.services.accounts import sign_in
from counselroom.services.accounts.session import KeyPolicy
from counselroom.services.cases import search
from counselroom.store.key_slots import TEST_KDF
from counselroom.store.named_rows import fetch_one
from counselroom.system import clock

NOW = datetime(2025, 12, 15, 10, 0)  # late in the first term: a term's notes are written
PASSWORD = "bench-pass-123"
RUNS = 100
QUERIES = (("作息", "2-char word"), ("睡不好", "phrase"), ("一周后同一时间再约", "long phrase"))


def time_queries(db_path: Path, username: str, password: str, keys: KeyPolicy, now: datetime) -> list[float]:
    """Every query RUNS times as `username`; prints a line per query, returns every time in ms."""
    session = sign_in.sign_in(db_path, username, password, now=now, keys=keys)
    every: list[float] = []
    try:
        for query, label in QUERIES:
            times, hits = [], 0
            for _ in range(RUNS):
                began = time.perf_counter()
                hits = len(search.search_care_texts(session.db, session.actor, query, now=now))
                times.append((time.perf_counter() - began) * 1000)
            every += times
            name = pad(f"{query} ({label})", 34)
            print(f"{name}{username:<11}{hits:>5}{statistics.median(times):>9.1f}{p95(times):>9.1f}{max(times):>9.1f}")
    finally:
        session.db.close()
    return every


def print_header(db_path: Path, password: str, keys: KeyPolicy, now: datetime) -> None:
    session = sign_in.sign_in(db_path, "counselor", password, now=now, keys=keys)
    try:
        row = fetch_one(session.db.conn, "SELECT count(*) AS n FROM care.search_docs")
        print(f"search index: {row['n'] if row else 0} documents (notes, addenda, cases, plans)\n")
        print(f"{'query':<34}{'user':<11}{'hits':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    finally:
        session.db.close()


def budgets(db_path: Path) -> list[Budget]:
    """On the bench demo (production KDF, today's date): the counselor's and the lead's p95 over the queries."""
    password, keys, now = os.environ.get("COUNSELROOM_PASSWORD", "demo1234"), KeyPolicy(), clock.now()
    print_header(db_path, password, keys, now)
    rows = []
    for username in ("counselor", "lead"):
        times = time_queries(db_path, username, password, keys, now)
        name = f"full-text search over notes, {username}, p95 of {len(times)}"
        rows.append(Budget(name, p95(times), "ms", floor_name="the whole audited service call", limit=50))
    return rows


def main(students: int = 5000) -> None:
    keys = KeyPolicy(kdf=TEST_KDF)
    db_path = Path(tempfile.mkdtemp(prefix="counselroom-search-")) / "school.db"
    start = time.perf_counter()
    demo.generate_demo_school(db_path, students=students, password=PASSWORD, now=NOW, keys=keys)
    print(f"demo school, {students} students: {time.perf_counter() - start:.1f} s")
    print_header(db_path, PASSWORD, keys, NOW)
    for username in ("counselor", "lead"):
        time_queries(db_path, username, PASSWORD, keys, NOW)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
