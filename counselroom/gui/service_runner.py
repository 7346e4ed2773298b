"""The one helper through which pages call services (Anki's CollectionOp).

It passes the session's database, actor and the current time, shows any error in one
consistent Chinese dialog, and broadcasts what changed so pages refresh themselves. Long
services go through `run_in_worker` instead: same errors, same broadcast, off the GUI thread.
"""

from __future__ import annotations

import contextlib
import errno
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from counselroom.domain.errors import AlreadyExists, CounselRoomError, SessionLocked, ValidationError
from counselroom.gui.worker import Job, Progress, run_job
from counselroom.services.accounts.session import Changes, KeyPolicy, Session
from counselroom.services.registry import Registry, build_registry
from counselroom.system import clock

T = TypeVar("T")


class ServiceRunner(QObject):
    changed = Signal(object)  # Changes
    locked_call = Signal()
    job_ended = Signal()  # a long job (run_in_worker) has finished, failed or been cancelled

    def __init__(
        self, session: Session, keys: KeyPolicy, parent: QObject | None = None, *, registry: Registry | None = None
    ):
        super().__init__(parent)
        self.session = session
        self.keys = keys
        # The 今日 and timeline sources, built once at start-up (gui/app.py); a runner made on its
        # own (a test, a tool) builds its own.
        self.registry = registry if registry is not None else build_registry()
        self.job: Job | None = None
        self.last_job_cancelled = False

    @property
    def actor(self):  # type: ignore[no-untyped-def]
        return self.session.actor

    def call(self, service: Callable[..., T], *args: Any, parent: QWidget | None = None, **kwargs: Any) -> T | None:
        """Run `service(db, actor, *args, now=…, **kwargs)`; on a user error show it and
        return None. A Changes result is broadcast."""
        try:
            result = service(self.session.db, self.session.actor, *args, now=clock.now(), **kwargs)
        except (CounselRoomError, OSError) as exc:
            self._report(exc, parent)
            return None
        return self._deliver(result)

    def call_in_form(
        self,
        show: Callable[[CounselRoomError], bool],
        service: Callable[..., T],
        *args: Any,
        parent: QWidget | None = None,
        **kwargs: Any,
    ) -> T | None:
        """`call` from a form: an error about the input is handed to `show`, which puts it next to
        its field and returns True (the typing stays put); anything else is shown as `call` shows it."""
        try:
            result = service(self.session.db, self.session.actor, *args, now=clock.now(), **kwargs)
        except (ValidationError, AlreadyExists) as exc:
            if not show(exc):
                self._report(exc, parent)
            return None
        except (CounselRoomError, OSError) as exc:
            self._report(exc, parent)
            return None
        return self._deliver(result)

    # -- long jobs ---------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """A long job is running (its own connection holds the key: no lock until it ends)."""
        return self.job is not None

    def cancel_job(self) -> None:
        """Stop the running job where that is safe (a preview); an apply runs to its end."""
        if self.job is not None:
            self.job.cancel()

    def run_in_worker(
        self,
        service: Callable[..., T],
        *args: Any,
        label: str,
        cancellable: bool = False,
        parent: QWidget | None = None,
        **kwargs: Any,
    ) -> T | None:
        """`call` for a long service: it runs on a worker thread with its own connection (SQLCipher
        connections are not shared between threads) while a progress window shows `label` and the
        window keeps repainting. A service with a `progress` parameter is given the callback.
        Errors are shown as `call` shows them; None also when the user cancelled
        (`last_job_cancelled` then says so)."""
        if self.busy:  # the progress window is modal; only a timer could get here
            show_error(parent, "另一项操作正在进行，请等它完成后再试。")
            return None
        session, now = self.session, clock.now()
        passes_progress = "progress" in inspect.signature(service).parameters

        def work(progress: Progress) -> T:
            db = session.db.open_twin()
            try:
                extra = {"progress": progress} if passes_progress else {}
                return service(db, session.actor, *args, now=now, **extra, **kwargs)
            finally:
                db.close()  # the job's connection and its copy of the key end with the job

        self.job = Job(work, cancellable=cancellable)
        try:
            outcome = run_job(self.job, label=label, parent=parent)
        finally:
            self.job = None
            if session.db.is_open:  # the job's writes moved the audit head on; a broken key file
                with contextlib.suppress(CounselRoomError, OSError):  # is told by the next check
                    session.db.reload_keyfile()
            self.job_ended.emit()
        self.last_job_cancelled = outcome.cancelled
        if outcome.error is None:
            return self._deliver(outcome.result)
        if not outcome.cancelled:
            self._fail(outcome.error, parent)
        return None

    # -- results and errors ----------------------------------------------------------------
    def _deliver(self, result: T) -> T:
        if isinstance(result, Changes):
            self.changed.emit(result)
        return result

    def _fail(self, error: BaseException, parent: QWidget | None) -> None:
        """An error from a job: a user error is shown; anything else is raised here, on the GUI
        thread, where the program's unexpected-error handler shows it."""
        if not isinstance(error, CounselRoomError | OSError):
            raise error
        self._report(error, parent)

    def _report(self, exc: CounselRoomError | OSError, parent: QWidget | None) -> None:
        if isinstance(exc, SessionLocked):
            self.locked_call.emit()
        elif isinstance(exc, CounselRoomError):
            show_error(parent, exc)
        else:
            # The key file or an export could not be written (disk full, USB stick pulled out):
            # the database transaction was rolled back or never started; say so plainly.
            full = getattr(exc, "errno", None) == errno.ENOSPC
            show_error(
                parent,
                "磁盘空间不足，本次操作未保存，之前的数据完好。"
                if full
                else f"无法写入文件：{exc.filename or ''}（{exc.strerror or exc}）。本次操作未完成。",
            )


def show_error(parent: QWidget | None, error: CounselRoomError | str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, "操作未完成", str(error), QMessageBox.StandardButton.Ok, parent)
    box.exec()
