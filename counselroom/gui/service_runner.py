"""The one helper through which pages call services (Anki's CollectionOp).

It passes the session's database, actor and the current time, shows any error in one
consistent Chinese dialog, and broadcasts what changed so pages refresh themselves.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from counselroom.domain.errors import CounselRoomError, SessionLocked
from counselroom.services.accounts.session import Changes, KeyPolicy, Session
from counselroom.services.registry import Registry, build_registry
from counselroom.system import clock

T = TypeVar("T")


class ServiceRunner(QObject):
    changed = Signal(object)  # Changes
    locked_call = Signal()

    def __init__(
        self, session: Session, keys: KeyPolicy, parent: QObject | None = None, *, registry: Registry | None = None
    ):
        super().__init__(parent)
        self.session = session
        self.keys = keys
        # The 今日 and timeline sources, built once at start-up (gui/app.py); a runner made on its
        # own (a test, a tool) builds its own.
        self.registry = registry if registry is not None else build_registry()

    @property
    def actor(self):  # type: ignore[no-untyped-def]
        return self.session.actor

    def call(self, service: Callable[..., T], *args: Any, parent: QWidget | None = None, **kwargs: Any) -> T | None:
        """Run `service(db, actor, *args, now=…, **kwargs)`; on a user error show it and
        return None. A Changes result is broadcast."""
        try:
            result = service(self.session.db, self.session.actor, *args, now=clock.now(), **kwargs)
        except SessionLocked:
            self.locked_call.emit()
            return None
        except CounselRoomError as exc:
            show_error(parent, exc)
            return None
        except OSError as exc:
            # The key file or an export could not be written (disk full, USB stick pulled out):
            # the database transaction was rolled back or never started; say so plainly.
            full = getattr(exc, "errno", None) == errno.ENOSPC
            show_error(
                parent,
                "磁盘空间不足，本次操作未保存，之前的数据完好。"
                if full
                else f"无法写入文件：{exc.filename or ''}（{exc.strerror or exc}）。本次操作未完成。",
            )
            return None
        if isinstance(result, Changes):
            self.changed.emit(result)
        return result


def show_error(parent: QWidget | None, error: CounselRoomError | str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, "操作未完成", str(error), QMessageBox.StandardButton.Ok, parent)
    box.exec()
