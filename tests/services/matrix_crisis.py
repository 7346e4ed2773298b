"""Role-matrix rows for 危机事件, 事后安抚, the crisis plan and 保密例外 (issue #11 items 4–5): each call
made on an incident the counselor is responsible for, so the counselor and the lead are let through
and the principal and admin are refused (per-record rows: test_incidents.test_per_record_access)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from counselroom.domain.crisis.confidentiality import Recipient
from counselroom.domain.crisis.crisis_plan import PlanStep, TeamMember
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.crisis import aftercare, confidentiality, crisis_plan, incident_overview, incidents
from tests.conftest import FIXED_NOW
from tests.services.case_data import user_id
from tests.services.crisis_data import counselors_incident
from tests.services.matrix_care import school

CARE = frozenset({Role.COUNSELOR, Role.LEAD})
LEAD = frozenset({Role.LEAD})
TOMORROW = date(2025, 10, 14)


def _incident(all_: dict[Role, Session], *, notified: bool = False) -> int:
    school(all_)  # first: a locked session refuses here
    incident_id = counselors_incident(all_, school=False)
    if notified:
        c = all_[Role.COUNSELOR]
        incidents.record_event(
            c.db, c.actor, incident_id, kind="通知分管校领导", at=FIXED_NOW, whom="校长", now=FIXED_NOW
        )
    return incident_id


def _submitted(all_: dict[Role, Session]) -> int:
    incident_id = _incident(all_, notified=True)
    c = all_[Role.COUNSELOR]
    incidents.submit_incident(c.db, c.actor, incident_id, summary="已处理", now=FIXED_NOW)
    return incident_id


def _person(all_: dict[Role, Session]) -> int:
    incident_id = _incident(all_)
    c = all_[Role.COUNSELOR]
    return aftercare.add_aftercare_person(
        c.db, c.actor, incident_id, student_id=2, reason="同班", first_due=TOMORROW, now=FIXED_NOW
    )


def _followup(all_: dict[Role, Session]) -> int:
    incident_id = _incident(all_)
    c = all_[Role.COUNSELOR]
    aftercare.add_aftercare_person(
        c.db, c.actor, incident_id, student_id=2, reason="同班", first_due=FIXED_NOW.date(), now=FIXED_NOW
    )
    detail = incidents.get_incident(c.db, c.actor, incident_id, now=FIXED_NOW)
    return detail.aftercare[0].followups[0].id


def _exception(all_: dict[Role, Session]) -> int:
    incident_id = _incident(all_)
    c = all_[Role.COUNSELOR]
    return _record(c, incident_id)


def _record(s: Session, incident_id: int) -> int:
    return confidentiality.record_confidentiality_exception(
        s.db, s.actor, 1, category="生命安全风险", recipients=[Recipient("李某", "母亲")], justification="有自伤计划",
        disclosed="请今晚陪伴孩子", disclosed_at=FIXED_NOW, incident_id=incident_id, now=FIXED_NOW,
    )  # fmt: skip


def _open(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    school(all_)
    return incidents.open_incident(
        s.db, s.actor, kind="他伤", risk_level="中", summary="课间冲突", occurred_at=FIXED_NOW, student_ids=[5],
        now=FIXED_NOW,
    )  # fmt: skip


CRISIS_MATRIX = {
    "incidents.open_incident": (CARE, _open),
    "incidents.my_incidents": (CARE, lambda s, all_, k: incidents.my_incidents(s.db, s.actor, now=FIXED_NOW)),
    "incidents.get_incident": (
        CARE,
        lambda s, all_, k: incidents.get_incident(s.db, s.actor, _incident(all_), now=FIXED_NOW),
    ),
    "incidents.record_event": (
        CARE,
        lambda s, all_, k: incidents.record_event(
            s.db, s.actor, _incident(all_), kind="陪护", at=FIXED_NOW, whom="王老师", now=FIXED_NOW
        ),
    ),
    "incidents.set_risk_level": (
        CARE,
        lambda s, all_, k: incidents.set_risk_level(s.db, s.actor, _incident(all_), "低", reason="平稳", now=FIXED_NOW),
    ),
    "incidents.add_team_member": (
        CARE,
        lambda s, all_, k: incidents.add_team_member(
            s.db, s.actor, _incident(all_), user_id(all_[Role.ADMIN], "lead"), now=FIXED_NOW
        ),
    ),
    "incidents.submit_incident": (
        CARE,
        lambda s, all_, k: incidents.submit_incident(
            s.db, s.actor, _incident(all_, notified=True), summary="已处理", now=FIXED_NOW
        ),
    ),
    "incidents.cosign_incident": (
        LEAD,
        lambda s, all_, k: incidents.cosign_incident(s.db, s.actor, _submitted(all_), now=FIXED_NOW),
    ),
    "incidents.return_incident": (
        LEAD,
        lambda s, all_, k: incidents.return_incident(s.db, s.actor, _submitted(all_), reason="补记", now=FIXED_NOW),
    ),
    "aftercare.add_aftercare_person": (
        CARE,
        lambda s, all_, k: aftercare.add_aftercare_person(
            s.db, s.actor, _incident(all_), student_id=3, reason="好友", now=FIXED_NOW
        ),
    ),
    "aftercare.plan_followup": (
        CARE,
        lambda s, all_, k: aftercare.plan_followup(
            s.db, s.actor, _person(all_), due_on=TOMORROW + timedelta(days=7), now=FIXED_NOW
        ),
    ),
    "aftercare.record_followup": (
        CARE,
        lambda s, all_, k: aftercare.record_followup(
            s.db, s.actor, _followup(all_), done_on=FIXED_NOW.date(), outcome="情绪平稳", now=FIXED_NOW
        ),
    ),
    "aftercare.aftercare_todos": (CARE, lambda s, all_, k: aftercare.aftercare_todos(s.db, s.actor, FIXED_NOW)),
    "aftercare.incident_cosign_todos": (
        LEAD,
        lambda s, all_, k: aftercare.incident_cosign_todos(s.db, s.actor, FIXED_NOW),
    ),
    "incident_overview.incident_overview": (
        frozenset(Role),  # VIEW_AGGREGATES: status, times and counts only
        lambda s, all_, k: incident_overview.incident_overview(s.db, s.actor, now=FIXED_NOW),
    ),
    "crisis_plan.get_crisis_plan": (CARE, lambda s, all_, k: crisis_plan.get_crisis_plan(s.db, s.actor, now=FIXED_NOW)),
    "crisis_plan.save_crisis_plan": (
        LEAD,
        lambda s, all_, k: crisis_plan.save_crisis_plan(
            s.db,
            s.actor,
            team=[TeamMember("张校长", "组长")],
            steps=[PlanStep("发现与报告")],
            contacts=[],
            now=FIXED_NOW,
        ),
    ),
    "confidentiality.record_confidentiality_exception": (
        CARE,
        lambda s, all_, k: _record(s, _incident(all_)),
    ),
    "confidentiality.get_confidentiality_exception": (
        CARE,
        lambda s, all_, k: confidentiality.get_confidentiality_exception(
            s.db, s.actor, _exception(all_), now=FIXED_NOW
        ),
    ),
    "confidentiality.list_exceptions": (
        CARE,
        lambda s, all_, k: confidentiality.list_exceptions(s.db, s.actor, incident_id=_incident(all_), now=FIXED_NOW),
    ),
    "confidentiality.exception_notice": (
        CARE,
        lambda s, all_, k: confidentiality.exception_notice(s.db, s.actor, _exception(all_), now=FIXED_NOW),
    ),
}

# Building blocks called only inside an authorised crisis service.
CRISIS_PRE_AUTH = {
    "incident_access.readable_incident_ids",
    "incident_access.audit_change",
    "incident_access.require_counselor",
    "aftercare.aftercare_views",
}
