"""The talk and home-visit counts' recount on a big school: `python -m benchmarks.activity_counts`.

5,000 students in 100 classes (one family in ten has two children), 10 terms, 50,000 talks with
about 80,000 students and 8,000 home visits, written straight into a new pair of stores. Times the
recount of each part of the care counts, and a care transaction of each kind as a service runs it:
the change, the recount of the parts it feeds (for a talk, its month and term only), the comparison
with the stored counts and the write.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from counselroom.domain.activities.talks import TalkCategory, TalkerKind, talker_kind
from counselroom.store import care_counts
from counselroom.store.activities import activity_counts
from counselroom.store.connection import Connection
from counselroom.store.opening import attach_care, create_stores

STUDENTS, CLASSES, TALKS, VISITS, FIRST_YEAR, YEARS = 5000, 100, 50_000, 8000, 2021, 5


def _school(conn: Connection) -> None:
    conn.execute("INSERT INTO grades (id, name, stage, year_in_stage, sort_order) VALUES (1, '初一', '初中', 1, 1)")
    conn.executemany(
        "INSERT INTO classes (id, grade_id, number, name) VALUES (?, 1, ?, ?)",
        [(c, c, f"{c}班") for c in range(1, CLASSES + 1)],
    )
    conn.executemany(
        "INSERT INTO students (id, student_no, name, gender, class_id, status, enrolled_on, created_at, updated_at)"
        " VALUES (?, ?, ?, '男', ?, '在读', '2021-09-01', 'x', 'x')",
        [(i, f"S{i}", f"学生{i}", 1 + i % CLASSES) for i in range(1, STUDENTS + 1)],
    )
    conn.executemany(  # every tenth student shares the ninth's mother
        "INSERT INTO guardians (student_id, name, relation, phone, is_primary) VALUES (?, '母', '母亲', ?, 1)",
        [(i, f"1380000{i - (i % 10 == 0):04d}") for i in range(1, STUDENTS + 1)],
    )
    for y in range(FIRST_YEAR, FIRST_YEAR + YEARS):
        conn.execute(
            "INSERT INTO academic_years (id, name, start_date, end_date) VALUES (?, ?, ?, ?)",
            (y, f"{y}-{y + 1}", f"{y}-09-01", f"{y + 1}-08-31"),
        )
        conn.executemany(
            "INSERT INTO terms (year_id, number, start_date, end_date) VALUES (?, ?, ?, ?)",
            [(y, 1, f"{y}-09-01", f"{y + 1}-01-20"), (y, 2, f"{y + 1}-02-20", f"{y + 1}-07-10")],
        )
    conn.execute("INSERT INTO staff (id, name, position) VALUES (1, '周老师', '班主任')")


def _day(rng: random.Random) -> str:
    return f"{rng.randint(FIRST_YEAR, FIRST_YEAR + YEARS)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _records(conn: Connection, rng: random.Random) -> int:
    talks, students = [], []
    for talk_id in range(1, TALKS + 1):
        category = rng.choice(list(TalkCategory))
        kind = talker_kind(category)
        staff = rng.randint(1, 200) if kind is TalkerKind.STAFF else None
        peer = rng.randint(1, STUDENTS) if kind is TalkerKind.PEER else None
        name = "母亲" if kind is TalkerKind.GUARDIAN else ""
        talks.append((talk_id, category.value, kind.value, staff, peer, name, _day(rng)))
        students += [(talk_id, s) for s in rng.sample(range(1, STUDENTS + 1), rng.choice((1, 1, 1, 2, 3)))]
    conn.executemany(
        "INSERT INTO care.talks (id, category, talker_kind, talker_staff_id, talker_student_id, talker_name, held_on,"
        " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 'x')",
        talks,
    )
    conn.executemany("INSERT INTO care.talk_students (talk_id, student_id) VALUES (?, ?)", students)
    conn.executemany(
        "INSERT INTO care.home_visits (id, held_on, mode, visitor_id, recorded_by, recorded_at)"
        " VALUES (?, ?, '实地', 1, 1, 'x')",
        [(v, _day(rng)) for v in range(1, VISITS + 1)],
    )
    conn.executemany(
        "INSERT INTO care.home_visit_students (visit_id, student_id) VALUES (?, ?)",
        [(v, rng.randint(1, STUDENTS)) for v in range(1, VISITS + 1)],
    )
    return len(students)


def _best(fn: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def _transaction(conn: Connection, *changes: str) -> Callable[[], None]:
    def run() -> None:
        conn.execute("BEGIN IMMEDIATE")
        for sql in changes:
            conn.execute(sql)
        care_counts.refresh_if_changed(conn)
        conn.execute("COMMIT")

    return run


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    path, school_key, care_key = folder / "school.db", os.urandom(32), os.urandom(32)
    conn = create_stores(path, school_key, care_key, db_id="bench")
    attach_care(conn, path, care_key, db_id="bench", check=False)
    conn.execute("BEGIN")
    _school(conn)
    pairs = _records(conn, random.Random(12))
    care_counts.write(conn, care_counts.recount(conn))
    conn.execute("COMMIT")
    print(f"{STUDENTS} students, {YEARS * 2} terms, {TALKS} talks ({pairs} talk students), {VISITS} home visits")
    talks_part = _best(lambda: activity_counts.recount_talks_into(conn, {}))
    visits_part = _best(lambda: activity_counts.recount_visits_into(conn, {}))
    print(f"  talks part (talks_term, talks_month):  {talks_part:6.0f} ms")
    print(f"  home visits part (class × term):       {visits_part:6.0f} ms")
    print(f"  every part (counselroom check):        {_best(lambda: care_counts.recount(conn)):6.0f} ms")
    talk = _transaction(
        conn,
        "INSERT INTO care.talks (category, talker_kind, talker_staff_id, held_on, recorded_by, recorded_at)"
        " VALUES ('心理老师深入谈', '教职工', 1, '2025-10-09', 1, 'x')",
        "INSERT INTO care.talk_students (talk_id, student_id) VALUES (last_insert_rowid(), 1)",
    )
    visit = _transaction(
        conn,
        "INSERT INTO care.home_visits (held_on, mode, visitor_id, recorded_by, recorded_at)"
        " VALUES ('2025-10-09', '实地', 1, 1, 'x')",
        "INSERT INTO care.home_visit_students (visit_id, student_id) VALUES (last_insert_rowid(), 1)",
    )
    warning = _transaction(
        conn,
        "INSERT INTO care.warnings (student_id, level, reason, source, opened_on, review_on, closed_on, created_at,"
        " updated_at) VALUES (1, 'yellow', '测试', '其他', '2025-10-09', '2025-11-09', '2025-10-10', 'x', 'x')",
    )
    print(f"  a transaction saving a talk:           {_best(talk):6.0f} ms")
    print(f"  a transaction saving a home visit:     {_best(visit):6.0f} ms")
    print(f"  a transaction saving a warning entry:  {_best(warning):6.0f} ms")
    conn.close()


if __name__ == "__main__":
    main()
