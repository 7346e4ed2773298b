"""Long jobs off the GUI thread (imports, demo generation, PDFs): the window keeps repainting.

`run_job` starts a `Job` on its own thread, shows a ProgressDialog and runs a local event loop
until the job ends, so callers read like a plain call: `outcome = run_job(job, label=…)`.
The job reports progress through the callback it is given; once 取消 was pressed that callback
raises JobCancelled inside the job, so a preview stops where it is and a transaction rolls back.
Services are run through ServiceRunner.run_in_worker, which gives the job its own database
connection and shows its errors like any other call.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEventLoop, QThread, Signal
from PySide6.QtWidgets import QWidget

from counselroom.gui.progress_dialog import ProgressDialog

Progress = Callable[[int, int], None]  # (done, total)


class JobCancelled(Exception):
    """Raised by a job's progress callback after 取消: the job stops, having changed nothing."""


@dataclass
class JobOutcome:
    result: Any = None
    error: BaseException | None = None

    @property
    def cancelled(self) -> bool:
        return isinstance(self.error, JobCancelled)


class Job(QThread):
    """`work(progress)` on a thread of its own; its result or error is kept in `outcome`."""

    progressed = Signal(int, int)

    def __init__(self, work: Callable[[Progress], Any], *, cancellable: bool = False):
        super().__init__()
        self._work = work
        self.cancellable = cancellable
        self._cancel = threading.Event()
        self.outcome = JobOutcome()

    def run(self) -> None:
        try:
            self.outcome.result = self._work(self.report)
        except BaseException as exc:  # handed to the GUI thread, which decides what to show
            self.outcome.error = exc

    def report(self, done: int, total: int) -> None:
        """The progress callback (called on the job's thread)."""
        if self._cancel.is_set():
            raise JobCancelled
        self.progressed.emit(done, total)

    def cancel(self) -> None:
        """Ask the job to stop at its next progress report; ignored when stopping is not safe."""
        if self.cancellable:
            self._cancel.set()


def run_job(job: Job, *, label: str, parent: QWidget | None = None) -> JobOutcome:
    """Run `job` with a progress window, keeping the event loop going; return when it has ended."""
    dialog = ProgressDialog(label, cancellable=job.cancellable, parent=parent)
    job.progressed.connect(dialog.set_progress)
    dialog.cancel_requested.connect(job.cancel)
    loop = QEventLoop()
    job.finished.connect(loop.quit)
    dialog.show()
    # No cyclic garbage collection on the GUI thread while the job runs: collecting a dead window's
    # Qt wrappers (a closed page, a dropped canvas) there while the job's thread is inside reportlab
    # or SQLCipher crashed the process once in CI (a segfault, "Garbage-collecting" on the GUI
    # thread). Reference counting still frees what it can; the collector runs again after the job.
    collecting = gc.isenabled()
    gc.disable()
    try:
        job.start()
        loop.exec()
        job.wait()
    finally:
        if collecting:
            gc.enable()
    dialog.finish()
    dialog.deleteLater()
    return job.outcome
