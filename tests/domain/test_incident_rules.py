"""危机事件's state machine and access (domain/crisis/incident_rules.py), the crisis plan's checklist
and 保密例外's parts — pure rules, tested without a database."""

from __future__ import annotations

import pytest

from counselroom.domain.crisis.confidentiality import ExceptionCategory, Recipient, check_exception
from counselroom.domain.crisis.crisis_plan import (
    DEFAULT_STEPS,
    Contact,
    CrisisPlan,
    TeamMember,
    check_plan,
    plan_from_json,
    plan_to_json,
)
from counselroom.domain.crisis.incident_rules import (
    IncidentAccess,
    IncidentAction,
    IncidentFacts,
    IncidentStatus,
    allowed_incident_actions,
    closing_problems,
)
from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Actor, Role, UserId
from tests.conftest import FIXED_NOW

AUTHOR, TEAM, OTHER, LEAD, LEAD2 = UserId(1), UserId(2), UserId(3), UserId(4), UserId(5)
ACCESS = IncidentAccess(AUTHOR, frozenset({TEAM}))
READY = IncidentFacts(IncidentStatus.OPEN, AUTHOR, leader_notified=True)
A = IncidentAction


def actor(user_id: UserId, role: Role = Role.COUNSELOR, *, holds_care: bool = True) -> Actor:
    return Actor(user_id, f"u{user_id}", "某老师", role, holds_care)


def allowed(facts: IncidentFacts, who: Actor) -> frozenset[IncidentAction]:
    return allowed_incident_actions(facts, who, ACCESS, FIXED_NOW)


WORK = {A.VIEW, A.RECORD, A.AFTERCARE, A.FOLLOW_UP}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (actor(AUTHOR), WORK | {A.SUBMIT}),
        (actor(TEAM), WORK | {A.SUBMIT}),
        (actor(OTHER), set()),
        (actor(LEAD, Role.LEAD), WORK | {A.SUBMIT}),
        (actor(AUTHOR, holds_care=False), set()),  # not yet confirmed: reads nothing
        (actor(OTHER, Role.PRINCIPAL), set()),
        (actor(OTHER, Role.ADMIN), set()),
    ],
)
def test_while_open(who: Actor, expected: set[IncidentAction]) -> None:
    assert allowed(READY, who) == expected


def test_submitting_waits_for_the_leader_and_the_follow_ups() -> None:
    facts = IncidentFacts(IncidentStatus.OPEN, AUTHOR, open_followups=2)
    assert closing_problems(facts) == ("处置记录中还没有“通知分管校领导”", "还有 2 次事后安抚随访未完成")
    assert A.SUBMIT not in allowed(facts, actor(AUTHOR))
    assert closing_problems(READY) == ()


def test_awaiting_the_co_signature() -> None:
    facts = IncidentFacts(IncidentStatus.AWAITING_COSIGN, AUTHOR, TEAM, leader_notified=True)
    assert allowed(facts, actor(AUTHOR)) == {A.VIEW}
    assert allowed(facts, actor(LEAD, Role.LEAD)) == {A.VIEW, A.COSIGN, A.RETURN}


@pytest.mark.parametrize("own", [AUTHOR, TEAM])
def test_a_lead_never_co_signs_what_they_opened_or_submitted(own: UserId) -> None:
    opened_by, submitted_by = (own, LEAD2) if own == AUTHOR else (LEAD2, own)
    facts = IncidentFacts(IncidentStatus.AWAITING_COSIGN, opened_by, submitted_by, leader_notified=True)
    assert allowed(facts, actor(own, Role.LEAD)) == {A.VIEW, A.RETURN}
    assert A.COSIGN in allowed(facts, actor(LEAD, Role.LEAD))


def test_closed_is_read_only() -> None:
    facts = IncidentFacts(IncidentStatus.CLOSED, AUTHOR, TEAM, leader_notified=True)
    for who in (actor(AUTHOR), actor(LEAD, Role.LEAD)):
        assert allowed(facts, who) == {A.VIEW}


def test_the_crisis_plan_round_trips_and_covers_the_four_haves() -> None:
    plan = CrisisPlan(team=(TeamMember("王老师", "心理教师"),), steps=DEFAULT_STEPS)
    again = plan_from_json(plan_to_json(plan, updated_at="2025-10-13T09:30:00"))
    assert again.team == plan.team and again.steps == DEFAULT_STEPS and again.updated_at == "2025-10-13T09:30:00"
    assert [done for _l, done in again.checklist] == [True, True, True, False]
    assert plan_from_json("not json").steps == DEFAULT_STEPS
    assert plan_from_json(plan_to_json(plan, updated_at="", updated_by="李老师")).updated_by == "李老师"


def test_a_crisis_plan_error_names_its_line_so_the_tab_can_point_at_it() -> None:
    with pytest.raises(ValidationError) as caught:
        check_plan([TeamMember("王老师", "心理教师", "1" * 201)], [], [])
    assert caught.value.field == "小组成员第 1 项电话"
    with pytest.raises(ValidationError) as caught:
        check_plan([], [], [Contact("派出所", "110"), Contact("医院", "120", "备" * 201)])
    assert caught.value.field == "联系方式第 2 项备注"


def test_an_exception_is_one_of_three_with_every_part() -> None:
    kind, people, reason, what = check_exception(
        "法律要求", [Recipient(" 某法院 ", "司法机关")], " 依法调取 ", "到访日期"
    )
    assert (kind, people, reason, what) == (
        ExceptionCategory.LEGAL_DEMAND, (Recipient("某法院", "司法机关"),), "依法调取", "到访日期",
    )  # fmt: skip
    assert {c.value for c in ExceptionCategory} == {"生命安全风险", "虐待/性侵犯", "法律要求"}
    with pytest.raises(ValidationError):
        check_exception("好奇", [Recipient("某", "母亲")], "x", "y")
