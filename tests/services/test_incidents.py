"""危机事件 (issue #11 item 4): the time line, after-care with follow-ups on the Today board, and the
state machine 处置中 → 待会签 → 已结案, every refused step refused with a Chinese reason."""

from __future__ import annotations

from datetime import timedelta

import pytest

from counselroom.domain.crisis.incident_rules import IncidentAction
from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.services import today
from counselroom.services.accounts.session import Session
from counselroom.services.crisis import aftercare, incidents
from counselroom.services.registry import build_registry
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.services.case_data import user_id
from tests.services.crisis_data import (
    CANARIES,
    FIRST_DUE,
    counselors_incident,
    finish_followups,
    handled,
    second_lead,
)
from tests.services.test_cases import _second_counselor

TOMORROW = FIXED_NOW + timedelta(days=1)
LATER = FIXED_NOW + timedelta(days=2)


def _board(s: Session, when: object = FIXED_NOW) -> list[today.TodoItem]:
    return list(today.today_board(s.db, s.actor, sources=build_registry().todo_sources, now=when).todos)  # type: ignore[arg-type]


def test_an_incident_keeps_its_time_line_and_after_care(sessions: dict[Role, Session]) -> None:
    incident_id = counselors_incident(sessions)
    people = handled(sessions, incident_id)
    c = sessions[Role.COUNSELOR]
    detail = incidents.get_incident(c.db, c.actor, incident_id, now=FIXED_NOW)
    assert (detail.kind, detail.risk_level, detail.status) == ("自伤", "高", "处置中")
    assert [s.name for s in detail.students] == ["张晓明"]
    assert [(e.kind, e.at[11:], e.whom) for e in detail.events] == [
        ("发现报告", "07:30", ""),
        ("通知班主任", "07:40", "班主任 周老师"),
        ("通知家长", "07:50", CANARIES["whom"]),
        ("通知分管校领导", "07:55", "分管副校长"),
        ("陪护", "08:00", "王老师"),
    ]
    assert [(p.id, p.name, p.where, p.is_student) for p in detail.aftercare] == [
        (people["classmate"], "李雨涵", "初一(1)班", True),
        (people["teacher"], "周老师", "班主任", False),
    ]
    assert all(p.counselor == "王老师" and len(p.followups) == 1 for p in detail.aftercare)
    assert detail.closing_problems == ("还有 2 次事后安抚随访未完成",)
    assert IncidentAction.SUBMIT not in detail.actions
    assert detail.actions == {
        IncidentAction.VIEW,
        IncidentAction.RECORD,
        IncidentAction.AFTERCARE,
        IncidentAction.FOLLOW_UP,
    }


def test_a_notification_names_whom_and_the_time_line_never_changes(sessions: dict[Role, Session]) -> None:
    incident_id = counselors_incident(sessions)
    c = sessions[Role.COUNSELOR]
    with pytest.raises(ValidationError, match="通知了谁"):
        incidents.record_event(c.db, c.actor, incident_id, kind="通知家长", at=FIXED_NOW, now=FIXED_NOW)
    with pytest.raises(ValidationError, match="处置类型"):
        incidents.record_event(c.db, c.actor, incident_id, kind="吃饭", at=FIXED_NOW, now=FIXED_NOW)
    with pytest.raises(ValidationError, match="晚于现在"):
        incidents.record_event(c.db, c.actor, incident_id, kind="陪护", at=TOMORROW, now=FIXED_NOW)
    with pytest.raises(Exception, match="不能修改"):
        c.db.conn.execute("UPDATE care.incident_events SET detail = 'x'")
    with pytest.raises(Exception, match="不能删除"):
        c.db.conn.execute("DELETE FROM care.incident_events")


def test_the_risk_level_changes_with_a_reason_on_the_time_line(sessions: dict[Role, Session]) -> None:
    incident_id = counselors_incident(sessions)
    c = sessions[Role.COUNSELOR]
    incidents.set_risk_level(c.db, c.actor, incident_id, "中", reason="已有家长陪同", now=FIXED_NOW)
    detail = incidents.get_incident(c.db, c.actor, incident_id, now=FIXED_NOW)
    assert detail.risk_level == "中"
    assert detail.events[-1].kind == "风险评估" and detail.events[-1].detail.startswith("风险等级：高 → 中")
    with pytest.raises(ValidationError, match="已是中风险"):
        incidents.set_risk_level(c.db, c.actor, incident_id, "中", reason="再评估", now=FIXED_NOW)


def test_follow_ups_reach_the_counselors_today_board_until_done(
    school: SchoolFixture, sessions: dict[Role, Session]
) -> None:
    incident_id = counselors_incident(sessions)
    handled(sessions, incident_id)
    c, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    assert [t for t in _board(c) if t.kind == "事后安抚"] == []  # due tomorrow: not yet
    due = [t for t in _board(c, TOMORROW) if t.kind == "事后安抚"]
    assert [(t.text, t.overdue, t.page) for t in due] == [
        ("李雨涵（初一(1)班）事后安抚随访今天", False, "转介与随访"),
        ("周老师（班主任）事后安抚随访今天", False, "转介与随访"),
    ]
    late = [t for t in _board(c, LATER) if t.kind == "事后安抚"]
    assert all(t.overdue and "10-14 已逾期" in t.text for t in late) and len(late) == 2
    assert [t for t in _board(lead, LATER) if t.kind == "事后安抚"] == []  # the lead is not their counselor
    finish_followups(c, incident_id, LATER)
    assert [t for t in _board(c, LATER) if t.kind == "事后安抚"] == []


def test_a_follow_up_given_to_a_colleague_is_theirs(school: SchoolFixture, sessions: dict[Role, Session]) -> None:
    incident_id = counselors_incident(sessions)
    c = sessions[Role.COUNSELOR]
    other = _second_counselor(school, sessions)
    try:
        with pytest.raises(AccessDenied):
            incidents.get_incident(other.db, other.actor, incident_id, now=FIXED_NOW)
        aftercare.add_aftercare_person(
            c.db, c.actor, incident_id, student_id=3, reason="同桌", counselor_id=int(other.actor.user_id),
            first_due=FIRST_DUE, now=FIXED_NOW,
        )  # fmt: skip
        todos = [t.text for t in _board(other, TOMORROW) if t.kind == "事后安抚"]
        assert todos == ["王子轩（初一(1)班）事后安抚随访今天"]
        finish_followups(other, incident_id, TOMORROW)  # joined the team: may read and record
    finally:
        other.db.close()


def test_submitting_needs_the_leader_notified_and_every_follow_up_done(sessions: dict[Role, Session]) -> None:
    incident_id = counselors_incident(sessions)
    c = sessions[Role.COUNSELOR]
    with pytest.raises(AccessDenied, match="还不能提交会签：处置记录中还没有“通知分管校领导”"):
        incidents.submit_incident(c.db, c.actor, incident_id, summary="小结", now=FIXED_NOW)
    handled(sessions, incident_id)
    with pytest.raises(AccessDenied, match="还有 2 次事后安抚随访未完成"):
        incidents.submit_incident(c.db, c.actor, incident_id, summary="小结", now=FIXED_NOW)
    finish_followups(c, incident_id, TOMORROW)
    with pytest.raises(ValidationError, match="处置小结"):
        incidents.submit_incident(c.db, c.actor, incident_id, summary=" ", now=TOMORROW)
    incidents.submit_incident(c.db, c.actor, incident_id, summary=CANARIES["closing"], now=TOMORROW)
    detail = incidents.get_incident(c.db, c.actor, incident_id, now=TOMORROW)
    assert (
        detail.status == "待会签" and detail.submitted.startswith("王老师") and detail.actions == {IncidentAction.VIEW}
    )
    with pytest.raises(AccessDenied, match="待会签"):
        incidents.record_event(c.db, c.actor, incident_id, kind="其他处置", at=TOMORROW, detail="补", now=TOMORROW)


def test_the_lead_co_signs_and_the_incident_is_closed(sessions: dict[Role, Session]) -> None:
    incident_id = counselors_incident(sessions)
    handled(sessions, incident_id)
    c, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    finish_followups(c, incident_id, TOMORROW)
    incidents.submit_incident(c.db, c.actor, incident_id, summary=CANARIES["closing"], now=TOMORROW)
    with pytest.raises(AccessDenied):
        incidents.cosign_incident(c.db, c.actor, incident_id, now=TOMORROW)  # a counselor never co-signs
    assert [t.text for t in _board(lead, TOMORROW) if t.kind == "会签"] == ["1 起危机事件待您会签后结案"]
    assert incidents.get_incident(lead.db, lead.actor, incident_id, now=TOMORROW).actions == {
        IncidentAction.VIEW, IncidentAction.COSIGN, IncidentAction.RETURN,
    }  # fmt: skip
    incidents.cosign_incident(lead.db, lead.actor, incident_id, now=LATER)
    detail = incidents.get_incident(lead.db, lead.actor, incident_id, now=LATER)
    assert (
        detail.status == "已结案" and detail.cosigned.startswith("李主任") and detail.actions == {IncidentAction.VIEW}
    )
    with pytest.raises(AccessDenied, match="已结案"):
        incidents.return_incident(lead.db, lead.actor, incident_id, reason="再看看", now=LATER)
    with pytest.raises(AccessDenied, match="已结案"):
        aftercare.add_aftercare_person(lead.db, lead.actor, incident_id, student_id=4, reason="x", now=LATER)


def test_the_lead_sends_it_back_with_a_reason(sessions: dict[Role, Session]) -> None:
    incident_id = counselors_incident(sessions)
    handled(sessions, incident_id)
    c, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    finish_followups(c, incident_id, TOMORROW)
    incidents.submit_incident(c.db, c.actor, incident_id, summary="小结", now=TOMORROW)
    incidents.return_incident(lead.db, lead.actor, incident_id, reason="请补记送医经过", now=TOMORROW)
    detail = incidents.get_incident(c.db, c.actor, incident_id, now=TOMORROW)
    assert (
        detail.status == "处置中"
        and detail.closing_summary == "小结"
        and detail.events[-1].detail == "退回：请补记送医经过"
    )
    assert IncidentAction.SUBMIT in detail.actions


def test_a_lead_never_co_signs_their_own_incident(school: SchoolFixture, sessions: dict[Role, Session]) -> None:
    counselors_incident(sessions)  # the school
    lead = sessions[Role.LEAD]
    own = incidents.open_incident(
        lead.db, lead.actor, kind="他伤", risk_level="中", summary="冲突", occurred_at=FIXED_NOW, student_ids=[5],
        now=FIXED_NOW,
    )  # fmt: skip
    incidents.record_event(lead.db, lead.actor, own, kind="通知分管校领导", at=FIXED_NOW, whom="校长", now=FIXED_NOW)
    incidents.submit_incident(lead.db, lead.actor, own, summary="已处理", now=FIXED_NOW)
    with pytest.raises(AccessDenied, match="另一位心理中心负责人"):
        incidents.cosign_incident(lead.db, lead.actor, own, now=FIXED_NOW)
    assert [t for t in _board(lead) if t.kind == "会签"] == []  # not offered to the author
    other = second_lead(school, sessions)
    try:
        assert [t.text for t in _board(other) if t.kind == "会签"] == ["1 起危机事件待您会签后结案"]
        incidents.cosign_incident(other.db, other.actor, own, now=FIXED_NOW)
        assert incidents.get_incident(other.db, other.actor, own, now=FIXED_NOW).cosigned.startswith("赵主任")
    finally:
        other.db.close()
    with pytest.raises(Exception, match="CHECK"):  # the care store refuses it too
        lead.db.conn.execute("UPDATE care.incidents SET cosigned_by = opened_by WHERE id = ?", (own,))


@pytest.mark.parametrize(
    ("row", "reads", "writes"),
    [
        ("responsible", True, True),
        ("team", True, True),
        ("neither", False, False),
        ("lead", True, True),
        ("principal", False, False),
        ("admin", False, False),
    ],
)
def test_per_record_access(
    school: SchoolFixture, sessions: dict[Role, Session], row: str, reads: bool, writes: bool
) -> None:
    """The role matrix's per-record rows for one incident."""
    incident_id = counselors_incident(sessions)
    c = sessions[Role.COUNSELOR]
    extra: list[Session] = []
    if row in ("team", "neither"):
        extra.append(_second_counselor(school, sessions))
        if row == "team":
            incidents.add_team_member(c.db, c.actor, incident_id, int(extra[0].actor.user_id), now=FIXED_NOW)
    s = {
        "responsible": c, "lead": sessions[Role.LEAD], "principal": sessions[Role.PRINCIPAL],
        "admin": sessions[Role.ADMIN],
    }.get(row) or extra[0]  # fmt: skip
    try:
        listed = (
            [i.id for i in incidents.my_incidents(s.db, s.actor, now=FIXED_NOW)]
            if row not in ("principal", "admin")
            else []
        )
        assert (incident_id in listed) is reads
        if reads:
            assert incidents.get_incident(s.db, s.actor, incident_id, now=FIXED_NOW).summary == CANARIES["summary"]
        else:
            with pytest.raises(AccessDenied):
                incidents.get_incident(s.db, s.actor, incident_id, now=FIXED_NOW)
        call = lambda: incidents.record_event(  # noqa: E731
            s.db, s.actor, incident_id, kind="安抚疏导", at=FIXED_NOW, detail="谈话", now=FIXED_NOW
        )
        if writes:
            call()
        else:
            with pytest.raises(AccessDenied):
                call()
    finally:
        for e in extra:
            e.db.close()


def test_opening_checks_its_input(sessions: dict[Role, Session]) -> None:
    counselors_incident(sessions)
    c = sessions[Role.COUNSELOR]
    base = {"kind": "自伤", "risk_level": "高", "summary": "经过", "occurred_at": FIXED_NOW, "student_ids": [1]}
    for change, message in (
        ({"kind": "打架"}, "类型"),
        ({"risk_level": "极高"}, "风险等级"),
        ({"summary": " "}, "事件经过"),
        ({"student_ids": []}, "当事学生"),
        ({"occurred_at": TOMORROW}, "发生时间"),
    ):
        with pytest.raises(ValidationError) as caught:
            incidents.open_incident(c.db, c.actor, **{**base, **change}, now=FIXED_NOW)  # type: ignore[arg-type]
        assert message in str(caught.value)
    with pytest.raises(ValidationError, match="在用的心理教师"):
        incidents.open_incident(
            c.db,
            c.actor,
            **base,
            responsible_id=user_id(c, "principal"),
            now=FIXED_NOW,  # type: ignore[arg-type]
        )
