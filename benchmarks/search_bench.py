"""Full-text search over a large school's notes (issue #10: a 2-character word and a longer phrase
answer in under 50 ms at the 95th percentile): `python -m benchmarks.search_bench [notes]`.

Builds a temporary pair of stores (production pragmas: SQLCipher, rollback journal, secure_delete),
writes ~5,000 students' worth of counselor notes into the search index — 40,000 notes of 200–600
characters in 2,000 cases, from a vocabulary of descriptive phrases as a school counselor writes
them — then times 200 searches per query (with the page cache the program gives the care store, then
with 64 MB), for one counselor's ~60 cases and for the lead (every
case), and prints p50/p95/max in ms with the index's size. Each search is `search_index.search`
with limit 50: the FTS5 query, the case filter, newest first, and the snippets.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from counselroom.store.care_store import care_store_path
from counselroom.store.cases import search_index, search_text
from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_one
from counselroom.store.opening import create_stores, open_stores

CASES = 2000
STUDENTS = 5000
COUNSELOR_CASES = 60
RUNS = 200
LIMIT = 50
QUERIES = (
    ("失眠", "2-char word"),
    ("入睡困难", "phrase"),
    ("与班主任沟通", "phrase"),
    ("情绪", "2-char, in most notes"),
    ("眠", "1 char"),
)

WHEN = ("近两周", "本周", "开学以来", "期中考试前后", "最近一个月", "上次辅导后", "周末回家后", "月考后")
WHO = ("该生", "学生", "她", "他")
TOPICS = {
    "sleep": (
        "入睡困难，常到凌晨一点后才睡着",
        "偶有失眠，第二天上课犯困",
        "失眠多梦，早醒后难以再入睡",
        "睡前长时间玩手机，作息不规律",
        "睡眠情况有所改善，午休能睡着",
        "夜间易醒，自述脑子里总想着考试",
    ),
    "study": (
        "多次提到考试压力，担心成绩下滑",
        "作业拖延，常在最后一刻赶完",
        "上课注意力不集中，数学跟不上进度",
        "对物理有兴趣，愿意参加兴趣小组",
        "月考成绩有进步，自我评价仍偏低",
    ),
    "family": (
        "父母离异后随祖母生活，周末与母亲见面",
        "与父亲争吵增多，回家后常关在房间",
        "母亲在外地务工，每周视频通话一次",
        "家长对成绩期望较高，学生感到紧张",
        "家中新添弟弟，觉得父母关注变少",
    ),
    "peers": (
        "课间常独自一人，很少与同学交谈",
        "与同桌发生矛盾，已在班主任协调下和解",
        "在宿舍与室友相处紧张，感到被排斥",
        "与好朋友关系良好，午饭时常一起聊天",
        "在班级群里被同学取外号，心里很难受",
    ),
    "mood": (
        "情绪低落，说话声音较小，眼神交流少",
        "情绪波动较大，容易因小事发脾气",
        "常感到疲惫，对以前喜欢的篮球兴趣减少",
        "情绪较上次平稳，能主动讲述一周的事情",
        "哭泣较多，自述心里很委屈",
    ),
}
ACTIONS = (
    "本次辅导以倾听与共情为主",
    "与学生一起梳理了压力来源",
    "讨论了作息安排，约定十一点前放下手机",
    "布置了情绪记录表，请其每天记录三件小事",
    "约定下周三下午再次面谈",
    "已与班主任沟通，请其留意课堂表现",
    "与班主任沟通后调整了座位",
    "建议家长多关注孩子的睡眠和饮食",
    "练习了腹式呼吸放松，学生表示有帮助",
    "学生表示愿意尝试新的学习计划",
    "进行了安全评估，学生否认有伤害自己的想法",
    "鼓励其参加学校的社团活动",
    "与家长电话沟通，家长表示会配合",
    "PHQ-9 复评得分 9 分，较上次下降",
)


def _sentence(rng: random.Random, topic: str) -> str:
    if rng.random() < 0.45:
        return rng.choice(ACTIONS) + "。"
    pool = TOPICS[topic] if rng.random() < 0.8 else TOPICS[rng.choice(list(TOPICS))]
    return f"{rng.choice(WHEN)}{rng.choice(WHO)}{rng.choice(pool)}。"


def _note(rng: random.Random) -> str:
    topic = rng.choice(list(TOPICS))
    target = rng.randint(200, 600)
    parts: list[str] = []
    while sum(map(len, parts)) < target:
        parts.append(_sentence(rng, topic))
    return "".join(parts)


def _fill(conn: Connection, notes: int, rng: random.Random) -> tuple[dict[int, int], int]:
    """Cases 1..CASES, each about one student; notes spread over them. Returns case → student and
    the number of characters indexed."""
    students = {case_id: rng.randint(1, STUDENTS) for case_id in range(1, CASES + 1)}
    chars = 0
    conn.execute("BEGIN IMMEDIATE")
    for case_id, student_id in students.items():
        reason = f"{rng.choice(TOPICS[rng.choice(list(TOPICS))])}，班主任转介"
        search_index.index_document(conn, "case", case_id, reason, case_id=case_id, student_id=student_id)
        chars += len(reason)
    for note_id in range(1, notes + 1):
        case_id = rng.randint(1, CASES)
        text = _note(rng)
        search_index.index_document(conn, "note", note_id, text, case_id=case_id, student_id=students[case_id])
        chars += len(text)
        if note_id % 5000 == 0:
            conn.execute("COMMIT")
            conn.execute("BEGIN IMMEDIATE")
    conn.execute("COMMIT")
    return students, chars


def _size(conn: Connection, sql: str) -> float:
    row = fetch_one(conn, sql)
    return float(row["n"] or 0) / 1e6 if row else 0.0


def _time(conn: Connection, query: str, case_sets: list[list[int]] | None) -> list[float]:
    times = []
    for run in range(RUNS):
        cases = None if case_sets is None else case_sets[run % len(case_sets)]
        start = time.perf_counter()
        search_index.search(conn, query, case_ids=cases, limit=LIMIT)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _report(label: str, times: list[float], hits: int) -> None:
    p50 = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"{label:<42} {hits:>7} {p50:7.1f} {p95:7.1f} {max(times):7.1f}")


def main(notes: int = 40_000) -> None:
    rng = random.Random(20251013)
    with tempfile.TemporaryDirectory(prefix="counselroom-search-bench-") as folder:
        _run(Path(folder) / "school.db", notes, rng)


def _run(path: Path, notes: int, rng: random.Random) -> None:
    school_key, care_key = os.urandom(32), os.urandom(32)
    db_id = "5ea4c400-0000-4000-8000-000000000001"
    created = create_stores(path, school_key, care_key, db_id=db_id)
    created.execute("INSERT INTO meta (key, value) VALUES ('db_id', ?)", (db_id,))  # as setup does
    created.close()
    conn = open_stores(path, school_key, care_key=care_key)
    before = care_store_path(path).stat().st_size
    start = time.perf_counter()
    students, chars = _fill(conn, notes, rng)
    took = time.perf_counter() - start
    print(f"indexed {notes} notes + {CASES} cases ({chars / 1e6:.1f} M characters) in {took:.1f} s")
    grown = (care_store_path(path).stat().st_size - before) / 1e6
    index = _size(conn, "SELECT sum(length(block)) AS n FROM search_index_data")
    text = _size(conn, "SELECT sum(length(CAST(text AS BLOB))) AS n FROM search_texts")
    print(f"care store grew {grown:.1f} MB: FTS5 index {index:.1f} MB, indexed text (UTF-8) {text:.1f} MB")
    conn.close()

    conn = open_stores(path, school_key, care_key=care_key)  # a fresh connection: a cold page cache
    counselors = [rng.sample(list(students), COUNSELOR_CASES) for _ in range(20)]
    start = time.perf_counter()
    search_index.search(conn, "失眠", case_ids=counselors[0], limit=LIMIT)
    print(f"first search after opening (cold cache): {(time.perf_counter() - start) * 1000:.1f} ms")
    cache = fetch_one(conn, "PRAGMA care.cache_size")
    _table(conn, counselors, f"the care store's page cache as the program sets it ({cache and cache['cache_size']})")
    conn.execute("PRAGMA care.cache_size = -65536")
    _table(conn, counselors, "a 64 MB page cache for the care store too (as the school store has)")
    conn.close()


def _table(conn: Connection, counselors: list[list[int]], title: str) -> None:
    print(f"\n{RUNS} searches each, limit {LIMIT}, times in ms; {title}")
    print(f"{'query':<42} {'matches':>7} {'p50':>7} {'p95':>7} {'max':>7}")
    for query, what in QUERIES:
        expr = search_text.match_expression(query)
        everyone = fetch_one(conn, "SELECT count(*) AS n FROM search_index WHERE search_index MATCH ?", (expr,))
        mine = len(search_index.search(conn, query, case_ids=counselors[0], limit=search_index.MAX_LIMIT))
        _report(f"{query} ({what}), {COUNSELOR_CASES} cases", _time(conn, query, counselors), mine)
        _report(f"{query} ({what}), lead: all cases", _time(conn, query, None), everyone["n"] if everyone else 0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40_000)
