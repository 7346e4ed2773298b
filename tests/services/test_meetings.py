"""会议 (issue #12; S003 item 37 每学期不少于 2 次): the bodies S001 names; a bad entry names its row
and saves nothing; the recorder or the lead deletes; the principal reads."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from counselroom.domain.activities.meetings import MeetingBody
from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.activities import meetings
from counselroom.services.activities.meetings import MeetingInput
from tests.conftest import FIXED_NOW
from tests.services.activity_school_data import LAST_WEEK, TERM_START, TODAY, ActivitySchool, add_activity_school

B = MeetingBody


@pytest.fixture
def place(sessions: dict[Role, Session]) -> ActivitySchool:
    return add_activity_school(sessions)


def test_meetings_are_listed_newest_first(sessions: dict[Role, Session], place: ActivitySchool) -> None:
    c, p = sessions[Role.COUNSELOR], sessions[Role.PRINCIPAL]
    entries = [
        MeetingInput(B.LEADING_GROUP, date(2025, 9, 3), "部署本学期心理健康教育工作", attendees=9),
        MeetingInput(B.CRISIS_TEAM, LAST_WEEK, "演练危机干预预案", attendees=6, decisions="每学期演练一次"),
        MeetingInput(B.CARE_MEETING, date(2025, 8, 28), "开学前关爱工作会议"),  # before the term: allowed
    ]
    assert meetings.record_meetings(c.db, c.actor, entries, now=FIXED_NOW).summary == "已记录 3 次会议"
    listed = meetings.list_meetings(p.db, p.actor, start=date(2025, 8, 1), end=TODAY, now=FIXED_NOW)
    assert [(m.body, m.held_on) for m in listed] == [
        (B.CRISIS_TEAM, LAST_WEEK),
        (B.LEADING_GROUP, date(2025, 9, 3)),
        (B.CARE_MEETING, date(2025, 8, 28)),
    ]
    assert (listed[0].attendees, listed[0].decisions) == (6, "每学期演练一次")
    assert len(meetings.list_meetings(p.db, p.actor, start=TERM_START, end=TODAY, now=FIXED_NOW)) == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"topic": " "}, "请填写议题"),
        ({"attendees": -3}, "参会人数"),
        ({"held_on": date(2025, 12, 1)}, "还没有到"),
        ({"body": "校务会"}, "会议类别"),
        ({"decisions": "议" * 1001}, "会议决定"),
    ],
)
def test_a_bad_entry_names_its_row_and_saves_nothing(
    sessions: dict[Role, Session], place: ActivitySchool, change: dict[str, object], message: str
) -> None:
    c = sessions[Role.COUNSELOR]
    good = MeetingInput(B.WORKING_GROUP, LAST_WEEK, "研究个案")
    with pytest.raises(ValidationError, match=message) as raised:
        meetings.record_meetings(c.db, c.actor, [good] * 4 + [replace(good, **change)], now=FIXED_NOW)  # type: ignore[arg-type]
    assert raised.value.row == 5
    assert c.db.conn.execute("SELECT count(*) FROM meetings").fetchone()[0] == 0


def test_the_recorder_or_the_lead_deletes(sessions: dict[Role, Session], place: ActivitySchool) -> None:
    c, lead, p = sessions[Role.COUNSELOR], sessions[Role.LEAD], sessions[Role.PRINCIPAL]
    entry = MeetingInput(B.WORKING_GROUP, LAST_WEEK, "研究个案")
    meetings.record_meetings(lead.db, lead.actor, [entry], now=FIXED_NOW)
    meetings.record_meetings(c.db, c.actor, [entry], now=FIXED_NOW)
    lead_row, mine = sorted(
        m.id for m in meetings.list_meetings(c.db, c.actor, start=LAST_WEEK, end=TODAY, now=FIXED_NOW)
    )
    with pytest.raises(AccessDenied):
        meetings.record_meetings(p.db, p.actor, [entry], now=FIXED_NOW)
    with pytest.raises(AccessDenied, match="只有记录人"):
        meetings.delete_meeting(c.db, c.actor, lead_row, now=FIXED_NOW)
    meetings.delete_meeting(c.db, c.actor, mine, now=FIXED_NOW)
    meetings.delete_meeting(lead.db, lead.actor, lead_row, now=FIXED_NOW)
    assert meetings.list_meetings(p.db, p.actor, start=LAST_WEEK, end=TODAY, now=FIXED_NOW) == []
