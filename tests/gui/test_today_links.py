"""今日's 待办 open their own record (issue 8, item 19) — the appointment's details, the student's
file on the 预警与关爱 tab, the duty slot's day with its 值班记录 — and the principal's and the
admin's 今日 say what they may not see, without pointing at buttons they lack (item 21)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem
from pytestqt.qtbot import QtBot

from counselroom.domain.care.warnings import WarningLevel, WarningSource
from counselroom.domain.roles import Role
from counselroom.domain.scheduling.appointments import AppointmentSource, AppointmentType, Channel
from counselroom.domain.school.school_days import Period
from counselroom.domain.school.terms import default_terms
from counselroom.gui.duty.duty_dialogs import DutyLogDialog
from counselroom.gui.main_window import MainWindow
from counselroom.gui.pages.appointments_page import AppointmentsPage
from counselroom.gui.pages.duty_page import DutyPage
from counselroom.gui.pages.students_page import StudentsPage
from counselroom.gui.pages.today_page import HIDDEN_TODOS, TodayPage
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.accounts.session import Session
from counselroom.services.care import warning_list
from counselroom.services.scheduling import appointments
from counselroom.services.school import room_setup, school_calendar
from counselroom.system import clock
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.gui.dialogs import answer_dialog
from tests.school_data import add_small_school
from tests.services.duty_data import add_duty_school, publish_first_term


@pytest.fixture
def now_is(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], None]:
    def set_now(moment: datetime) -> None:
        monkeypatch.setattr(clock, "now", lambda: moment)

    set_now(FIXED_NOW)
    return set_now


def set_up(school: SchoolFixture) -> None:
    admin = school.admin
    add_small_school(admin)
    first, second = default_terms(2025)
    school_calendar.add_school_year(admin.db, admin.actor, start_year=2025, first=first, second=second, now=FIXED_NOW)
    hours = [Period(d, time(8, 0), time(17, 30)) for d in range(5)]
    room_setup.set_opening_hours(admin.db, admin.actor, hours, now=FIXED_NOW)
    room_setup.save_room(admin.db, admin.actor, name="个别辅导室一", kind="个别辅导室", capacity=2, now=FIXED_NOW)


def book_this_morning(s: Session) -> None:
    room = room_setup.list_rooms(s.db, s.actor, now=FIXED_NOW)[0]
    start = datetime.combine(FIXED_NOW.date(), time(8, 30))
    appointments.book_appointment(
        s.db, s.actor, student_ids=[1], counselor_id=s.actor.user_id, room_id=room.id, start=start,
        end=start + timedelta(minutes=50), type=AppointmentType.INDIVIDUAL, channel=Channel.FACE,
        source=AppointmentSource.SELF, note="", now=FIXED_NOW - timedelta(days=2),
    )  # fmt: skip


def open_window(qtbot: QtBot, school: SchoolFixture, session: Session) -> MainWindow:
    main = MainWindow(ServiceRunner(session, school.keys))
    qtbot.addWidget(main)
    main.show()
    main.activateWindow()  # a first chart's font message takes the active window as its parent
    qtbot.waitUntil(main.isActiveWindow, timeout=2000)
    return main


@pytest.fixture
def counselor(school: SchoolFixture, now_is: object) -> Iterator[Session]:
    set_up(school)
    session = school.sign_in("counselor")
    yield session
    if session.db.is_open:
        session.db.close()


def todo(page: TodayPage, kind: str) -> QListWidgetItem:
    found = [page.todo_list.item(i) for i in range(page.todo_list.count())]
    return next(item for item in found if item.text().startswith(f"【{kind}】"))


def test_an_attendance_todo_opens_that_appointment(qtbot: QtBot, school: SchoolFixture, counselor: Session) -> None:
    book_this_morning(counselor)
    window = open_window(qtbot, school, counselor)
    today = window.stack.currentWidget()
    assert isinstance(today, TodayPage)
    today.todo_list.itemActivated.emit(todo(today, "出勤"))
    page = window.stack.currentWidget()
    assert isinstance(page, AppointmentsPage) and window.sidebar.currentItem().text() == "预约"
    details = page.flows.details
    assert details is not None and details.isVisible()
    assert details.action_buttons["已到"].isEnabled(), "it is the begun, unmarked one"
    details.close()


def test_a_review_todo_opens_the_students_file_on_the_warning_tab(
    qtbot: QtBot, school: SchoolFixture, counselor: Session
) -> None:
    warning_list.add_to_warning_list(
        counselor.db, counselor.actor, 3, level=WarningLevel.ORANGE, reason="班主任反映情绪低落",
        source=WarningSource.HEAD_TEACHER, now=FIXED_NOW - timedelta(days=20), review_on=date(2025, 10, 10),
    )  # fmt: skip
    window = open_window(qtbot, school, counselor)
    today = window.stack.currentWidget()
    today.todo_list.itemActivated.emit(todo(today, "复评"))
    page = window.stack.currentWidget()
    assert isinstance(page, StudentsPage)
    dialog = page.file_dialog
    assert dialog is not None and dialog.isVisible() and dialog.student_id == 3
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "预警与关爱"
    dialog.close()


def test_a_missing_duty_log_opens_the_slot_and_its_log(
    qtbot: QtBot, school: SchoolFixture, now_is: Callable[[datetime], None]
) -> None:
    add_duty_school(school.admin)
    lead = school.sign_in("lead")
    publish_first_term(lead)
    evening = datetime(2026, 10, 14, 19, 0)
    now_is(evening)
    window = open_window(qtbot, school, lead)
    today = window.stack.currentWidget()
    item = todo(today, "值班记录")
    _page, action = item.data(Qt.ItemDataRole.UserRole)
    day = date.fromisoformat(action.split(":")[1])
    seen: list[str] = []
    answer_dialog(DutyLogDialog, lambda d: (seen.append(d.windowTitle()), d.reject()))
    today.todo_list.itemActivated.emit(item)
    page = window.stack.currentWidget()
    assert isinstance(page, DutyPage) and page.grid.selected_day() == day
    slot = page.selected_slot()
    assert slot is not None and str(slot.assignment_id) == action.split(":")[2]
    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    lead.db.close()


@pytest.mark.parametrize("role", [Role.PRINCIPAL, Role.ADMIN])
def test_the_principal_and_admin_are_told_what_they_may_not_see(
    qtbot: QtBot, school: SchoolFixture, counselor: Session, role: Role
) -> None:
    book_this_morning(counselor)
    session = school.admin if role is Role.ADMIN else school.sign_in("principal")
    page = TodayPage(ServiceRunner(session, school.keys))
    qtbot.addWidget(page)
    page.show()
    assert not page.new_button.isVisible() and not page.walk_in_button.isVisible()
    assert (
        page.no_appointments.text() == "今天共有 <5 个预约；学生姓名与预约详情：无权查看。"
    )  # 1 is a small count: "<5"
    assert "新建预约" not in page.no_appointments.text() and "张晓明" not in page.no_appointments.text()
    assert page.no_todos.text() == HIDDEN_TODOS and not page.todo_list.isVisible()
    if role is Role.PRINCIPAL:
        assert "由心理中心负责人在“值班”页生成" in page.duty_label.text()
        session.db.close()
    else:
        assert "请到“值班”页点“生成值班表…”" in page.duty_label.text()
