"""Every performance budget of issue #15 on the 5,000-student × 5-year demo, as one table: `make bench`.

Run: `python -m benchmarks.budgets [--db DB] [--quick]`.

Generates the demo school once (`counselroom demo --students 5000 --years 5`, timed: that is the first
budget), then runs each measurement in a fresh interpreter so that one part's imports, caches and Qt
application do not flatter or burden the next. Each part is a function `budgets(db, *args)` in its own
benchmark module returning `Budget` rows (the figure, its floor measured in the same run, the limit);
the child prints its own detail and then one line `BUDGETS [...]`, which this script collects. The
table ends with how many budgets were met.

The program's modules are compiled first, as an installed program's are; Qt parts run offscreen on a
1366×768 screen (benchmarks/offscreen.py).

`--db DB` uses an existing demo (password from COUNSELROOM_PASSWORD, default demo1234) instead of
generating one; `--quick` skips the slower parts (the report PDF's own demo, the roster import).
"""

from __future__ import annotations

import argparse
import compileall
import dataclasses
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import counselroom
from benchmarks.budget_table import Budget, print_table
from benchmarks.offscreen import offscreen_1366

STUDENTS = 5000
YEARS = 5
PASSWORD = "demo1234"
MARK = "BUDGETS "

# (module, extra arguments): run in this order, each in its own interpreter.
PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("startup", ()),
    ("unlock_today", ()),
    ("page_visits", ("lead",)),
    ("page_visits", ("counselor",)),
    ("page_visits", ("principal",)),
    ("search_demo_bench", ()),
    ("query_mix", ()),
    ("self_inspection_pdf", ()),
    ("enrolment_import", ()),
)
SLOW_PARTS = {"self_inspection_pdf", "enrolment_import"}


def generate_demo(folder: Path) -> tuple[Path, Budget]:
    db = folder / "school.db"
    env = dict(os.environ, COUNSELROOM_PASSWORD=PASSWORD, COUNSELROOM_DATA_DIR=str(folder / "data"))
    command = [sys.executable, "-m", "counselroom", "demo", "--db", str(db), "--students", str(STUDENTS)]
    started = time.perf_counter()
    subprocess.run([*command, "--years", str(YEARS)], env=env, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    budget = Budget(f"demo generation, {STUDENTS:,} students × {YEARS} years", seconds, "s", limit=60)
    return db, budget


def run_part(module: str, db: Path, args: tuple[str, ...], password: str) -> list[Budget]:
    """One part in a fresh interpreter; its detail is passed through, its budgets parsed from the last line."""
    print(f"\n── {module} {' '.join(args)}".rstrip(), flush=True)
    env = dict(os.environ, COUNSELROOM_PASSWORD=password)
    env.setdefault("QT_QPA_PLATFORM", offscreen_1366())
    command = [sys.executable, "-m", "benchmarks.budgets", "--part", module, str(db), *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=1800)
    lines = done.stdout.splitlines()
    for line in lines:
        if not line.startswith(MARK):
            print("   " + line)
    marked = [line for line in lines if line.startswith(MARK)]
    if done.returncode != 0 or not marked:
        print(done.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"{module} failed (exit {done.returncode})")
    return [Budget(**row) for row in json.loads(marked[-1][len(MARK) :])]


def run_one_part(module: str, db: Path, args: list[str]) -> None:
    """Child side: call the module's `budgets` and print the rows for the parent."""
    measure = importlib.import_module(f"benchmarks.{module}").budgets
    rows: list[Budget] = measure(db, *args)
    sys.stdout.flush()
    print(MARK + json.dumps([dataclasses.asdict(row) for row in rows], ensure_ascii=False), flush=True)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--part"]:
        run_one_part(argv[1], Path(argv[2]), argv[3:])
        return 0
    parser = argparse.ArgumentParser(prog="python -m benchmarks.budgets")
    parser.add_argument("--db", type=Path, help="an existing demo school instead of generating one")
    parser.add_argument("--quick", action="store_true", help="skip the report PDF and the roster import")
    options = parser.parse_args(argv)
    rows: list[Budget] = []
    # An installed program imports compiled modules; a checkout run with PYTHONDONTWRITEBYTECODE would
    # compile the program's modules again at every start and first page visit.
    compileall.compile_dir(str(Path(counselroom.__file__).parent), quiet=1)
    if options.db:
        db, password = options.db, os.environ.get("COUNSELROOM_PASSWORD", PASSWORD)
    else:
        print(f"generating the demo school ({STUDENTS:,} students × {YEARS} years)…", flush=True)
        db, demo_budget = generate_demo(Path(tempfile.mkdtemp(prefix="counselroom-budgets-")))
        password = PASSWORD
        rows.append(demo_budget)
        print(f"   {demo_budget.figure:.1f} s → {db}")
    for module, args in PARTS:
        if options.quick and module in SLOW_PARTS:
            continue
        rows += run_part(module, db, args, password)
    print_table(rows)
    return 0 if all(row.met for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
