"""今日: today's appointments, who is on duty, and the 待办 list, each as the viewer may see it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from counselroom.domain.care.warnings import WarningLevel, WarningSource
from counselroom.domain.roles import Role
from counselroom.domain.scheduling.appointments import AppointmentSource, AppointmentType, Channel
from counselroom.domain.school.school_days import Period
from counselroom.domain.school.terms import default_terms
from counselroom.services import today
from counselroom.services.accounts.session import Session
from counselroom.services.care import warning_list
from counselroom.services.registry import build_registry
from counselroom.services.scheduling import appointments
from counselroom.services.school import room_setup, school_calendar
from counselroom.store.care import warnings as warning_store
from tests.conftest import FIXED_NOW
from tests.school_data import add_small_school

TODOS = build_registry().todo_sources

MONDAY = FIXED_NOW.date()  # 2025-10-13


@pytest.fixture
def room(sessions: dict[Role, Session]) -> dict[Role, Session]:
    add_small_school(sessions[Role.ADMIN])
    lead, admin = sessions[Role.LEAD], sessions[Role.ADMIN]
    first, second = default_terms(2025)
    school_calendar.add_school_year(admin.db, admin.actor, start_year=2025, first=first, second=second, now=FIXED_NOW)
    room_setup.set_opening_hours(
        lead.db, lead.actor, [Period(d, time(8, 0), time(17, 30)) for d in range(5)], now=FIXED_NOW
    )
    room_setup.save_room(lead.db, lead.actor, name="个别辅导室一", kind="个别辅导室", capacity=2, now=FIXED_NOW)
    return sessions


def _book(s: Session, student: int, start: datetime) -> None:
    room = room_setup.list_rooms(s.db, s.actor, now=FIXED_NOW)[0]
    appointments.book_appointment(
        s.db,
        s.actor,
        student_ids=[student],
        counselor_id=s.actor.user_id,
        room_id=room.id,
        start=start,
        end=start + timedelta(minutes=50),
        type=AppointmentType.INDIVIDUAL,
        channel=Channel.FACE,
        source=AppointmentSource.SELF,
        note="",
        now=FIXED_NOW - timedelta(days=3),
    )


def test_board_lists_my_appointments_and_the_todo_items(room: dict[Role, Session]) -> None:
    c = room[Role.COUNSELOR]
    _book(c, 1, datetime.combine(MONDAY, time(8, 30)))  # begun, not marked
    _book(c, 2, datetime.combine(MONDAY, time(15, 0)))
    warning_list.add_to_warning_list(
        c.db,
        c.actor,
        3,
        level=WarningLevel.ORANGE,
        reason="班主任反映情绪低落",
        source=WarningSource.HEAD_TEACHER,
        now=FIXED_NOW - timedelta(days=20),
        review_on=date(2025, 10, 10),
    )
    with c.db.transaction() as conn:
        warning_store.insert_proposal(
            conn, student_id=4, level=WarningLevel.YELLOW, reason="PHQ-9 12 分", now=FIXED_NOW
        )
    board = today.today_board(c.db, c.actor, sources=TODOS, now=FIXED_NOW)
    assert [a.start.time() for a in board.appointments] == [time(8, 30), time(15, 0)]
    kinds = [t.kind for t in board.todos]
    assert kinds[0] == "复评" and board.todos[0].overdue and "复评已逾期" in board.todos[0].text
    assert "预警建议" in kinds and "出勤" in kinds
    attendance = next(t for t in board.todos if t.kind == "出勤")
    assert "张晓明" in attendance.text and attendance.page == "预约"


def test_principal_board_has_no_names(room: dict[Role, Session]) -> None:
    c, p = room[Role.COUNSELOR], room[Role.PRINCIPAL]
    _book(c, 1, datetime.combine(MONDAY, time(8, 30)))
    warning_list.add_to_warning_list(
        c.db,
        c.actor,
        3,
        level=WarningLevel.RED,
        reason="谈话中流露轻生念头",
        source=WarningSource.TALK,
        now=FIXED_NOW - timedelta(days=20),
        review_on=date(2025, 10, 10),
    )
    board = today.today_board(p.db, p.actor, sources=TODOS, now=FIXED_NOW)
    assert board.appointments == () and board.todos == ()
    assert "张晓明" not in repr(board) and "王子轩" not in repr(board)


def test_each_todo_names_the_record_it_is_about(room: dict[Role, Session]) -> None:
    """Issue 8, item 19: activating a 待办 opens that appointment, student or duty slot."""
    c = room[Role.COUNSELOR]
    _book(c, 1, datetime.combine(MONDAY, time(8, 30)))
    warning_list.add_to_warning_list(
        c.db,
        c.actor,
        3,
        level=WarningLevel.ORANGE,
        reason="班主任反映情绪低落",
        source=WarningSource.HEAD_TEACHER,
        now=FIXED_NOW - timedelta(days=20),
        review_on=date(2025, 10, 10),
    )
    board = today.today_board(c.db, c.actor, sources=TODOS, now=FIXED_NOW)
    targets = {t.kind: t.target for t in board.todos}
    assert targets["复评"] == today.TodoTarget(today.TargetKind.STUDENT, 3, tab="预警与关爱")
    appointment = targets["出勤"]
    assert appointment is not None and appointment.kind is today.TargetKind.APPOINTMENT
    assert appointment.id == board.appointments[0].id and appointment.day == MONDAY


def test_a_missing_duty_log_points_at_its_slot(sessions: dict[Role, Session]) -> None:
    from tests.services.duty_data import add_duty_school, publish_first_term

    add_duty_school(sessions[Role.ADMIN])
    lead = sessions[Role.LEAD]
    publish_first_term(lead)
    evening = datetime(2026, 10, 14, 19, 0)
    (todo, *_rest) = today.duty_log_todos(lead.db, lead.actor, evening)
    assert todo.target is not None and todo.target.kind is today.TargetKind.DUTY_SLOT
    assert todo.target.day is not None and todo.target.day <= evening.date() and todo.target.id > 0
    assert today.TodoItem("提醒", "考试季", "预警").target is None, "a source without a record still works"
