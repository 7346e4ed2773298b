"""保密例外 (issue #11 item 5, SECURITY.md 13): its own action with category, recipients and
justification; a notice with only the needed fields; audited with the id and the category word."""

from __future__ import annotations

import dataclasses

import pytest

from counselroom.domain.crisis.confidentiality import Recipient
from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.crisis import confidentiality
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.services.case_data import counselors_case
from tests.services.crisis_data import CANARIES, counselors_incident
from tests.services.test_cases import _second_counselor

MOTHER = Recipient("李某", "母亲")


def _record(s: Session, student_id: int = 1, **links: int) -> int:
    return confidentiality.record_confidentiality_exception(
        s.db, s.actor, student_id, category="生命安全风险", recipients=[MOTHER, Recipient("周老师", "班主任")],
        justification=CANARIES["reason"], disclosed="孩子近期有自伤想法，请今晚陪伴，明早带孩子到心理辅导室",
        disclosed_at=FIXED_NOW, now=FIXED_NOW, **links,
    )  # fmt: skip


def test_the_notice_carries_only_the_needed_fields(sessions: dict[Role, Session]) -> None:
    incident_id = counselors_incident(sessions)
    c = sessions[Role.COUNSELOR]
    exception_id = _record(c, incident_id=incident_id)
    notice = confidentiality.exception_notice(c.db, c.actor, exception_id, now=FIXED_NOW)
    assert [f.name for f in dataclasses.fields(notice)] == [
        "school_name", "notice_no", "student_name", "class_name", "category", "basis", "recipients", "disclosed",
        "disclosed_at", "counselor",
    ]  # fmt: skip
    assert (notice.school_name, notice.student_name, notice.class_name) == ("测试中学", "张晓明", "初一(1)班")
    assert notice.category == "生命安全风险" and "生命安全" in notice.basis
    assert notice.recipients == ("母亲 李某", "班主任 周老师") and notice.counselor == "王老师"
    assert CANARIES["reason"] not in repr(notice)  # the justification stays in the record
    assert not [v for v in CANARIES.values() if v in repr(notice)]  # nor anything of the incident
    view = confidentiality.get_confidentiality_exception(c.db, c.actor, exception_id, now=FIXED_NOW)
    assert view.justification == CANARIES["reason"] and view.incident_id == incident_id


def test_it_is_audited_with_its_id_and_category_word(sessions: dict[Role, Session]) -> None:
    incident_id = counselors_incident(sessions)
    c = sessions[Role.COUNSELOR]
    exception_id = _record(c, incident_id=incident_id)
    confidentiality.exception_notice(c.db, c.actor, exception_id, now=FIXED_NOW)
    rows = c.db.conn.execute(
        "SELECT object_type, object_id, detail, reason FROM audit_log WHERE action = 'confidentiality_exception'"
    ).fetchall()
    assert rows == [
        ("confidentiality_exception", str(exception_id), "生命安全风险", ""),
        ("confidentiality_exception", str(exception_id), "生命安全风险 告知书", ""),
    ]


def test_the_record_never_changes(sessions: dict[Role, Session]) -> None:
    incident_id = counselors_incident(sessions)
    c = sessions[Role.COUNSELOR]
    _record(c, incident_id=incident_id)
    with pytest.raises(Exception, match="不能修改"):
        c.db.conn.execute("UPDATE care.confidentiality_exceptions SET disclosed = 'x'")
    with pytest.raises(Exception, match="不能删除"):
        c.db.conn.execute("DELETE FROM care.confidentiality_exceptions")


def test_only_three_categories_and_every_part_is_required(sessions: dict[Role, Session]) -> None:
    incident_id = counselors_incident(sessions)
    c = sessions[Role.COUNSELOR]
    base = {
        "category": "法律要求", "recipients": [Recipient("某派出所", "公安机关")], "justification": "依法调取",
        "disclosed": "来访日期", "disclosed_at": FIXED_NOW, "incident_id": incident_id,
    }  # fmt: skip
    for change, field in (
        ({"category": "家长想知道"}, "类别"),
        ({"recipients": []}, "告知对象"),
        ({"recipients": [Recipient("某人", "")]}, "告知对象"),
        ({"justification": ""}, "理由"),
        ({"disclosed": " "}, "告知内容"),
        ({"disclosed": "长" * 1001}, "告知内容"),
    ):
        with pytest.raises(ValidationError) as caught:
            confidentiality.record_confidentiality_exception(c.db, c.actor, 1, **{**base, **change}, now=FIXED_NOW)  # type: ignore[arg-type]
        assert caught.value.field == field


def test_who_may_record_one(school: SchoolFixture, sessions: dict[Role, Session]) -> None:
    incident_id = counselors_incident(sessions)
    c, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    with pytest.raises(AccessDenied):
        _record(c)  # no incident or case: only the lead
    _record(lead)
    with pytest.raises(AccessDenied):
        _record(c, student_id=6, incident_id=incident_id)  # not a student of this incident
    other = _second_counselor(school, sessions)
    try:
        with pytest.raises(AccessDenied):
            _record(other, incident_id=incident_id)
        exception_id = _record(c, incident_id=incident_id)
        with pytest.raises(AccessDenied):
            confidentiality.exception_notice(other.db, other.actor, exception_id, now=FIXED_NOW)
    finally:
        other.db.close()


def test_a_refusal_is_audited_against_the_incident_or_case_never_the_student(
    school: SchoolFixture, sessions: dict[Role, Session]
) -> None:
    """A refused 保密例外 must not tie the student to a crisis in the school store's audit."""
    case_id = counselors_case(sessions)
    incident_id = counselors_incident(sessions, school=False)
    c, principal = sessions[Role.COUNSELOR], sessions[Role.PRINCIPAL]
    before = c.db.conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    other = _second_counselor(school, sessions)
    try:
        with pytest.raises(AccessDenied):
            _record(other, incident_id=incident_id)  # not working the incident
        with pytest.raises(AccessDenied):
            _record(other, case_id=case_id)  # not assigned to the case
    finally:
        other.db.close()
    with pytest.raises(AccessDenied):
        _record(c)  # neither: only the lead
    with pytest.raises(AccessDenied):
        _record(principal, incident_id=incident_id)  # the role may not write cases at all
    rows = c.db.conn.execute(
        "SELECT action, object_type, object_id FROM audit_log WHERE seq > ? AND outcome = 'denied' ORDER BY seq",
        (before,),
    ).fetchall()
    assert [tuple(row) for row in rows] == [
        ("access_denied", "incident", str(incident_id)),
        ("access_denied", "case", str(case_id)),
        ("access_denied", "confidentiality_exception", ""),
        ("access_denied", "incident", str(incident_id)),
    ]
    everything = c.db.conn.execute("SELECT object_type FROM audit_log WHERE seq > ?", (before,)).fetchall()
    assert ("student",) not in everything


def test_a_counselor_records_one_on_their_case(sessions: dict[Role, Session]) -> None:
    case_id = counselors_case(sessions)
    c = sessions[Role.COUNSELOR]
    exception_id = _record(c, case_id=case_id)
    assert confidentiality.get_confidentiality_exception(c.db, c.actor, exception_id, now=FIXED_NOW).case_id == case_id
    with pytest.raises(AccessDenied):
        _record(c, student_id=2, case_id=case_id)  # the case is 张晓明's


def test_the_list_shows_only_what_the_reader_may_open(school: SchoolFixture, sessions: dict[Role, Session]) -> None:
    incident_id = counselors_incident(sessions)
    c, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    on_incident = _record(c, incident_id=incident_id)
    lead_only = _record(lead)  # no incident, no case: the lead's own
    listed = confidentiality.list_exceptions(c.db, c.actor, incident_id=incident_id, now=FIXED_NOW)
    assert [(e.id, e.student_name, e.category) for e in listed] == [(on_incident, "张晓明", "生命安全风险")]
    assert CANARIES["reason"] not in repr(listed)  # the justification is read by opening one, audited
    by_student = confidentiality.list_exceptions(c.db, c.actor, student_id=1, now=FIXED_NOW)
    assert [e.id for e in by_student] == [on_incident]  # not the lead's, which the counselor may not read
    assert {e.id for e in confidentiality.list_exceptions(lead.db, lead.actor, student_id=1, now=FIXED_NOW)} == {
        on_incident,
        lead_only,
    }
    other = _second_counselor(school, sessions)
    try:
        assert confidentiality.list_exceptions(other.db, other.actor, incident_id=incident_id, now=FIXED_NOW) == []
    finally:
        other.db.close()
    with pytest.raises(ValidationError):
        confidentiality.list_exceptions(c.db, c.actor, now=FIXED_NOW)
