"""Start the GUI: theme, one instance per data folder, first-run wizard or login, main window."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtWidgets import QApplication, QMessageBox

from counselroom.domain.errors import CounselRoomError
from counselroom.gui.first_paint import after_first_paint
from counselroom.gui.qt_platform import allow_offscreen_fallback, no_screen_message
from counselroom.gui.session.login_dialog import LoginDialog
from counselroom.gui.theme import apply_theme
from counselroom.system import clock, device_secrets, instance_lock, paths

if TYPE_CHECKING:
    from counselroom.gui.main_window import MainWindow
    from counselroom.gui.worker import Progress
    from counselroom.services.accounts.session import KeyPolicy, Session
    from counselroom.services.registry import Registry

DEMO_ACCOUNTS = "演示学校账号：admin（管理员）、lead（心理中心负责人）、counselor（心理教师）、principal（校领导）"


class AppController:
    """Login → main window → (switch user) → login … until the window is closed.

    Without `keys` the keyring is probed once the login window is on screen (it takes a tenth of
    a second or more), and the main window with its pages is imported only after signing in.
    """

    def __init__(
        self,
        db_path: Path,
        keys: KeyPolicy | None = None,
        *,
        notice: str = "",
        login_hint: str = "",
        default_user: str = "",
    ):
        self.db_path, self._keys = db_path, keys
        self.notice, self.login_hint, self.default_user = notice, login_hint, default_user
        self.registry: Registry | None = None  # built at the first sign-in, with the main window
        self.window: MainWindow | None = None

    @property
    def keys(self) -> KeyPolicy:
        if self._keys is None:
            self._keys, notice = probe_keys()
            self.notice = "　".join(t for t in (self.notice, notice) if t)
        return self._keys

    def start(self) -> bool:
        session = self._first_session()
        if session is None:
            return False
        self._show_main(session)
        return True

    def _first_session(self) -> Session | None:
        if not self.db_path.exists():
            from counselroom.gui.session.first_run_wizard import FirstRunWizard

            wizard = FirstRunWizard(self.db_path, self.keys, notice=self.notice)
            wizard.exec()
            session = wizard.session
            # Gone before the main window is built, not whenever the garbage collector gets to it.
            shiboken6.delete(wizard)
            return session
        return self._login()

    def _login(self) -> Session | None:
        hint = "\n".join(t for t in (self.login_hint, self.notice) if t)
        if self._keys is not None:
            dialog = LoginDialog(self.db_path, self.keys, school_hint=hint, username=self.default_user)
        else:
            dialog = LoginDialog(self.db_path, lambda: self.keys, school_hint=hint, username=self.default_user)
            after_first_paint(dialog, lambda: self._probe_for(dialog))
        return dialog.session if dialog.exec() else None

    def _probe_for(self, dialog: LoginDialog) -> None:
        before = self.notice
        dialog.keys  # noqa: B018 — probes the keyring now, while the teacher types
        if self.notice != before:
            dialog.add_hint(self.notice)

    def _show_main(self, session: Session) -> None:
        from counselroom.gui.main_window import MainWindow
        from counselroom.gui.service_runner import ServiceRunner
        from counselroom.services.registry import build_registry

        if self.registry is None:
            self.registry = build_registry()  # the 今日 and timeline sources, once for every sign-in
        self.window = MainWindow(ServiceRunner(session, self.keys, registry=self.registry), notice=self.notice)
        self.window.logged_out.connect(self._after_logout)
        self.window.show()
        if session.new_recovery_key:
            from counselroom.gui.session.new_recovery_key_dialog import NewRecoveryKeyDialog

            name = self.window.settings_page.school_name.text()
            NewRecoveryKeyDialog(name, session.new_recovery_key, self.window).exec()
            session.new_recovery_key = ""  # shown once
        if session.must_change_password:
            self.window.settings_page.change_password(required=True)

    def _after_logout(self) -> None:
        """The main window has cleared and hidden itself: the login is the only window now, and
        closing it must not end the program (Qt quits when the last window closes)."""
        app, previous = QApplication.instance(), self.window
        quits = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)
        try:
            session = self._login()
            if session is None:
                app.quit()
                return
            self._show_main(session)
        finally:
            app.setQuitOnLastWindowClosed(quits)
        if previous is not None:
            previous.deleteLater()  # we are inside its closeEvent


def probe_keys() -> tuple[KeyPolicy, str]:
    """The key policy for this PC and the notice to show when it has no usable keyring."""
    from counselroom.services.accounts.session import KeyPolicy

    device = device_secrets.probe_device_secrets()
    return KeyPolicy(device=device), (device_secrets.NO_KEYRING_NOTICE if device is None else "")


def _parse(args: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="counselroom")
    parser.add_argument("--demo", action="store_true", help="在演示学校上运行")
    parser.add_argument("--db", help="数据库文件（默认在用户数据文件夹）")
    return parser.parse_args(list(args))


def _ensure_demo(path: Path, keys: KeyPolicy) -> str | None:
    """Generate the demo school on first use, with a progress window (it takes several seconds:
    a key derivation per account); returns the demo password, or None when the user cancelled."""
    from counselroom.demo import generator as demo
    from counselroom.gui.worker import Job, run_job

    password = os.environ.get("COUNSELROOM_PASSWORD") or "demo1234"
    if path.exists():
        return password

    def generate(progress: Progress) -> None:
        demo.generate_demo_school(path, password=password, now=clock.now(), keys=keys, progress=progress)

    # Cancelling is safe: the generator removes the half-built files when stopped.
    outcome = run_job(Job(generate, cancellable=True), label="正在生成演示学校，请稍候…")
    if outcome.cancelled:
        return None
    if outcome.error is not None:
        raise outcome.error
    return password


def _show_unexpected_errors() -> None:
    """An unexpected error is shown, never written to a crash file: its text may hold data."""

    def hook(exc_type, exc, tb) -> None:  # type: ignore[no-untyped-def]
        QMessageBox.critical(
            None,
            "程序出现意外错误",
            f"程序遇到意外错误（{exc_type.__name__}），这一步操作没有完成；"
            "已经保存的数据不受影响。请记下刚才的操作步骤，告诉维护人员。",
        )

    sys.excepthook = hook


def acquire_instance_lock(db_path: Path) -> instance_lock.InstanceLock | None:
    """One program per database (SECURITY.md 21): the lock the command line's commands that change
    data take too. The system drops it when its holder dies, so a crashed run never blocks."""
    return instance_lock.try_lock(db_path)


def run_gui(args: Sequence[str]) -> int:
    options = _parse(args)
    _show_unexpected_errors()
    chose_platform = allow_offscreen_fallback()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if chose_platform and app.platformName() == "offscreen":  # no screen answered: nowhere to show a window
        print(no_screen_message(), file=sys.stderr)
        return 1
    app.setApplicationName("心理辅导室工作台")
    app.setDesktopFileName("counselroom")  # Wayland's app id: the menu entry installers/linux writes
    apply_theme(app)
    path = Path(options.db) if options.db else (paths.demo_db_path() if options.demo else paths.default_db_path())
    try:
        held = acquire_instance_lock(path)
    except OSError as exc:
        problem = paths.data_folder_problem(path.parent, exc)
        QMessageBox.warning(None, "心理辅导室工作台", f"无法使用数据文件夹：{problem}。")
        return 1
    if held is None:
        QMessageBox.warning(None, "心理辅导室工作台", f"{instance_lock.IN_USE}，请先关闭它再打开。\n数据：{path}")
        return 1
    controller = AppController(path)
    if options.demo:
        try:
            password = _ensure_demo(path, controller.keys)
        except CounselRoomError as exc:
            QMessageBox.warning(None, "心理辅导室工作台", str(exc))
            return 1
        if password is None:
            return 0
        controller.login_hint, controller.default_user = f"{DEMO_ACCOUNTS}，密码 {password}", "counselor"
    if not controller.start():
        return 0
    code = app.exec()
    held.unlock()
    return int(code)
