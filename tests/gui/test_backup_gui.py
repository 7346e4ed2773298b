"""备份 and 从备份恢复 as a teacher does them: the admin picks a USB folder in 设置 → 备份 and backs
up now; the status bar says when; the daily automatic backup runs for whoever is signed in; a
damaged database offers 从备份恢复…, which takes the backup folder, the recovery key and a new
password and signs the teacher in."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from counselroom.gui.main_window import MainWindow
from counselroom.gui.pages.settings_page import SettingsPage
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.session.login_dialog import LoginDialog
from counselroom.gui.session.restore_dialog import RestoreDialog
from counselroom.services.accounts.sign_in import sign_in
from counselroom.services.backup import backups
from counselroom.system import clock
from tests.conftest import FIXED_NOW
from tests.demo_school import PASSWORD, Demo, make_demo
from tests.gui.activity_screens import shot

NEW_PASSWORD = "restored-pass-1"


@pytest.fixture
def demo(tmp_path: Path) -> Demo:
    return make_demo(tmp_path / "data" / "school.db", students=80, years=1, seed=4)


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, kind, lambda _p, title, text, *a, said=said: said.append(f"{title}：{text}"))
    return said


@pytest.fixture
def window(qtbot: QtBot, demo: Demo, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], MainWindow]]:
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)
    opened: list[MainWindow] = []

    def open_as(username: str) -> MainWindow:
        session = sign_in(demo.path, username, PASSWORD, now=FIXED_NOW, keys=demo.keys)
        main = MainWindow(ServiceRunner(session, demo.keys))
        qtbot.addWidget(main)
        main.show()
        opened.append(main)
        return main

    yield open_as
    for main in opened:
        main.backup_schedule.stop()
        if main.runner.session.db.is_open:
            main.runner.session.db.close()


def backup_tab(main: MainWindow) -> object:
    main.open_page("设置")
    page = main.page_titled("设置")
    assert isinstance(page, SettingsPage) and page.backup_tab is not None
    page.tabs.setCurrentWidget(page.backup_tab)
    return page.backup_tab


def test_the_admin_chooses_a_stick_and_backs_up_now(
    window: Callable[[str], MainWindow], tmp_path: Path, told: list[str]
) -> None:
    main = window("admin")
    assert main.backup_label.text().startswith("上次备份：尚无备份")
    tab = backup_tab(main)
    stick = tmp_path / "usb"
    stick.mkdir()
    tab.folder.setText(str(stick))  # type: ignore[attr-defined]
    tab.backup_button.click()  # type: ignore[attr-defined]
    made = [p for p in stick.iterdir() if p.name.startswith("counselroom-")]
    assert len(made) == 1 and told and told[-1].startswith("备份完成") and "原样复制" in told[-1]
    assert tab.model.rowCount() == 1 and "管理员" in str(tab.model.data(tab.model.index(0, 1)))  # type: ignore[attr-defined]
    assert "上次完好的备份" in tab.status.text() and str(made[0]) in tab.status.text()  # type: ignore[attr-defined]
    assert main.backup_label.text() == f"上次备份：{FIXED_NOW.month}月{FIXED_NOW.day}日 {FIXED_NOW:%H:%M}"
    shot(main, "backup-settings")


def test_a_pulled_stick_is_named_and_nothing_is_made(
    window: Callable[[str], MainWindow], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = window("lead")
    tab = backup_tab(main)
    shown: list[str] = []
    monkeypatch.setattr("counselroom.gui.service_runner.show_error", lambda _p, error: shown.append(str(error)))
    tab.folder.setText(str(tmp_path / "E-drive"))  # type: ignore[attr-defined]
    tab.backup_button.click()  # type: ignore[attr-defined]
    assert shown and "找不到这个文件夹" in shown[-1] and "E-drive" in shown[-1]


def test_the_daily_backup_runs_by_itself_for_a_counselor(
    window: Callable[[str], MainWindow], demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    with demo.session("lead") as lead:
        backups.set_backup_settings(lead.db, lead.actor, folder=str(stick), automatic=True, now=FIXED_NOW)
    main = window("counselor")
    assert main.page_titled("设置") is None or not getattr(main.page_titled("设置"), "backup_tab", None)
    main.backup_schedule.tick()  # the half-hourly timer firing
    assert len([p for p in stick.iterdir() if p.name.startswith("counselroom-")]) == 1
    main.backup_schedule.tick()  # not due again the same day
    assert len(list(stick.iterdir())) == 1
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW + timedelta(days=1, minutes=1))
    main.backup_schedule.tick()
    assert len(list(stick.iterdir())) == 2
    main.lock()
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW + timedelta(days=3))
    main.backup_schedule.tick()  # never over the lock screen
    assert len(list(stick.iterdir())) == 2


def test_a_damaged_database_offers_the_newest_backup(
    qtbot: QtBot, demo: Demo, tmp_path: Path, answers: list[str], told: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)
    stick = tmp_path / "usb"
    stick.mkdir()
    with demo.session("lead") as lead:
        older = backups.make_backup(lead.db, lead.actor, stick, now=FIXED_NOW - timedelta(days=2))
        newest = backups.make_backup(lead.db, lead.actor, stick, now=FIXED_NOW - timedelta(days=1))
    assert older.good and newest.good
    with demo.path.open("r+b") as handle:  # the disk went bad under the school store
        handle.seek(4096 * 3)
        handle.write(b"\x00" * 4096 * 4)
    login = LoginDialog(demo.path, demo.keys, username="lead")
    qtbot.addWidget(login)
    login.password.setText(PASSWORD)
    login.login_button.click()
    assert login.damaged and not login.restore_button.isFlat()

    dialog = RestoreDialog(demo.path, demo.keys, damaged=login.damaged)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(stick))
    dialog.list_backups()
    assert dialog.backup_list.count() == 2 and dialog.chosen is not None
    assert dialog.chosen.path == newest.path  # the newest good one is offered first
    dialog.recovery_key.setText(demo.recovery_key)
    dialog.check_button.click()
    assert dialog.account.isEnabled() and dialog.account.count() == 4
    dialog.account.setCurrentIndex(dialog.account.findData("lead"))
    dialog.new_password.setText(NEW_PASSWORD)
    dialog.repeat.setText(NEW_PASSWORD)
    shot(dialog, "restore-dialog")
    dialog.restore_button.click()
    assert answers == ["从备份恢复"] and dialog.session is not None
    assert len(told) == 1 and "暂时不能登录" in told[0] and "（admin）" in told[0] and "（lead）" not in told[0]
    assert dialog.session.actor.username == "lead" and dialog.session.db.has_care
    dialog.session.db.close()
    assert sorted(p.name for p in demo.path.parent.iterdir() if ".replaced-" in p.name)
    session = sign_in(demo.path, "lead", NEW_PASSWORD, now=FIXED_NOW, keys=demo.keys)
    session.db.close()


def test_a_wrong_recovery_key_is_said_in_the_window(qtbot: QtBot, demo: Demo, tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    with demo.session("admin") as admin:
        backups.make_backup(admin.db, admin.actor, stick, now=FIXED_NOW)
    dialog = RestoreDialog(tmp_path / "new-pc" / "school.db", demo.keys)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(stick))
    dialog.list_backups()
    dialog.recovery_key.setText("ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567-ABCD-EFGH")
    dialog.check_button.click()
    assert "恢复密钥" in dialog.error.text() and not dialog.account.isEnabled()


def test_a_new_pc_restores_from_the_first_run_window(
    qtbot: QtBot, demo: Demo, tmp_path: Path, told: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from counselroom.gui.session.first_run_wizard import FirstRunWizard

    stick = tmp_path / "usb"
    stick.mkdir()
    with demo.session("lead") as lead:
        backups.make_backup(lead.db, lead.actor, stick, now=FIXED_NOW)
    new_pc = tmp_path / "new-pc" / "school.db"
    new_pc.parent.mkdir()

    def restore_as_teacher(dialog: RestoreDialog) -> int:
        dialog.folder.setText(str(stick))
        dialog.list_backups()
        dialog.recovery_key.setText(demo.recovery_key)
        dialog.check_button.click()
        dialog.account.setCurrentIndex(dialog.account.findData("admin"))
        dialog.new_password.setText(NEW_PASSWORD)
        dialog.repeat.setText(NEW_PASSWORD)
        dialog.restore_button.click()  # no question: nothing is there to replace
        return int(dialog.result())

    monkeypatch.setattr(RestoreDialog, "exec", restore_as_teacher)
    wizard = FirstRunWizard(new_pc, demo.keys)
    qtbot.addWidget(wizard)
    wizard.welcome_page.restore_button.click()
    assert wizard.session is not None and wizard.session.actor.username == "admin"
    assert new_pc.exists() and not wizard.isVisible()
    wizard.session.db.close()
