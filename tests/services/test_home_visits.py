"""家访 through the services: a visit covering siblings, many at once in one transaction with a bad
row named and nothing saved, the checks on visitor, mode and texts, deletion rights (the recorder or
the lead), siblings found by the primary guardian's phone digits, and audit rows with ids only."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from counselroom.domain.activities.home_visits import VisitMode
from counselroom.domain.errors import AccessDenied, NotFound, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts import care_access
from counselroom.services.accounts.session import Session
from counselroom.services.activities import home_visits
from counselroom.services.activities.home_visits import HomeVisit
from counselroom.services.registry import build_registry
from counselroom.services.students import timeline
from counselroom.store.students import enrolment
from tests.conftest import FIXED_NOW, PASSWORD, SchoolFixture
from tests.full_access import both_stores
from tests.services.activity_care_data import LONG_AGO, TODAY, care_school, counselors_visit, visit_input
from tests.services.matrix_care_access import colleague_with_own_password


def _all(s: Session, class_id: int | None = None) -> list[HomeVisit]:
    return home_visits.list_home_visits(s.db, s.actor, start=LONG_AGO, end=TODAY, class_id=class_id, now=FIXED_NOW)


def _audit_text(s: Session) -> str:
    rows = s.db.conn.execute("SELECT object_type, object_id, reason, detail FROM audit_log").fetchall()
    return " ".join(" ".join(str(v) for v in r) for r in rows)


def test_one_visit_covers_siblings_in_two_classes(sessions: dict[Role, Session]) -> None:
    ids = care_school(sessions)
    c = sessions[Role.COUNSELOR]
    changes = home_visits.record_home_visits(c.db, c.actor, [visit_input(sessions, companions="李主任")], now=FIXED_NOW)
    assert changes.summary == "已记录 1 次家访"
    [visit] = _all(c)
    assert (visit.mode, visit.visitor, visit.met_with, visit.companions) == (
        VisitMode.IN_PERSON,
        "周老师",
        "母亲",
        "李主任",
    )
    assert [(s.name, s.class_name) for s in visit.students] == [("陈思琪", "初二(1)班"), ("张晓明", "初一(1)班")]
    assert visit.summary.startswith("家中学习环境") and visit.recorded_by == "王老师" and not visit.follow_up
    assert _all(c, ids["class"]) == [visit] == _all(sessions[Role.LEAD])
    third_grade = c.db.conn.execute("SELECT id FROM classes WHERE name = '初三(1)班'").fetchone()[0]
    assert _all(c, third_grade) == []


def test_many_visits_are_one_transaction_and_a_bad_row_saves_nothing(sessions: dict[Role, Session]) -> None:
    care_school(sessions)
    c = sessions[Role.COUNSELOR]
    rows = [visit_input(sessions, student_ids=(s,), mode=VisitMode.PHONE) for s in (2, 3, 5, 6)]
    bad = [*rows[:2], replace(rows[2], visitor_id=999), rows[3]]
    with pytest.raises(ValidationError, match="在职教职工") as raised:
        home_visits.record_home_visits(c.db, c.actor, bad, now=FIXED_NOW)
    assert raised.value.row == 3 and str(raised.value).startswith("第 3 行")
    assert _all(c) == []
    home_visits.record_home_visits(c.db, c.actor, rows, now=FIXED_NOW)
    assert sorted(s.id for v in _all(c) for s in v.students) == [2, 3, 5, 6]
    assert tuple(c.db.conn.execute("SELECT count(DISTINCT batch), count(*) FROM home_visits").fetchone()) == (1, 4)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"held_on": TODAY + timedelta(days=1)}, "不能晚于今天"),
        ({"student_ids": ()}, "请选择学生"),
        ({"student_ids": (1, 998)}, "在籍名单"),
        ({"mode": "上门"}, "家访方式"),
        ({"summary": "很" * 2001}, "2000 字以内"),
        ({"met_with": "很" * 31}, "30 字以内"),
    ],
)
def test_each_rule_names_its_row(sessions: dict[Role, Session], changes: dict[str, object], words: str) -> None:
    c = sessions[Role.COUNSELOR]
    with pytest.raises(ValidationError, match=words) as raised:
        home_visits.record_home_visits(
            c.db, c.actor, [visit_input(sessions), visit_input(sessions, **changes)], now=FIXED_NOW
        )
    assert raised.value.row == 2 and _all(c) == []


def test_the_recorder_or_the_lead_deletes_a_visit(school: SchoolFixture, sessions: dict[Role, Session]) -> None:
    first, second = counselors_visit(sessions), counselors_visit(sessions)
    lead = sessions[Role.LEAD]
    other_id = colleague_with_own_password(sessions, school.keys)
    care_access.confirm_care_access(lead.db, lead.actor, user_id=other_id, now=FIXED_NOW)  # type: ignore[arg-type]
    name = lead.db.conn.execute("SELECT username FROM users WHERE id = ?", (other_id,)).fetchone()[0]
    other = school.sign_in(name, PASSWORD + "-own")
    try:
        with pytest.raises(AccessDenied, match="记录人或心理中心负责人"):
            home_visits.delete_home_visit(other.db, other.actor, first, now=FIXED_NOW)
    finally:
        other.db.close()
    c = sessions[Role.COUNSELOR]
    home_visits.delete_home_visit(c.db, c.actor, first, now=FIXED_NOW)
    home_visits.delete_home_visit(lead.db, lead.actor, second, now=FIXED_NOW)
    assert _all(c) == []
    with pytest.raises(NotFound):
        home_visits.delete_home_visit(lead.db, lead.actor, second, now=FIXED_NOW)
    assert c.db.conn.execute("SELECT count(*) FROM home_visit_students").fetchone()[0] == 0


def test_siblings_share_the_primary_guardians_phone_digits(sessions: dict[Role, Session]) -> None:
    care_school(sessions)
    c = sessions[Role.COUNSELOR]
    assert [(s.id, s.name, s.class_name) for s in home_visits.siblings(c.db, c.actor, 1, now=FIXED_NOW)] == [
        (4, "陈思琪", "初二(1)班")
    ]
    assert [s.id for s in home_visits.siblings(c.db, c.actor, 4, now=FIXED_NOW)] == [1]
    assert home_visits.siblings(c.db, c.actor, 2, now=FIXED_NOW) == []
    assert home_visits.siblings(c.db, c.actor, 3, now=FIXED_NOW) == []  # no phone: a family alone
    with both_stores(sessions[Role.ADMIN]) as db, db.transaction() as conn:
        enrolment.insert_guardians(conn, [(6, "王父", "父亲", "", 1)])  # another without a phone
        conn.execute("UPDATE students SET status = '毕业' WHERE id = 4")
    assert home_visits.siblings(c.db, c.actor, 3, now=FIXED_NOW) == []
    assert home_visits.siblings(c.db, c.actor, 1, now=FIXED_NOW) == []  # her sister has left the school
    with pytest.raises(NotFound):
        home_visits.siblings(c.db, c.actor, 999, now=FIXED_NOW)


def test_school_store_audit_rows_name_no_student_and_no_text(sessions: dict[Role, Session]) -> None:
    c = sessions[Role.COUNSELOR]
    home_visits.record_home_visits(c.db, c.actor, [visit_input(sessions, follow_up=True)], now=FIXED_NOW)
    home_visits.delete_home_visit(c.db, c.actor, counselors_visit(sessions), now=FIXED_NOW)
    rows = c.db.conn.execute(
        "SELECT action, object_id, detail FROM audit_log WHERE object_type = 'home_visit' ORDER BY seq"
    ).fetchall()
    visit_ids = [str(v.id) for v in _all(c)]
    assert [tuple(r) for r in rows][:1] == [("activity_changed", visit_ids[0], "记录")]
    assert [r[2] for r in rows] == ["记录", "记录", "删除"]
    for word in ("家中学习环境", "母亲", "张晓明", "陈思琪"):
        assert word not in _audit_text(c)


def test_a_visit_reaches_each_students_timeline_without_its_account(sessions: dict[Role, Session]) -> None:
    c = sessions[Role.COUNSELOR]
    home_visits.record_home_visits(c.db, c.actor, [visit_input(sessions)], now=FIXED_NOW)
    sources = build_registry().timeline_sources
    for student_id in (1, 4):
        found = timeline.student_timeline(c.db, c.actor, student_id, sources=sources, now=FIXED_NOW)
        assert [(e.kind, e.text) for e in found] == [("家访", "家访（实地，周老师）")]
