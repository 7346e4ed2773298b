"""First visit of every page, the student file dialog and the search as you type (issue #15 item 4).

Budgets: every page's first visit and the 学生档案 dialog ≤300 ms; student search p95 ≤30 ms; RSS with
the large school open and every page visited ≤350 MB.

Offscreen, on production code paths: the user signs in (production KDF) and the main window is built as
`gui.app.AppController` builds it. The page the window lands on (今日; 报表 for the principal) is timed
from building the window to its first paint with data; every other page from the sidebar click to the
moment the page has been painted and Qt has nothing left to do (deferred loads included). Then the
学生档案 dialog opens from the 学生 page for STUDENT_FILES students (on the warning list and not),
each against `open_student_file` — the service call the dialog is built around (its floor). The search
is `search_students` as the 学生 page calls it per keystroke, against its own SQL (`store.search`).

Run: `python -m benchmarks.page_visits DB [--user lead]` (password in COUNSELROOM_PASSWORD, default
demo1234). Prints a table and, as its LAST line, one JSON object (read by the benchmark orchestrator):
{"pages": {"今日": ms, …}, "student_file_p50": ms, "student_file_p95": ms, "student_file_floor_ms": ms,
"search_p50": ms, "search_p95": ms, "search_floor_p95": ms, "rss_mb": x, "peak_rss_mb": y}.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.offscreen import offscreen_1366

os.environ.setdefault("QT_QPA_PLATFORM", offscreen_1366())  # before Qt loads

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from benchmarks.budget_table import Budget, pad
from counselroom.domain.roles import Permission
from counselroom.gui.app import AppController
from counselroom.gui.main_window import MainWindow
from counselroom.gui.theme import apply_theme
from counselroom.services.accounts import sign_in
from counselroom.services.accounts.session import KeyPolicy, Session
from counselroom.services.care import warning_list
from counselroom.services.students import student_records
from counselroom.store.students import student_records as student_store
from counselroom.system import clock

STUDENT_FILES = 20
SEARCHES_PER_PREFIX = 3
SETTLE_PASSES = 200  # a bound, never reached: the loop ends when a pass delivers nothing


class EventCount(QObject):
    """Counts what Qt delivers, and the paints of one widget (and its children)."""

    def __init__(self) -> None:
        super().__init__()
        self.events = 0
        self.painted: QWidget | None = None
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.events += 1
        target = self.painted
        if event.type() == QEvent.Type.Paint and target is not None and isinstance(watched, QWidget):
            self.paints += watched is target or target.isAncestorOf(watched)
        return False


def settle(app: QApplication, counter: EventCount) -> None:
    """Process events until a pass delivers none: layouts, zero-delay timers (deferred loads) and
    the paint of the backing store included."""
    for _ in range(SETTLE_PASSES):
        before = counter.events
        app.processEvents()
        app.sendPostedEvents()
        if counter.events == before:
            return


def timed(action: Callable[[], Any], app: QApplication, counter: EventCount, painted: Callable[[], QWidget]) -> float:
    counter.paints = 0
    started = time.perf_counter()
    action()
    counter.painted = painted()
    settle(app, counter)
    if counter.paints == 0:  # the page was built but not yet painted: wait for that paint too
        counter.painted.repaint()
        settle(app, counter)
    elapsed = (time.perf_counter() - started) * 1000
    counter.painted = None
    return elapsed


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def memory_mb() -> tuple[float, float]:
    """(VmRSS, VmHWM) of this process in MB (10^6 bytes; /proc gives kB of 1024 bytes)."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _sep, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) * 1024 / 1e6
    return found.get("VmRSS", 0.0), found.get("VmHWM", 0.0)


def build_window(session: Session, keys: KeyPolicy, db_path: Path) -> MainWindow:
    """As the program does after a sign-in (AppController._show_main, without the first-run dialogs)."""
    controller = AppController(db_path, keys)
    controller._show_main(session)
    assert controller.window is not None
    controller.window.resize(1366, 728)
    return controller.window


def visit_pages(
    app: QApplication, counter: EventCount, window_maker: Callable[[], MainWindow]
) -> tuple[MainWindow, dict[str, float]]:
    pages: dict[str, float] = {}
    holder: list[MainWindow] = []

    def make() -> None:
        holder.append(window_maker())

    landing_ms = timed(make, app, counter, lambda: holder[0].stack.currentWidget())
    window = holder[0]
    landing = window.current_title()
    pages[landing] = landing_ms
    for row in range(window.sidebar.count()):
        title = window._titles[row]
        if title in pages:
            continue
        pages[title] = timed(lambda r=row: window.sidebar.setCurrentRow(r), app, counter, window.stack.currentWidget)
    ordered = {t: pages[t] for t in window._titles}
    return window, ordered


def chosen_students(session: Session) -> list[int]:
    """Half on the warning list (their files hold the most), half from the roster, fixed by a seed."""
    db, actor, now = session.db, session.actor, clock.now()
    listed: list[int] = []
    if actor.can(Permission.VIEW_WARNINGS):
        listed = sorted({w.student_id for w in warning_list.list_warnings(db, actor, now=now)})
    roster = [r.id for r in student_store.all_current(db.conn)]
    rng = random.Random(15)
    picked = rng.sample(listed, min(len(listed), STUDENT_FILES // 2))
    others = [i for i in roster if i not in set(picked)]
    picked += rng.sample(others, STUDENT_FILES - len(picked))
    return picked


def student_files(
    app: QApplication, counter: EventCount, window: MainWindow, session: Session
) -> tuple[list[float], list[float]]:
    """Dialog open → painted with its data, and the service call alone, per student."""
    window.sidebar.setCurrentRow(window._titles.index("学生"))
    settle(app, counter)
    page = window.page_titled("学生")
    dialog_times, floor_times = [], []
    for student_id in chosen_students(session):
        dialog_times.append(
            timed(lambda s=student_id: page.open_student(s), app, counter, lambda: page.file_dialog)  # type: ignore[union-attr]
        )
        page.file_dialog.close()  # type: ignore[union-attr]
        settle(app, counter)
        started = time.perf_counter()
        student_records.open_student_file(session.db, session.actor, student_id, now=clock.now())
        floor_times.append((time.perf_counter() - started) * 1000)
    return dialog_times, floor_times


def search_prefixes(session: Session) -> list[str]:
    """About fifty things a teacher types: surnames and names growing a character at a time,
    pinyin initials, 学号 prefixes, a class name."""
    rows = student_store.all_current(session.db.conn)
    rng = random.Random(15)
    sample = rng.sample(rows, 12)
    texts: list[str] = []
    for row in sample[:6]:  # 张 → 张小 → 张小明
        texts += [row.name[:n] for n in range(1, len(row.name) + 1)]
    from counselroom.domain.students.pinyin_initials import name_initials

    for row in sample[6:10]:
        initials = name_initials(row.name)
        texts += [initials[:n] for n in range(1, len(initials) + 1)]
    for row in sample[10:]:
        texts += [row.student_no[:n] for n in range(4, len(row.student_no) + 1, 2)]
    texts.append(rows[len(rows) // 2].class_name)
    return texts[:50]


def searches(session: Session) -> tuple[list[float], list[float]]:
    db, actor = session.db, session.actor
    service_times, sql_times = [], []
    for text in search_prefixes(session):
        for _ in range(SEARCHES_PER_PREFIX):
            started = time.perf_counter()
            student_records.search_students(db, actor, text, now=clock.now(), sort_by="class_name")
            service_times.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            student_store.search(db.conn, text, limit=student_records.SEARCH_LIMIT)
            sql_times.append((time.perf_counter() - started) * 1000)
    return service_times, sql_times


def main(db_path: Path, username: str) -> dict[str, Any]:
    password = os.environ.get("COUNSELROOM_PASSWORD", "demo1234")
    app = QApplication.instance() or QApplication(["counselroom"])
    apply_theme(app)
    counter = EventCount()
    app.installEventFilter(counter)
    keys = KeyPolicy()
    session = sign_in.sign_in(db_path, username, password, now=clock.now(), keys=keys)
    window, pages = visit_pages(app, counter, lambda: build_window(session, keys, db_path))
    file_ms, file_floor = (student_files(app, counter, window, session)) if "学生" in pages else ([], [])
    rss, peak = memory_mb()
    search_ms, search_sql = searches(session) if session.actor.can(Permission.VIEW_ROSTER) else ([], [])
    window.backup_schedule.stop()
    window.close()

    def p(values: list[float], share: float) -> float:
        return round(percentile(values, share), 1) if values else 0.0

    figures: dict[str, Any] = {
        "pages": {title: round(ms, 1) for title, ms in pages.items()},
        "student_file_p50": p(file_ms, 0.5),
        "student_file_p95": p(file_ms, 0.95),
        "student_file_floor_ms": round(statistics.median(file_floor), 1) if file_floor else 0.0,
        "search_p50": p(search_ms, 0.5),
        "search_p95": p(search_ms, 0.95),
        "search_floor_p95": p(search_sql, 0.95),
        "rss_mb": round(rss, 1),
        "peak_rss_mb": round(peak, 1),
    }
    print(f"{username} on {db_path}")
    print(f"{'first visit':<24}{'ms':>9}   budget ≤300 ms")
    for title, ms in pages.items():
        print(f"  {pad(title, 22)}{ms:9.1f}   {'ok' if ms <= 300 else 'OVER'}")
    if file_ms:
        print(
            f"学生档案 ({len(file_ms)} students)   p50 {figures['student_file_p50']:.1f} ms"
            f"  p95 {figures['student_file_p95']:.1f} ms  max {max(file_ms):.1f} ms"
            f"   open_student_file alone: median {figures['student_file_floor_ms']:.1f} ms"
        )
    if search_ms:
        print(
            f"search_students ({len(search_ms)} calls)   p50 {figures['search_p50']:.1f} ms"
            f"  p95 {figures['search_p95']:.1f} ms   its SQL: p50 {p(search_sql, 0.5):.1f} ms"
            f"  p95 {figures['search_floor_p95']:.1f} ms   budget p95 ≤30 ms"
        )
    print(f"RSS after every page {rss:.1f} MB, peak (VmHWM, the KDF included) {peak:.1f} MB   budget ≤350 MB")
    return figures


def budgets(db_path: Path, username: str = "lead") -> list[Budget]:
    """The slowest first visit, the student file, the search and memory, for one role."""
    figures = main(db_path, username)
    pages: dict[str, float] = figures["pages"]
    slowest = max(pages, key=lambda title: pages[title])
    rows = [
        Budget(
            f"slowest first visit of {len(pages)} pages, {username}: {slowest}",
            pages[slowest],
            "ms",
            floor_name="every page's figure is printed above",
            limit=300,
        )
    ]
    if figures["student_file_p95"]:
        rows.append(
            Budget(
                f"学生档案 dialog, {username}, p95 (p50 {figures['student_file_p50']:.0f} ms)",
                figures["student_file_p95"],
                "ms",
                floor=figures["student_file_floor_ms"],
                floor_name="open_student_file alone, median",
                limit=300,
            )
        )
    if figures["search_p95"]:
        rows.append(
            Budget(
                f"student search as you type, {username}, p95",
                figures["search_p95"],
                "ms",
                floor=figures["search_floor_p95"],
                floor_name="its SQL alone, p95",
                limit=30,
            )
        )
    peak = (
        f"not counted: the peak, {figures['peak_rss_mb']:.0f} MB, is the sign-in's Argon2id (its memory cost is"
        " a security setting), before any page is built"
    )
    name = f"RSS after every page visited, {username}"
    rows.append(Budget(name, figures["rss_mb"], "MB", floor_name=peak, limit=350))
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m benchmarks.page_visits")
    parser.add_argument("db", type=Path)
    parser.add_argument("--user", default="lead")
    args = parser.parse_args()
    result = main(args.db, args.user)
    sys.stdout.flush()
    print(json.dumps(result, ensure_ascii=False))
