"""`.ics` export: a standard parser reads it, one event per appointment not cancelled, times in
Asia/Shanghai, stable UIDs, no student anywhere in the bytes, and the export is audited."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.domain.scheduling.appointments import AppointmentType, Channel
from counselroom.services.accounts.session import Session
from counselroom.services.scheduling import appointments, ics_export
from tests.conftest import FIXED_NOW
from tests.school_data import STUDENTS
from tests.services.appointment_data import Scheduling, at, book, only_id, set_up_scheduling

MONDAY = FIXED_NOW.date()


@pytest.fixture
def setup(sessions: dict[Role, Session]) -> Scheduling:
    s = set_up_scheduling(sessions)
    c = sessions[Role.COUNSELOR]
    book(c, s, at(10), note="张晓明 带周记本")
    book(c, s, at(14), student_ids=[1, 2, 3], room_id=s.group_room, type=AppointmentType.GROUP, end=at(15, 20))
    book(c, s, at(16), student_ids=[], room_id=None, type=AppointmentType.PARENT, channel=Channel.PHONE)
    book(c, s, at(9) + timedelta(days=1), student_ids=[4])
    appointments.cancel_appointment(c.db, c.actor, only_id(c, at(9) + timedelta(days=1)), reason="考试", now=FIXED_NOW)
    book(c, s, at(10), counselor_id=s.lead, student_ids=[5], room_id=s.group_room)  # someone else's
    return s


def export(s: Session, setup: Scheduling) -> bytes:
    return ics_export.export_ics(
        s.db, s.actor, counselor_id=setup.counselor, start=MONDAY, end=MONDAY + timedelta(days=6), now=FIXED_NOW
    )


def test_parses_with_one_event_per_appointment_and_no_student(sessions: dict[Role, Session], setup: Scheduling) -> None:
    data = export(sessions[Role.COUNSELOR], setup)
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 3, "the cancelled one and the colleague's are left out"
    assert [str(e["SUMMARY"]) for e in events] == ["个别辅导（面谈）", "团体辅导（面谈）", "家长咨询（电话）"]
    assert [str(e["LOCATION"]) for e in events] == ["个别辅导室一", "团体活动室", "电话"]
    start = events[0].decoded("DTSTART")
    assert start.tzinfo == ZoneInfo("Asia/Shanghai") and (start.hour, start.minute) == (10, 0)
    assert events[0]["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert len(list(calendar.walk("VTIMEZONE"))) == 1
    text = data.decode("utf-8")
    for _id, number, name, *_rest in STUDENTS:
        assert name not in text and number not in text
    assert "周记本" not in text, "notes stay in the store"


def test_uids_are_stable_and_the_export_is_audited(sessions: dict[Role, Session], setup: Scheduling) -> None:
    c = sessions[Role.COUNSELOR]
    first, second = export(c, setup), export(c, setup)
    uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(first).walk("VEVENT")]
    assert uids == [str(e["UID"]) for e in icalendar.Calendar.from_ical(second).walk("VEVENT")]
    assert len(set(uids)) == 3
    action, detail = c.db.conn.execute("SELECT action, detail FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert action == "exported" and hashlib.sha256(second).hexdigest() in detail


def test_refusals(sessions: dict[Role, Session], setup: Scheduling) -> None:
    p, c = sessions[Role.PRINCIPAL], sessions[Role.COUNSELOR]
    with pytest.raises(AccessDenied):
        export(p, setup)
    with pytest.raises(ValidationError):
        ics_export.export_ics(
            c.db, c.actor, counselor_id=setup.counselor, start=MONDAY, end=date(2025, 1, 1), now=FIXED_NOW
        )
