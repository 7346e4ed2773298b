"""The main window: sidebar of modules, privacy screen, lock and unlock, status bar."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QWidget,
)

from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import CounselRoomError
from counselroom.domain.roles import Role
from counselroom.gui import window_geometry
from counselroom.gui.pages.base import Page
from counselroom.gui.pages.pending_page import PendingPage
from counselroom.gui.pages.registry import MODULES, Module
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.session.backup_schedule import BackupSchedule
from counselroom.gui.session.clipboard_guard import ClipboardGuard
from counselroom.gui.session.idle_watch import IdleWatcher
from counselroom.gui.session.lock_screen import LockScreen
from counselroom.gui.session.privacy_curtain import PrivacyScreen
from counselroom.gui.session.session_keys import SessionKeys
from counselroom.services.accounts import drafts, sign_in
from counselroom.services.school import school_info
from counselroom.system import clock

if TYPE_CHECKING:
    from counselroom.gui.pages.settings_page import SettingsPage


LANDING_PRINCIPAL = "报表"


def _pending(runner: ServiceRunner, module: Module) -> PendingPage:
    return PendingPage(runner, module.title, module.description)


def show_tab(page: QWidget | None, tab_title: str) -> None:
    """The tab of that title in a page with `tabs` (设置), if the viewer has it."""
    tabs = getattr(page, "tabs", None)
    if isinstance(tabs, QTabWidget):
        found = [i for i in range(tabs.count()) if tabs.tabText(i) == tab_title]
        if found:
            tabs.setCurrentIndex(found[0])


class MainWindow(QMainWindow):
    logged_out = Signal()

    def __init__(self, runner: ServiceRunner, *, notice: str = ""):
        super().__init__()
        self.runner = runner
        self.switching_user = False
        self._lock_pending = False  # a lock asked for while a long job runs
        self.setWindowTitle("心理辅导室工作台")
        self.pages: list[Page] = []  # pages built so far; each is built when first shown
        self._factories: list[Callable[[], Page]] = []
        self._titles: list[str] = []
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("Sidebar")
        self.stack = QStackedWidget()
        self._build_pages()
        workspace = QWidget()
        row = QHBoxLayout(workspace)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        self.lock_screen = LockScreen()
        self.screens = QStackedWidget()
        self.screens.addWidget(workspace)
        self.screens.addWidget(self.lock_screen)
        self.setCentralWidget(self.screens)
        self.privacy = PrivacyScreen(self)
        self.curtain = self.privacy.curtain  # over the whole main window
        self._build_actions()
        self._build_status_bar(notice)
        self.clipboard_guard = ClipboardGuard(self)
        self.idle = IdleWatcher(self._idle_minutes(), self)
        QApplication.instance().installEventFilter(self.idle)
        self.idle.idle.connect(self.lock)
        self.session_keys = SessionKeys(self)  # F12 and Ctrl+L from any window, dialogs included
        QApplication.instance().installEventFilter(self.session_keys)
        self.session_keys.privacy.connect(self.toggle_privacy)
        self.session_keys.lock.connect(self.lock)
        self.sidebar.currentRowChanged.connect(self.show_row)
        self.sidebar.setCurrentRow(self._landing_row())
        self.lock_screen.unlock_requested.connect(self.unlock)
        self.lock_screen.switch_user_requested.connect(self._switch_user)
        self.runner.locked_call.connect(self.lock)
        self.runner.changed.connect(self._on_changed)
        self.backup_schedule = BackupSchedule(self.runner, self.backup_label, self, lambda: self.is_locked)
        window_geometry.place(self)  # sized to the screen, or as the teacher left it

    # -- building ----------------------------------------------------------------------
    def _build_pages(self) -> None:
        """Register every page the actor may see; a page (and its module) is built only when
        first shown, so signing in on a large school does not wait for pages nobody opened."""
        for module in MODULES:
            if not module.shown_to(self.runner.actor):
                continue
            if module.page:
                self._register(module.title, lambda m=module: m.page_class()(self.runner))
            else:
                self._register(module.title, lambda m=module: _pending(self.runner, m))

    def _register(self, title: str, factory: Callable[[], Page]) -> None:
        self._factories.append(factory)
        self._titles.append(title)
        self.stack.addWidget(QWidget())  # stands in until the page is built
        self.sidebar.addItem(title)

    def _landing_row(self) -> int:
        """Where signing in lands: 今日 — except the principal, who opens the program for 报表."""
        if self.runner.actor.role is Role.PRINCIPAL and LANDING_PRINCIPAL in self._titles:
            return self._titles.index(LANDING_PRINCIPAL)
        return 0

    def current_title(self) -> str:
        row = self.sidebar.currentRow()
        return self._titles[row] if 0 <= row < len(self._titles) else ""

    def page_at(self, row: int) -> Page:
        widget = self.stack.widget(row)
        if isinstance(widget, Page):
            return widget
        page = self._factories[row]()
        open_page = getattr(page, "open_page", None)  # 今日 links to the page where work is done
        if open_page is not None:
            open_page.connect(self.open_page)
        self.stack.removeWidget(widget)
        self.stack.insertWidget(row, page)
        widget.deleteLater()
        self.pages.append(page)
        return page

    def show_row(self, row: int) -> None:
        if row >= 0:
            self.page_at(row)
            self.stack.setCurrentIndex(row)

    def open_page(self, title: str, action: str = "") -> None:
        """From 今日 and the set-up checklist: show the page where the work is done, and start it
        ("new", "walk_in"), show one of its tabs ("tab:学年学期"), or open one record there (the
        page's `open_action`: "appointment:12", "student:5:预警与关爱", "duty:2025-10-13:7")."""
        if title not in self._titles:
            return
        self.sidebar.setCurrentRow(self._titles.index(title))
        page = self.page_titled(title)
        flows = getattr(page, "flows", None)
        open_action = getattr(page, "open_action", None)
        if flows is not None and action == "new":
            flows.book_at(None)
        elif flows is not None and action == "walk_in":
            flows.walk_in()
        elif action.startswith("tab:"):
            show_tab(page, action.removeprefix("tab:"))
        elif action and open_action is not None:
            open_action(action)

    def page_titled(self, title: str) -> Page | None:
        return self.page_at(self._titles.index(title)) if title in self._titles else None

    @property
    def settings_page(self) -> SettingsPage:
        from counselroom.gui.pages.settings_page import SettingsPage

        page = self.page_titled("设置")
        assert isinstance(page, SettingsPage)
        return page

    def _build_actions(self) -> None:
        toolbar = QToolBar("常用")
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        self.privacy_action = QAction("隐私屏 (F12)", self)
        self.privacy_action.setShortcut(QKeySequence(Qt.Key.Key_F12))
        self.privacy_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.privacy_action.triggered.connect(self.toggle_privacy)
        self.lock_action = QAction("锁定 (Ctrl+L)", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.logout_action = QAction("退出登录", self)
        self.logout_action.triggered.connect(self._switch_user)
        for action in (self.privacy_action, self.lock_action, self.logout_action):
            toolbar.addAction(action)
        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence("Ctrl+F"))
        self.find_action.triggered.connect(self.find_student)
        self.addAction(self.find_action)
        for number in range(1, min(10, self.sidebar.count() + 1)):
            go = QAction(self)
            go.setShortcut(QKeySequence(f"Ctrl+{number}"))
            go.triggered.connect(lambda _=False, row=number - 1: self.sidebar.setCurrentRow(row))
            self.addAction(go)

    def _build_status_bar(self, notice: str) -> None:
        actor = self.runner.actor
        self.user_label = QLabel(f"当前用户：{actor.display_name}（{actor.role.label}）")
        self.backup_label = QLabel("上次备份：尚无备份")
        # Our own label rather than showMessage(), which would paint over the user's name.
        self.message_label = QLabel()
        self.message_label.setObjectName("Muted")
        self.standing_message = "　".join(m for m in (*self.runner.session.warnings, notice) if m)
        self.message_label.setText(self.standing_message)
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addWidget(self.message_label, 1)
        self.statusBar().addPermanentWidget(self.backup_label)

    def _idle_minutes(self) -> int:
        overview = self.runner.call(school_info.school_overview, parent=self)
        return overview.idle_lock_minutes if overview else school_info.DEFAULT_IDLE_MINUTES

    def _on_changed(self, changes) -> None:  # type: ignore[no-untyped-def]
        if ChangeKind.SETTINGS in changes.kinds:
            self.idle.set_minutes(self._idle_minutes())
        if changes.summary:
            self.message_label.setText(changes.summary)
            # The label as context: the timer dies with the window instead of firing into it.
            QTimer.singleShot(5000, self.message_label, lambda: self.message_label.setText(self.standing_message))

    def find_student(self) -> None:
        """Ctrl+F from anywhere: the 学生 page with its search box focused (UX.md)."""
        if "学生" in self._titles:
            self.sidebar.setCurrentRow(self._titles.index("学生"))
            from counselroom.gui.pages.students_page import StudentsPage

            page = self.page_titled("学生")
            assert isinstance(page, StudentsPage)
            page.focus_search()

    # -- privacy -----------------------------------------------------------------------
    def toggle_privacy(self) -> None:
        """Cover every window of the program, or uncover them (F12 again, or a click on a curtain)."""
        if not self.is_locked:
            self.privacy.toggle()

    @property
    def is_locked(self) -> bool:
        return self.screens.currentWidget() is self.lock_screen

    # -- lock and unlock ---------------------------------------------------------------
    def lock(self) -> None:
        """Keep drafts encrypted, close dialogs, forget shown data, clear the clipboard,
        close the database and drop the key (SECURITY.md 15–16)."""
        if self.is_locked:
            return
        if self.runner.busy:
            self._lock_after_job()
            return
        self.idle.stop()
        session = self.runner.session
        texts: dict[str, str] = {}
        for page in self.pages:
            texts.update(page.collect_drafts())
        if texts and session.db.is_open:
            # Locking must not fail; the text is lost only if the database itself is gone.
            with contextlib.suppress(CounselRoomError):
                drafts.keep_drafts(session.db, session.actor, texts, now=clock.now())
        self._close_dialogs()
        for page in self.pages:
            page.clear_for_lock()
        QGuiApplication.clipboard().clear()
        sign_in.lock(session, now=clock.now())
        self.privacy.hide()
        self.message_label.setText(self.standing_message)  # a message may name a student
        self.lock_screen.prepare(session.actor.display_name)
        self.screens.setCurrentWidget(self.lock_screen)
        self.toolbar_enabled(False)

    def _lock_after_job(self) -> None:
        """A long job holds its own connection with the key: cover the screen now, stop the job
        where that is safe (a check; an import finishes its one transaction), and lock as soon
        as it has ended and closed that connection."""
        if not self.privacy.is_on:
            self.privacy.show()
        if not self._lock_pending:
            self._lock_pending = True
            self.runner.job_ended.connect(self._lock_now, Qt.ConnectionType.QueuedConnection)
        self.runner.cancel_job()

    def _lock_now(self) -> None:
        if self._lock_pending:
            self._lock_pending = False
            self.runner.job_ended.disconnect(self._lock_now)
            self.lock()

    def unlock(self, password: str) -> None:
        old = self.runner.session
        try:
            session = sign_in.sign_in(
                old.db.path, old.actor.username, password, now=clock.now(), keys=self.runner.keys, unlocking=True
            )
        except CounselRoomError as exc:
            self.lock_screen.error.setText(str(exc))
            return
        self.runner.session = session
        self.screens.setCurrentWidget(self.screens.widget(0))
        self.toolbar_enabled(True)
        kept = drafts.take_drafts(session.db, session.actor, now=clock.now())
        for page in self.pages:
            if kept:  # text kept through the lock goes back over freshly loaded data, on every page
                page.refresh()
            else:
                page.refresh_when_seen()
            page.restore_drafts(kept)
        self.idle.restart()

    def toolbar_enabled(self, enabled: bool) -> None:
        for action in (self.privacy_action, self.lock_action):
            action.setEnabled(enabled)

    def _close_dialogs(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()

    def _switch_user(self) -> None:
        self.switching_user = True
        self.close()

    def _clear_screen(self) -> None:
        """Signing out: nothing of this user's is on screen, or alive, when the login appears —
        dialogs closed, the window hidden, the pages (the warning list…) destroyed (UX.md)."""
        self._close_dialogs()
        self.hide()
        for page in self.pages:
            self.stack.removeWidget(page)
            shiboken6.delete(page)
        self.pages.clear()
        self.message_label.setText(self.standing_message)
        QGuiApplication.clipboard().clear()

    def closeEvent(self, event: QCloseEvent) -> None:
        window_geometry.remember(self)
        self.backup_schedule.stop()
        self.idle.stop()
        QApplication.instance().removeEventFilter(self.idle)
        QApplication.instance().removeEventFilter(self.session_keys)
        self.privacy.hide()
        if self.runner.session.db.is_open and not self.is_locked:
            for page in self.pages:
                page.before_sign_out()
        if self.switching_user:
            self._clear_screen()
        if self.runner.session.db.is_open:
            sign_in.logout(self.runner.session, now=clock.now())
        super().closeEvent(event)
        if self.switching_user:
            self.logged_out.emit()
