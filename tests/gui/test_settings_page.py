"""设置 as an admin uses it: add an account, set a temporary password, view the audit log."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from counselroom.domain.roles import Role
from counselroom.gui.pages.settings_page import SettingsPage
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.session.account_dialogs import AddAccountDialog
from counselroom.services.accounts.sign_in import sign_in
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.gui.dialogs import answer_dialog


def _fill_when_open(fill) -> None:  # type: ignore[no-untyped-def]
    """Answer the next modal dialog as a teacher would, once it is on screen."""
    answer_dialog(QDialog, fill)


def test_admin_adds_an_account_that_can_sign_in(qtbot: QtBot, school: SchoolFixture) -> None:
    page = SettingsPage(ServiceRunner(school.admin, school.keys))
    qtbot.addWidget(page)
    assert page.account_model.rowCount() == 4

    def fill(dialog: AddAccountDialog) -> None:
        dialog.username.setText("zhao")
        dialog.display_name.setText("赵老师")
        dialog.role.setCurrentIndex(list(Role).index(Role.COUNSELOR))
        dialog.passwords.password.setText("zhao-pass-1")
        dialog.passwords.repeat.setText("zhao-pass-1")
        dialog.buttons.accepted.emit()

    _fill_when_open(fill)
    page.add_account()
    assert page.account_model.rowCount() == 5
    names = [page.account_model.row_at(i).display_name for i in range(5)]
    assert "赵老师" in names
    session = sign_in(school.path, "zhao", "zhao-pass-1", now=FIXED_NOW, keys=school.keys)
    assert session.must_change_password
    session.db.close()


def test_add_account_form_says_what_is_wrong(qtbot: QtBot) -> None:
    dialog = AddAccountDialog()
    qtbot.addWidget(dialog)
    dialog.passwords.password.setText("abcdefgh1")
    dialog.passwords.repeat.setText("abcdefgh2")
    dialog.buttons.accepted.emit()
    assert dialog.error.text() == "两次输入的密码不一致"
    assert dialog.result() == 0


def test_counselor_has_no_accounts_or_audit_tab(qtbot: QtBot, school: SchoolFixture) -> None:
    session = school.sign_in("counselor")
    page = SettingsPage(ServiceRunner(session, school.keys))
    qtbot.addWidget(page)
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert tabs == [
        "学校与锁定",
        "政策依据",
        "学年学期",
        "辅导室与开放时间",
        "辅导室建设",
        "班级",
        "教职工",
        "合作机构",
        "危机干预预案",
        "我的账号",
    ]
    assert not page.idle_minutes.isEnabled()
    assert page.school_name.text() == "测试中学"
    session.db.close()


def test_lead_views_the_audit_log_and_runs_the_check(qtbot: QtBot, school: SchoolFixture) -> None:
    session = school.sign_in("lead")
    page = SettingsPage(ServiceRunner(session, school.keys))
    qtbot.addWidget(page)
    qtbot.mouseClick(page.load_audit_button, Qt.MouseButton.LeftButton)
    assert page.audit_model.rowCount() > 5
    actions = {page.audit_model.row_at(i).action_label for i in range(page.audit_model.rowCount())}
    assert {"创建学校", "新建账号", "登录"} <= actions
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    assert page.check_result.text().startswith("检查通过")
    session.db.close()


def test_admin_changes_idle_minutes(qtbot: QtBot, school: SchoolFixture) -> None:
    runner = ServiceRunner(school.admin, school.keys)
    page = SettingsPage(runner)
    qtbot.addWidget(page)
    page.idle_minutes.setValue(12)
    with qtbot.waitSignal(runner.changed):
        qtbot.mouseClick(page.save_idle, Qt.MouseButton.LeftButton)
    page.refresh()
    assert page.idle_minutes.value() == 12


def test_counselor_sets_peer_monitors_and_admin_adds_staff_and_rolls_over(qtbot: QtBot, school: SchoolFixture) -> None:
    from counselroom.gui.settings.school_dialogs import AddStaffDialog, PeerMonitorDialog, RolloverDialog
    from counselroom.services.care import peer_reports
    from tests.school_data import add_small_school

    add_small_school(school.admin)
    session = school.sign_in("counselor")
    page = SettingsPage(ServiceRunner(session, school.keys))
    qtbot.addWidget(page)
    tab = page.classes_tab
    assert tab is not None and tab.model.rowCount() == 3 and not tab.rollover_button.isVisibleTo(page)
    tab.view.selectRow(0)

    def pick(dialog: PeerMonitorDialog) -> None:
        assert dialog.pupils.count() == 3  # the class's students at school
        dialog.tick("张晓明", "李雨涵")
        dialog.buttons.accepted.emit()

    _fill_when_open(pick)
    tab.set_monitors()
    coverage = peer_reports.monitor_coverage(session.db, session.actor, now=FIXED_NOW)
    assert [m.complete for m in coverage] == [True, False, False]
    session.db.close()

    admin_page = SettingsPage(ServiceRunner(school.admin, school.keys))
    qtbot.addWidget(admin_page)
    staff_tab = admin_page.staff_tab
    assert staff_tab is not None

    def add(dialog: AddStaffDialog) -> None:
        dialog.name.setText("钱心怡")
        dialog.position.setCurrentText("专职心理教师")
        dialog.qualifications.setText("心理健康教育教师资格证")
        dialog.buttons.accepted.emit()

    _fill_when_open(add)
    staff_tab.add_staff()
    assert "钱心怡" in [staff_tab.model.row_at(i).name for i in range(staff_tab.model.rowCount())]

    def confirm(dialog: RolloverDialog) -> None:
        texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.error)))
        assert "初三(1)班 → 毕业（2 人）" in texts and "加密副本" in texts
        dialog.buttons.accepted.emit()

    _fill_when_open(confirm)
    admin_page.classes_tab.rollover()
    names = [admin_page.classes_tab.model.row_at(i).name for i in range(admin_page.classes_tab.model.rowCount())]
    assert names == ["初二(1)班", "初三(1)班"]


def test_admin_adds_a_school_year_with_both_terms(qtbot: QtBot, school: SchoolFixture) -> None:
    from counselroom.gui.settings.school_dialogs import SchoolYearDialog

    page = SettingsPage(ServiceRunner(school.admin, school.keys))
    qtbot.addWidget(page)
    assert page.terms_tab.model.rowCount() == 0

    def fill(dialog: SchoolYearDialog) -> None:
        dialog.start_year.setValue(2025)
        dialog.buttons.accepted.emit()

    _fill_when_open(fill)
    page.terms_tab.add_year()
    labels = [page.terms_tab.model.row_at(i).label for i in range(page.terms_tab.model.rowCount())]
    assert labels == ["2025-2026学年第一学期", "2025-2026学年第二学期"]


def test_lead_sets_up_rooms_opening_periods_and_school_days(qtbot: QtBot, school: SchoolFixture) -> None:
    from datetime import date

    from PySide6.QtCore import QDate, QTime

    from counselroom.gui.settings.room_dialogs import PeriodDialog, RoomDialog, SchoolDayDialog
    from counselroom.services.school import room_setup

    session = school.sign_in("lead")
    page = SettingsPage(ServiceRunner(session, school.keys))
    qtbot.addWidget(page)
    tab = page.room_tab

    def room(dialog: RoomDialog) -> None:
        dialog.name.setText("沙盘室")
        dialog.kind.setCurrentText("沙盘室")
        dialog.buttons.accepted.emit()

    _fill_when_open(room)
    tab.add_room()

    def period(dialog: PeriodDialog) -> None:
        dialog.weekday.setCurrentIndex(2)
        dialog.start.setTime(QTime(16, 30))
        dialog.end.setTime(QTime(18, 0))
        dialog.buttons.accepted.emit()

    _fill_when_open(period)
    tab.add_period()

    def day(dialog: SchoolDayDialog) -> None:
        dialog.day.setDate(QDate(2027, 3, 3))
        dialog.name.setText("春季运动会")
        dialog.buttons.accepted.emit()

    _fill_when_open(day)
    tab.add_day()
    assert [tab.rooms.row_at(0).name, tab.periods.row_at(0).label, tab.days.row_at(0).name] == [
        "沙盘室",
        "周三 16:30–18:00",
        "春季运动会",
    ]
    tab.location.setText("行政楼三楼东侧 心理辅导室")
    tab.save_location()
    tab.refresh()
    assert tab.location.text() == "行政楼三楼东侧 心理辅导室"
    status = room_setup.calendar_days(session.db, session.actor, date(2027, 3, 3), date(2027, 3, 3), now=FIXED_NOW)
    assert status[0].status.reason == "春季运动会"
    session.db.close()
