"""The 活动记录表 (S000 附件 1-1) as the counselor and the principal make it: six rows in S000's order
whose numbers equal counts made here from the talk records themselves; the principal's (from the
school store's kept counts, no care key) equal the counselor's for a whole month or term, and any
other range is refused with the reason; 填报单位, 报送联系人 and 电话 filled in."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from counselroom.domain.activities.talks import TalkCategory
from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Role
from counselroom.domain.school.hotlines import Hotline
from counselroom.domain.school.terms import TermDates
from counselroom.services.accounts.session import Session
from counselroom.services.activities import talks
from counselroom.services.reports.activity_table import WHOLE_PERIODS_ONLY, activity_table
from counselroom.services.school import hotlines, school_calendar
from tests.conftest import FIXED_NOW
from tests.services.activity_care_data import LONG_AGO, TODAY, care_school, talk_input

OCTOBER = (date(2025, 10, 1), date(2025, 10, 31))
TERM = (date(2025, 9, 1), date(2026, 1, 20))


@pytest.fixture
def recorded(sessions: dict[Role, Session]) -> dict[Role, Session]:
    """A term, and talks of four categories in September and October (some students twice)."""
    ids = care_school(sessions)
    admin = sessions[Role.ADMIN]
    first, second = TermDates(1, *TERM), TermDates(2, date(2026, 2, 20), date(2026, 7, 10))
    school_calendar.add_school_year(admin.db, admin.actor, start_year=2025, first=first, second=second, now=FIXED_NOW)
    day = TODAY - timedelta(days=2)  # 2025-10-11
    entries = [
        talk_input(sessions, held_on=day, student_ids=(1, 2)),
        talk_input(sessions, held_on=day, student_ids=(2,)),  # the same 班主任, the same student again
        talk_input(sessions, category=TalkCategory.TEACHER, talker_staff_id=ids["teacher"], held_on=day),
        talk_input(
            sessions,
            category=TalkCategory.GUARDIAN,
            talker_staff_id=None,
            talker_name="张母（母亲）",
            student_ids=(1,),
            held_on=day,
        ),
        talk_input(
            sessions,
            category=TalkCategory.PEER,
            talker_staff_id=None,
            talker_student_id=1,
            student_ids=(3,),
            held_on=date(2025, 9, 20),
        ),
    ]
    c = sessions[Role.COUNSELOR]
    talks.record_talks(c.db, c.actor, entries, now=FIXED_NOW)
    return sessions


def counted_here(s: Session, start: date, end: date) -> dict[str, tuple[int, int, int]]:
    """参与人数 (distinct talkers), 谈话次数, 谈心学生数量 per category, from the records."""
    found: dict[str, tuple[set[str], int, set[int]]] = {}
    for talk in talks.list_talks(s.db, s.actor, start=start, end=end, now=FIXED_NOW):
        talkers, count, students = found.get(talk.category.value, (set(), 0, set()))
        found[talk.category.value] = (talkers | {talk.talker}, count + 1, students | {x.id for x in talk.students})
    return {k: (len(a), n, len(b)) for k, (a, n, b) in found.items()}


def numbers(table: object) -> dict[str, tuple[int, int, int]]:
    return {r.category: (r.participants, r.talks, r.students) for r in table.rows if r.talks}  # type: ignore[attr-defined]


def test_the_counselors_table_equals_the_records(recorded: dict[Role, Session]) -> None:
    c = recorded[Role.COUNSELOR]
    table = activity_table(c.db, c.actor, start=OCTOBER[0], end=OCTOBER[1], now=FIXED_NOW)
    assert [r.category for r in table.rows] == [t.value for t in TalkCategory]
    assert [r.number for r in table.rows] == [1, 2, 3, 4, 5, 6]
    assert numbers(table) == counted_here(c, *OCTOBER)
    assert numbers(table)["班主任/辅导员全面谈"] == (1, 2, 2)
    any_days = activity_table(c.db, c.actor, start=date(2025, 9, 15), end=date(2025, 10, 11), now=FIXED_NOW)
    assert numbers(any_days) == counted_here(c, date(2025, 9, 15), date(2025, 10, 11))
    assert "朋辈之间相互谈" in numbers(any_days)


def test_the_principals_table_equals_the_counselors_for_a_month_or_a_term(recorded: dict[Role, Session]) -> None:
    c, p = recorded[Role.COUNSELOR], recorded[Role.PRINCIPAL]
    for start, end in (OCTOBER, TERM):
        mine = activity_table(c.db, c.actor, start=start, end=end, now=FIXED_NOW)
        theirs = activity_table(p.db, p.actor, start=start, end=end, now=FIXED_NOW)
        assert theirs.rows == mine.rows and numbers(theirs) == counted_here(c, start, end)
    with pytest.raises(ValidationError, match=WHOLE_PERIODS_ONLY):
        activity_table(p.db, p.actor, start=date(2025, 10, 2), end=date(2025, 10, 31), now=FIXED_NOW)
    with pytest.raises(ValidationError, match="早于"):
        activity_table(c.db, c.actor, start=OCTOBER[1], end=OCTOBER[0], now=FIXED_NOW)


def test_the_form_is_filled_in(recorded: dict[Role, Session]) -> None:
    lead = recorded[Role.LEAD]
    hotlines.set_local_hotlines(lead.db, lead.actor, [Hotline("0790-1234567", "心理辅导室电话")], now=FIXED_NOW)
    table = activity_table(lead.db, lead.actor, start=LONG_AGO, end=TODAY, now=FIXED_NOW)
    names = dict(lead.db.conn.execute("SELECT role, display_name FROM users").fetchall())
    assert table.school and table.contact == names["lead"] and table.phone == "0790-1234567"
    assert "学生家长倾心谈为参与谈话的学生家长人数" in table.notes[1]
    given = activity_table(lead.db, lead.actor, start=LONG_AGO, end=TODAY, now=FIXED_NOW, contact="王老师", phone="123")
    assert (given.contact, given.phone) == ("王老师", "123")
