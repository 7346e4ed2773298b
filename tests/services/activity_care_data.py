"""Talks and home visits for the small school (tests/school_data.py): 心理委员 张晓明 and 李雨涵 in
初一(1)班; 张晓明 (1) and 陈思琪 (4, 初二) are siblings — one mother, her phone written two ways;
and one talk or visit entered by the counselor, for the tests and the role matrix."""

from __future__ import annotations

from datetime import date, timedelta

from counselroom.domain.activities.home_visits import VisitMode
from counselroom.domain.activities.talks import TalkCategory
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.activities import home_visits, talks
from counselroom.services.activities.home_visits import VisitInput
from counselroom.services.activities.talks import TalkInput
from counselroom.services.care import peer_reports
from counselroom.store.students import enrolment
from tests.conftest import FIXED_NOW
from tests.full_access import both_stores
from tests.services.matrix_care import school

TODAY = FIXED_NOW.date()
LONG_AGO = date(2020, 1, 1)
GUARDIANS = (
    (1, "张母", "母亲", "138-0000-1111", 1),
    (4, "张母", "母亲", "13800001111", 1),  # the same mother: 张晓明's sister 陈思琪 (one family)
    (4, "陈父", "父亲", "139 2222 3333", 0),
    (2, "李母", "母亲", "13700002222", 1),
    (3, "王父", "父亲", "", 1),  # no phone: a family alone
    (5, "刘母", "母亲", "010-6666-7777", 1),
)


def care_school(all_: dict[Role, Session]) -> dict[str, int]:
    """The small school with guardians and 初一(1)班's 心理委员; ids by name."""
    ids = school(all_)  # the admin's session first: a locked one refuses here (the role matrix)
    admin = all_[Role.ADMIN]
    if not admin.db.conn.execute("SELECT count(*) FROM guardians").fetchone()[0]:
        with both_stores(admin) as db, db.transaction() as conn:
            enrolment.insert_guardians(conn, GUARDIANS)
        c = all_[Role.COUNSELOR]
        peer_reports.set_peer_monitors(c.db, c.actor, ids["class"], [1, 2], now=FIXED_NOW)
    staff = dict(admin.db.conn.execute("SELECT name, id FROM staff").fetchall())
    return {"class": ids["class"], "head_teacher": staff["周老师"], "teacher": staff["孙老师"], "student": 1}


def talk_input(all_: dict[Role, Session], **changes: object) -> TalkInput:
    ids = care_school(all_)
    fields: dict[str, object] = {
        "category": TalkCategory.HEAD_TEACHER,
        "held_on": TODAY - timedelta(days=3),
        "student_ids": (2,),
        "talker_staff_id": ids["head_teacher"],
        "topic": "学习压力",
    }
    return TalkInput(**{**fields, **changes})  # type: ignore[arg-type]


def visit_input(all_: dict[Role, Session], **changes: object) -> VisitInput:
    ids = care_school(all_)
    fields: dict[str, object] = {
        "student_ids": (1, 4),
        "held_on": TODAY - timedelta(days=5),
        "mode": VisitMode.IN_PERSON,
        "visitor_id": ids["head_teacher"],
        "met_with": "母亲",
        "summary": "家中学习环境安静，母亲关心孩子作息",
    }
    return VisitInput(**{**fields, **changes})  # type: ignore[arg-type]


def counselors_talk(all_: dict[Role, Session]) -> int:
    """A talk entered by the counselor; its id."""
    entry = talk_input(all_)
    c = all_[Role.COUNSELOR]
    talks.record_talks(c.db, c.actor, [entry], now=FIXED_NOW)
    return max(t.id for t in talks.list_talks(c.db, c.actor, start=LONG_AGO, end=TODAY, now=FIXED_NOW))


def counselors_visit(all_: dict[Role, Session]) -> int:
    entry = visit_input(all_)
    c = all_[Role.COUNSELOR]
    home_visits.record_home_visits(c.db, c.actor, [entry], now=FIXED_NOW)
    return max(v.id for v in home_visits.list_home_visits(c.db, c.actor, start=LONG_AGO, end=TODAY, now=FIXED_NOW))
