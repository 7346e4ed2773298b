"""The school's crisis plan (一校一案 预案) in settings: the lead edits, counselors read."""

from __future__ import annotations

import pytest

from counselroom.domain.crisis.crisis_plan import DEFAULT_STEPS, Contact, PlanStep, TeamMember
from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.crisis import crisis_plan
from tests.conftest import FIXED_NOW

TEAM = [TeamMember("张校长", "组长（校长）"), TeamMember("李主任", "副组长（心理中心负责人）", "13800000000")]
CONTACTS = [Contact("市第三医院 绿色通道", "0791-88888888", "定点医院")]


def test_the_default_plan_and_its_checklist(sessions: dict[Role, Session]) -> None:
    c = sessions[Role.COUNSELOR]
    plan = crisis_plan.get_crisis_plan(c.db, c.actor, now=FIXED_NOW)
    assert plan.steps == DEFAULT_STEPS and plan.team == () and plan.updated_at == ""
    assert [done for _line, done in plan.checklist] == [True, False, False, False]


def test_the_lead_saves_it_and_a_counselor_reads_it(sessions: dict[Role, Session]) -> None:
    lead, c = sessions[Role.LEAD], sessions[Role.COUNSELOR]
    steps = [PlanStep("发现与报告", "立即报告"), PlanStep("事后安抚疏导")]
    crisis_plan.save_crisis_plan(lead.db, lead.actor, team=TEAM, steps=steps, contacts=CONTACTS, now=FIXED_NOW)
    plan = crisis_plan.get_crisis_plan(c.db, c.actor, now=FIXED_NOW)
    assert plan.team == tuple(TEAM) and plan.steps == tuple(steps) and plan.contacts == tuple(CONTACTS)
    assert plan.updated_at == "2025-10-13T09:30:00" and all(done for _l, done in plan.checklist)
    assert plan.updated_by == lead.actor.display_name  # the settings tab says who saved it
    with pytest.raises(AccessDenied):
        crisis_plan.save_crisis_plan(c.db, c.actor, team=TEAM, steps=steps, contacts=CONTACTS, now=FIXED_NOW)
    with pytest.raises(ValidationError) as caught:
        crisis_plan.save_crisis_plan(
            lead.db, lead.actor, team=[TeamMember("", "组长")], steps=steps, contacts=[], now=FIXED_NOW
        )
    assert caught.value.field == "小组成员第 1 项姓名"
