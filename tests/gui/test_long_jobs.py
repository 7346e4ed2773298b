"""Long jobs off the GUI thread: a 5,000-row roster import shows its progress while the window
keeps repainting; errors come back through the runner's dialog; cancelling a check changes
nothing; a lock waits for the job (and its connection) to end."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressBar
from pytestqt.qtbot import QtBot

from counselroom.domain.errors import ValidationError
from counselroom.gui.app import _ensure_demo
from counselroom.gui.main_window import MainWindow
from counselroom.gui.progress_dialog import ProgressDialog
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.students.enrolment_import_dialog import EnrolmentImportDialog
from counselroom.services.accounts.session import KeyPolicy
from tests.conftest import SchoolFixture
from tests.enrolment_files import write_xlsx
from tests.gui.dialogs import answer_dialog

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "子涵欣怡梓晨曦紫诗梦琪嘉浩宇然轩博文俊杰明天佑思远"


def roster_rows(count: int) -> list[list[object]]:
    """`count` valid rows in the layout of tests/enrolment_files.py."""
    rows: list[list[object]] = []
    for i in range(1, count + 1):
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[i % len(GIVEN)] + GIVEN[(i * 7) % len(GIVEN)]
        grade = ("初一", "初二", "初三")[i % 3]
        born = datetime(2010 + i % 3, 1 + i % 12, 1 + i % 28)
        phone = f"138{i:08d}"
        rows.append(
            [
                i,
                f"2025{i:05d}",
                name,
                "男女"[i % 2],
                born,
                "",
                f"{grade}({1 + i % 20})班",
                "家长",
                "母亲",
                phone,
                "",
                "",
            ]
        )
    return rows


class JobWatch(QObject):
    """While a job runs: timer ticks (the event loop turns), paints of the progress bar (the
    window repaints) and every value the bar showed."""

    def __init__(self) -> None:
        super().__init__()
        # Late in a full test run the heap holds every earlier test's objects, and each cyclic
        # collection the job's allocations trigger walks all of them with the GIL held: the GUI
        # thread then waits for the collector, not for the job. Frozen, those objects are skipped,
        # as a freshly started program has none of them.
        gc.collect()
        gc.freeze()
        self.ticks = 0
        self.stamps: list[float] = []
        self.paints = 0
        self.values: list[int] = []
        self.dialogs: list[ProgressDialog] = []
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        QApplication.instance().installEventFilter(self)
        self.timer.start()

    def _tick(self) -> None:
        self.ticks += 1
        self.stamps.append(time.perf_counter())
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, ProgressDialog) and dialog.isVisible():
            if dialog not in self.dialogs:
                self.dialogs.append(dialog)
            if not self.values or self.values[-1] != dialog.bar.value():
                self.values.append(dialog.bar.value())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, QProgressBar):
            self.paints += 1
        return False

    @property
    def longest_freeze(self) -> float:
        """The longest time between two ticks, in seconds."""
        return max((b - a for a, b in zip(self.stamps, self.stamps[1:], strict=False)), default=0.0)

    def __repr__(self) -> str:
        span = self.stamps[-1] - self.stamps[0] if len(self.stamps) > 1 else 0.0
        return f"{self.ticks} ticks over {span:.2f} s, longest pause {self.longest_freeze:.2f} s, {self.paints} paints"

    def stop(self) -> None:
        gc.unfreeze()
        self.timer.stop()
        QApplication.instance().removeEventFilter(self)


def count(school: SchoolFixture, table: str) -> int:
    return int(school.admin.db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def import_dialog(qtbot: QtBot, school: SchoolFixture) -> EnrolmentImportDialog:
    dialog = EnrolmentImportDialog(ServiceRunner(school.admin, school.keys))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def when_progress_shows(action: Callable[[ProgressDialog], None]) -> None:
    """Do `action` to the progress window as soon as it is on screen."""

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, ProgressDialog):
            action(dialog)
        else:
            QTimer.singleShot(5, look)

    QTimer.singleShot(0, look)


def test_a_5000_row_roster_import_shows_progress_and_keeps_repainting(
    qtbot: QtBot, school: SchoolFixture, tmp_path: Path
) -> None:
    sheet = write_xlsx(tmp_path / "全校名单.xlsx", roster_rows(5000))
    dialog = import_dialog(qtbot, school)

    watch = JobWatch()
    dialog.set_path(sheet)
    watch.stop()
    assert "新增 5000，更新 0，不变 0" in dialog.summary.text() and dialog.import_button.isEnabled()
    assert watch.dialogs and watch.dialogs[0].label.text() == "正在读取并检查名单…"
    assert watch.dialogs[0].cancel_button.isVisibleTo(watch.dialogs[0]), "a check may be cancelled"
    assert len(set(watch.values)) >= 2 and watch.values == sorted(watch.values), watch.values
    # The progress bar repaints on the GUI thread while the job runs (a job on the GUI thread would
    # allow no paint until it ended). The Python timer needs the GIL, which the job thread holds in
    # stretches, so its ticks are few on a busy 2-core machine: it only bounds the longest pause.
    assert watch.paints >= 2 and watch.longest_freeze < 1.0, f"the window kept repainting during the job: {watch}"

    watch = JobWatch()
    stayed: list[bool] = []
    when_progress_shows(lambda progress: (progress.reject(), stayed.append(progress.isVisible())))  # Esc
    with qtbot.waitSignal(dialog.runner.changed, timeout=60_000) as changed:
        dialog.import_file()
    watch.stop()
    assert stayed == [True], "Esc does not close the window of a job that cannot stop"
    assert "students" in changed.args[0].kinds and "导入完成" in dialog.summary.text()
    assert count(school, "students") == 5000
    last = school.admin.db.conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    assert school.admin.db.keyfile.audit_head.seq == last, "the session sees the head the job wrote"  # type: ignore[union-attr]
    assert watch.dialogs[0].label.text() == "正在导入名单…"
    assert not watch.dialogs[0].cancel_button.isVisibleTo(watch.dialogs[0]), "one transaction: no cancel"
    assert watch.paints >= 2 and watch.longest_freeze < 1.0 and len(set(watch.values)) >= 2, repr(watch)
    assert not dialog.runner.busy


def test_cancelling_the_check_changes_nothing(qtbot: QtBot, school: SchoolFixture, tmp_path: Path) -> None:
    sheet = write_xlsx(tmp_path / "全校名单.xlsx", roster_rows(3000))
    dialog = import_dialog(qtbot, school)
    audit_before = count(school, "audit_log")

    when_progress_shows(lambda progress: progress.cancel_button.click())
    dialog.set_path(sheet)
    assert dialog.runner.last_job_cancelled
    assert dialog.preview is None and dialog.changes_model.rowCount() == 0
    assert not dialog.import_button.isEnabled() and "已取消" in dialog.problem.text()
    assert count(school, "students") == 0 and count(school, "audit_log") == audit_before


def test_an_error_in_the_worker_is_shown_in_the_runners_dialog(qtbot: QtBot, school: SchoolFixture) -> None:
    runner = ServiceRunner(school.admin, school.keys)
    seen: list[tuple[str, str]] = []

    def refuse(db, actor, *, now: datetime) -> None:  # type: ignore[no-untyped-def]
        raise ValidationError("第 3 行的学号重复", field="学号")

    answer_dialog(QMessageBox, lambda box: (seen.append((box.windowTitle(), box.text())), box.accept()))
    assert runner.run_in_worker(refuse, label="正在检查…") is None
    assert seen == [("操作未完成", "“学号”：第 3 行的学号重复")]
    assert not runner.last_job_cancelled and not runner.busy

    def broken(db, actor, *, now: datetime) -> None:  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug, not a user error")

    with pytest.raises(RuntimeError, match="a bug"):  # the unexpected-error handler shows it
        runner.run_in_worker(broken, label="正在检查…")


def test_the_job_runs_on_its_own_thread_and_connection(qtbot: QtBot, school: SchoolFixture) -> None:
    runner = ServiceRunner(school.admin, school.keys)
    seen: dict[str, object] = {}

    def service(db, actor, day: date, *, now: datetime, progress) -> int:  # type: ignore[no-untyped-def]
        seen.update(db=db, thread=threading.get_ident(), actor=actor.username, day=day)
        progress(1, 2)
        return int(db.conn.execute("SELECT count(*) FROM users").fetchone()[0])

    assert runner.run_in_worker(service, date(2025, 10, 13), label="正在统计…") == 4
    assert seen["thread"] != threading.get_ident() and seen["actor"] == "admin"
    assert seen["db"] is not school.admin.db and not seen["db"].is_open, "its connection closed with the job"  # type: ignore[attr-defined]
    assert school.admin.db.is_open


def slow_service(steps: int) -> Callable[..., str]:
    def service(db, actor, *, now: datetime, progress) -> str:  # type: ignore[no-untyped-def]
        for done in range(steps):
            progress(done, steps)
            time.sleep(0.01)
        service.db = db  # type: ignore[attr-defined]
        return "done"

    return service


@pytest.mark.parametrize("cancellable", [True, False])
def test_a_lock_during_a_job_waits_for_it_and_its_connection(
    qtbot: QtBot, school: SchoolFixture, cancellable: bool
) -> None:
    window = MainWindow(ServiceRunner(school.admin, school.keys))
    qtbot.addWidget(window)
    window.show()
    during: list[tuple[bool, bool]] = []

    def lock_now(progress: ProgressDialog) -> None:
        window.lock()  # as the idle timer would
        during.append((window.is_locked, window.curtain.isVisible()))

    service = slow_service(30)
    when_progress_shows(lock_now)
    result = window.runner.run_in_worker(service, label="正在处理…", cancellable=cancellable, parent=window)
    assert during == [(False, True)], "not locked while the job holds the key; the curtain covers the data"
    assert (result is None) == cancellable, "a check stops; a transaction runs to its end"
    qtbot.waitUntil(lambda: window.is_locked)
    assert not school.admin.db.is_open


def test_the_demo_school_is_generated_behind_a_progress_window(
    qtbot: QtBot, tmp_path: Path, keys: KeyPolicy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COUNSELROOM_PASSWORD", raising=False)
    path = tmp_path / "demo.db"
    labels: list[str] = []
    when_progress_shows(lambda progress: (labels.append(progress.label.text()), progress.cancel_button.click()))
    assert _ensure_demo(path, keys) is None, "cancelled"
    assert labels == ["正在生成演示学校，请稍候…"]
    assert not any(tmp_path.glob("demo.db*")), "no half-built demo is left"
