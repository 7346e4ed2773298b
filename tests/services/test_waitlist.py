"""候补名单: add, list first come first, schedule (booking and closing the entry together), remove."""

from __future__ import annotations

from datetime import timedelta

import pytest

from counselroom.domain.errors import AccessDenied, AlreadyExists, NotFound, ValidationError
from counselroom.domain.roles import Role
from counselroom.domain.scheduling.appointment_rules import AppointmentConflict
from counselroom.domain.scheduling.appointments import AppointmentSource, AppointmentType, Channel
from counselroom.services.accounts.session import Session
from counselroom.services.scheduling import appointment_views, waitlist
from tests.conftest import FIXED_NOW
from tests.services.appointment_data import Scheduling, at, book, set_up_scheduling


@pytest.fixture
def setup(sessions: dict[Role, Session]) -> Scheduling:
    return set_up_scheduling(sessions)


def schedule(s: Session, setup: Scheduling, entry_id: int, hour: int) -> object:
    return waitlist.schedule_from_waitlist(
        s.db,
        s.actor,
        entry_id,
        counselor_id=setup.counselor,
        room_id=setup.room,
        start=at(hour),
        end=at(hour, 50),
        type=AppointmentType.INDIVIDUAL,
        channel=Channel.FACE,
        source=AppointmentSource.SELF,
        now=FIXED_NOW,
    )


def test_waiting_students_are_scheduled_first_come_first(sessions: dict[Role, Session], setup: Scheduling) -> None:
    c = sessions[Role.COUNSELOR]
    waitlist.add_to_waitlist(
        c.db, c.actor, student_id=3, preferred_times="周二午休", reason="学习压力", now=FIXED_NOW - timedelta(days=2)
    )
    waitlist.add_to_waitlist(c.db, c.actor, student_id=1, counselor_id=setup.lead, now=FIXED_NOW)
    with pytest.raises(AlreadyExists, match="王子轩已在候补名单上"):
        waitlist.add_to_waitlist(c.db, c.actor, student_id=3, now=FIXED_NOW)
    entries = waitlist.list_waitlist(c.db, c.actor, now=FIXED_NOW)
    assert [(e.student_name, e.counselor_name, e.waited_days) for e in entries] == [
        ("王子轩", "", 2),
        ("张晓明", "李主任", 0),
    ]

    book(c, setup, at(10), student_ids=[2])
    with pytest.raises(AppointmentConflict):  # the same checks as any booking; the entry stays
        schedule(c, setup, entries[0].id, 10)
    assert len(waitlist.list_waitlist(c.db, c.actor, now=FIXED_NOW)) == 2
    changes = schedule(c, setup, entries[0].id, 14)
    assert "王子轩" in changes.summary  # type: ignore[attr-defined]
    assert [e.student_name for e in waitlist.list_waitlist(c.db, c.actor, now=FIXED_NOW)] == ["张晓明"]
    view = appointment_views.week_view(c.db, c.actor, start=FIXED_NOW.date(), now=FIXED_NOW)
    assert sorted(r.student_names for r in view.rows) == ["李雨涵", "王子轩"]
    with pytest.raises(NotFound):
        schedule(c, setup, entries[0].id, 15)


def test_removing_needs_a_reason(sessions: dict[Role, Session], setup: Scheduling) -> None:
    c = sessions[Role.COUNSELOR]
    waitlist.add_to_waitlist(c.db, c.actor, student_id=2, now=FIXED_NOW)
    (entry,) = waitlist.list_waitlist(c.db, c.actor, now=FIXED_NOW)
    with pytest.raises(ValidationError, match="移出原因"):
        waitlist.remove_from_waitlist(c.db, c.actor, entry.id, reason="", now=FIXED_NOW)
    waitlist.remove_from_waitlist(c.db, c.actor, entry.id, reason="学生表示暂不需要", now=FIXED_NOW)
    assert waitlist.list_waitlist(c.db, c.actor, now=FIXED_NOW) == []
    waitlist.add_to_waitlist(c.db, c.actor, student_id=2, now=FIXED_NOW)  # may wait again later


def test_the_principal_cannot_read_the_waitlist(sessions: dict[Role, Session], setup: Scheduling) -> None:
    p = sessions[Role.PRINCIPAL]
    with pytest.raises(AccessDenied):
        waitlist.list_waitlist(p.db, p.actor, now=FIXED_NOW)
    with pytest.raises(AccessDenied):
        waitlist.add_to_waitlist(p.db, p.actor, student_id=1, now=FIXED_NOW)
