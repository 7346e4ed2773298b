"""预约 as a counselor uses it: click an empty slot and book, see the block; a clash explained in
the dialog; a closed day confirmed with a reason; cancel with a reason; move by dragging (and a
refused drag snapping back with the reason in the page); filter by room; mark attendance;
walk-ins; the waitlist; the `.ics` export. The principal gets no 预约 page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import icalendar
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counselroom.domain.roles import Role
from counselroom.domain.scheduling.appointments import AppointmentStatus, AppointmentType
from counselroom.gui.pages.appointments_page import AppointmentsPage
from counselroom.gui.scheduling.appointment_dialogs import CancelAppointmentDialog
from counselroom.gui.scheduling.booking_dialog import BookingDialog
from counselroom.gui.scheduling.week_layout import ROW_HEIGHT
from counselroom.services.accounts.session import Session
from counselroom.services.scheduling import appointment_views, waitlist
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.gui.appointment_screens import click, fixed_clock, shown_page  # noqa: F401 (fixed_clock: autouse)
from tests.gui.dialogs import answer_dialog
from tests.services.appointment_data import Scheduling, at, book, only_id, set_up_scheduling

SATURDAY = FIXED_NOW.replace(day=18)


@pytest.fixture
def setup(sessions: dict[Role, Session]) -> Scheduling:
    return set_up_scheduling(sessions)


@pytest.fixture
def page(
    qtbot: QtBot,
    school: SchoolFixture,
    sessions: dict[Role, Session],
    setup: Scheduling,
) -> Iterator[AppointmentsPage]:
    yield from shown_page(qtbot, school, sessions[Role.COUNSELOR], 800)


def choose(qtbot: QtBot, dialog: BookingDialog, initials: str) -> None:
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, initials)
    dialog.results.itemClicked.emit(dialog.results.item(0))


def drag(widget: object, start: QPointF, end: QPointF) -> None:
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start.toPoint())
    for step in (0.3, 0.7, 1.0):
        point = start + (end - start) * step
        move = QMouseEvent(
            QEvent.Type.MouseMove,
            point,
            widget.mapToGlobal(point),  # type: ignore[attr-defined]
            Qt.MouseButton.NoButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(widget, move)  # type: ignore[arg-type]
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end.toPoint())


def blocks(page: AppointmentsPage) -> list[tuple[str, str, str]]:
    return [(f"{b.item.start:%m-%d %H:%M}", b.item.student_names, b.item.status.value) for b in page.calendar.blocks]


def test_book_by_clicking_an_empty_slot(qtbot: QtBot, page: AppointmentsPage) -> None:
    assert page.filter.currentText() == "王老师", "a counselor opens on their own week"
    assert page.week_label.text() == "2025年10月13日 – 10月19日"
    dialog = click(page, at(10))
    assert dialog.start_at() == at(10) and dialog.counselor.currentText() == "王老师"
    choose(qtbot, dialog, "zxm")
    assert dialog.student_ids() == [1]
    dialog.note.setText("带上周记本")
    dialog.buttons.accepted.emit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert blocks(page) == [("10-14 10:00", "张晓明", "已预约")]
    assert "已预约" in page.message.text()
    rect = page.calendar.block_rect(page.calendar.blocks[0].item.id)
    assert rect.contains(page.calendar.slot_point(at(10, 20)))


def test_a_clash_is_explained_in_the_dialog_naming_the_other_appointment(
    qtbot: QtBot, page: AppointmentsPage, sessions: dict[Role, Session], setup: Scheduling
) -> None:
    book(sessions[Role.LEAD], setup, at(10), counselor_id=setup.counselor)
    page.load_week()
    page.new_button.click()  # 10:30 is under the block: a click there would open its details
    dialog = page.flows.dialog
    assert dialog is not None
    dialog.set_start(at(10, 30))
    choose(qtbot, dialog, "lyh")
    dialog.refresh_conflicts()
    expected = "王老师 在 10月14日 10:00–10:50 已有预约（个别辅导，个别辅导室一）"
    assert expected in dialog.conflict_label.text()
    assert dialog.confirm.isHidden(), "a hard clash cannot be confirmed"
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and expected in dialog.error.text()
    assert len(page.calendar.blocks) == 1


def test_a_closed_day_is_booked_only_with_a_reason(qtbot: QtBot, page: AppointmentsPage) -> None:
    dialog = click(page, at(10, day=SATURDAY))
    choose(qtbot, dialog, "lyh")
    dialog.refresh_conflicts()
    assert "10月18日（周六）辅导室不开放：周末" in dialog.conflict_label.text()
    assert not dialog.confirm.isHidden()
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and "仍然安排" in dialog.error.text()
    dialog.confirm.setChecked(True)
    dialog.confirm_reason.setText("家长只能周末陪同")
    dialog.buttons.accepted.emit()
    assert not dialog.isVisible()
    assert blocks(page) == [("10-18 10:00", "李雨涵", "已预约")]


def test_cancel_with_a_reason(
    qtbot: QtBot, page: AppointmentsPage, sessions: dict[Role, Session], setup: Scheduling
) -> None:
    book(sessions[Role.COUNSELOR], setup, at(10))
    page.load_week()
    centre = page.calendar.block_rect(page.calendar.blocks[0].item.id).center().toPoint()
    QTest.mouseDClick(page.calendar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    details = page.flows.details
    assert details is not None and not details.action_buttons["已到"].isEnabled(), "not begun yet"
    details.action_buttons["取消预约…"].click()
    (cancel,) = page.findChildren(CancelAppointmentDialog)
    cancel.buttons.accepted.emit()
    assert cancel.isVisible() and "取消原因" in cancel.error.text()
    cancel.reason.setText("学生临时考试")
    cancel.buttons.accepted.emit()
    assert blocks(page) == [] and "已取消预约" in page.message.text()


def test_move_by_dragging_and_a_refused_drag_snaps_back(
    page: AppointmentsPage, sessions: dict[Role, Session], setup: Scheduling
) -> None:
    c = sessions[Role.COUNSELOR]
    book(c, setup, at(10))
    book(c, setup, at(14), student_ids=[2])
    page.load_week()
    first = only_id(c, at(10))
    rect = page.calendar.block_rect(first)
    drag(page.calendar, rect.center(), rect.center() + QPointF(0, 2 * ROW_HEIGHT))  # an hour later
    assert appointment_views.get_appointment(c.db, c.actor, first, now=FIXED_NOW).start == at(11)
    assert ("10-14 11:00", "张晓明", "已预约") in blocks(page)

    before = page.calendar.block_rect(first)
    target = page.calendar.slot_point(at(14, 20))
    drag(page.calendar, before.center(), QPointF(before.center().x(), target.y()))
    assert appointment_views.get_appointment(c.db, c.actor, first, now=FIXED_NOW).start == at(11)
    assert page.calendar.block_rect(first) == before, "the block snaps back"
    assert "王老师 在 10月14日 14:00–14:50 已有预约" in page.message.text()
    assert page.message.objectName() == "ErrorLabel"


def test_filter_by_room(page: AppointmentsPage, sessions: dict[Role, Session], setup: Scheduling) -> None:
    c = sessions[Role.COUNSELOR]
    book(c, setup, at(10))
    book(
        c,
        setup,
        at(10),
        counselor_id=setup.lead,
        student_ids=[4, 5],
        room_id=setup.group_room,
        type=AppointmentType.GROUP,
    )
    page.load_week()
    assert [b[1] for b in blocks(page)] == ["张晓明"]
    page.select_filter("room", setup.group_room)
    assert page.filter.currentText() == "辅导室：团体活动室"
    assert blocks(page) == [("10-14 10:00", "刘浩然、陈思琪", "已预约")]
    page.filter.setCurrentIndex(0)
    assert len(page.calendar.blocks) == 2
    page.next_button.click()
    assert page.calendar.blocks == [] and page.week_label.text().startswith("2025年10月20日")
    page.this_week_button.click()
    assert len(page.calendar.blocks) == 2


def test_mark_attendance_and_register_a_walk_in(
    qtbot: QtBot, page: AppointmentsPage, sessions: dict[Role, Session], setup: Scheduling
) -> None:
    c = sessions[Role.COUNSELOR]
    book(c, setup, at(8, day=FIXED_NOW), student_ids=[4])  # this morning, already begun
    page.load_week()
    (block,) = page.calendar.blocks
    assert block.item.awaiting_attendance and block.item.status is AppointmentStatus.BOOKED
    page.flows.open_details(block.item.id)
    assert page.flows.details is not None
    page.flows.details.action_buttons["已到"].click()
    assert blocks(page) == [("10-13 08:00", "陈思琪", "已到")]

    page.walk_in_button.click()
    dialog = page.flows.dialog
    assert dialog is not None and dialog.mode == "walk_in" and dialog.day.isHidden()
    choose(qtbot, dialog, "zxy")
    dialog.buttons.accepted.emit()
    assert ("10-13 09:30", "赵欣怡", "已到") in blocks(page)


def test_waitlist_schedules_through_the_booking_dialog(
    qtbot: QtBot, page: AppointmentsPage, sessions: dict[Role, Session]
) -> None:
    c = sessions[Role.COUNSELOR]
    waitlist.add_to_waitlist(c.db, c.actor, student_id=3, preferred_times="周二上午", now=FIXED_NOW)
    page.waitlist_button.click()
    listing = page.flows.waitlist
    assert listing is not None and listing.model.rowCount() == 1

    def fill(dialog: BookingDialog) -> None:
        assert dialog.student_ids() == [3] and dialog.search.isHidden()
        dialog.set_start(at(9))
        dialog.buttons.accepted.emit()

    answer_dialog(BookingDialog, fill)
    listing.schedule_button.click()
    assert listing.model.rowCount() == 0 and listing.empty.isVisible()
    assert blocks(page) == [("10-14 09:00", "王子轩", "已预约")]


def test_export_ics_has_no_student_names(
    page: AppointmentsPage, sessions: dict[Role, Session], setup: Scheduling, tmp_path: Path
) -> None:
    book(sessions[Role.COUNSELOR], setup, at(10))
    target = tmp_path / "王老师.ics"
    assert page.flows.export_to(
        target, counselor_id=setup.counselor, start=FIXED_NOW.date(), end=FIXED_NOW.date() + timedelta(days=6)
    )
    data = target.read_bytes()
    assert len(list(icalendar.Calendar.from_ical(data).walk("VEVENT"))) == 1
    assert "张晓明" not in data.decode("utf-8") and "不含学生姓名" in page.message.text()


def test_lock_clears_the_calendar(page: AppointmentsPage, sessions: dict[Role, Session], setup: Scheduling) -> None:
    book(sessions[Role.COUNSELOR], setup, at(10))
    page.load_week()
    page.clear_for_lock()
    assert page.calendar.blocks == [] and page.calendar.items == ()


def test_only_counselors_and_the_lead_get_the_page(sessions: dict[Role, Session]) -> None:
    visible = {role for role, s in sessions.items() if AppointmentsPage.visible_to(s.actor)}
    assert visible == {Role.COUNSELOR, Role.LEAD}
