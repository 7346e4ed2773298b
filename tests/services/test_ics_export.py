"""`.ics` export: a standard parser reads it, one event per appointment not cancelled, times in
Asia/Shanghai, stable UIDs, no student anywhere in the bytes; the service writes the file and
audits it with the SHA-256 of the bytes written; a refusal writes nothing."""

from __future__ import annotations

import hashlib
import tempfile
from datetime import date, timedelta
from pathlib import Path
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


def export(s: Session, setup: Scheduling, target: Path | None = None) -> bytes:
    target = target or Path(tempfile.mkdtemp()) / "预约.ics"  # the test's own temp folder (see conftest)
    saved = ics_export.save_ics(
        s.db, s.actor, target, counselor_id=setup.counselor, start=MONDAY, end=MONDAY + timedelta(days=6), now=FIXED_NOW
    )
    assert saved.path == target
    return target.read_bytes()


def test_parses_with_one_event_per_appointment_and_no_student(sessions: dict[Role, Session], setup: Scheduling) -> None:
    data = export(sessions[Role.COUNSELOR], setup)
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 3, "the cancelled one and the colleague's are left out"
    assert [str(e["SUMMARY"]) for e in events] == ["预约（面谈）", "预约（面谈）", "预约（电话）"]
    told = [str(e.get(k, "")) for e in events for k in ("SUMMARY", "DESCRIPTION", "CATEGORIES")]
    assert not any(t.value in text for t in AppointmentType for text in told), "the kind stays inside"
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


def test_the_row_names_the_file_and_its_digest(
    sessions: dict[Role, Session], setup: Scheduling, tmp_path: Path
) -> None:
    c = sessions[Role.COUNSELOR]
    folder = tmp_path / "导出"
    folder.mkdir()
    data = export(c, setup, folder / "王老师.ics")
    detail = c.db.conn.execute("SELECT detail FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()[0]
    assert detail.endswith(f"3 项，SHA-256 {hashlib.sha256(data).hexdigest()} → {folder / '王老师.ics'}")
    assert [p.name for p in folder.iterdir()] == ["王老师.ics"], "no temporary file left"


def test_refusals_write_nothing(sessions: dict[Role, Session], setup: Scheduling, tmp_path: Path) -> None:
    p, c = sessions[Role.PRINCIPAL], sessions[Role.COUNSELOR]
    target = tmp_path / "预约.ics"
    with pytest.raises(AccessDenied):
        export(p, setup, target)
    denied = p.db.conn.execute("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()[0]
    assert denied == "access_denied" and not target.exists()
    with pytest.raises(ValidationError):
        ics_export.save_ics(
            c.db, c.actor, target, counselor_id=setup.counselor, start=MONDAY, end=date(2025, 1, 1), now=FIXED_NOW
        )
    assert not target.exists()
