"""The school's crisis plan (一校一案 预案) as a checklist in settings: the lead edits it; counselors
and the lead read it. Kept in the school store (staff and contacts, never a student)."""

from __future__ import annotations

from datetime import datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.crisis.crisis_plan import (
    Contact,
    CrisisPlan,
    PlanStep,
    TeamMember,
    check_plan,
    plan_from_json,
    plan_to_json,
)
from counselroom.domain.roles import Actor, Permission
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.store import audit_log
from counselroom.store.database import Database
from counselroom.store.settings import get_setting, set_setting

SETTING = "crisis_plan"


def get_crisis_plan(db: Database, actor: Actor, *, now: datetime) -> CrisisPlan:
    """The plan as saved (the default steps, no team or contacts, until the lead saves one)."""
    authorize(db, actor, Permission.READ_CRISIS_PLAN, now=now)
    return plan_from_json(get_setting(db.conn, SETTING, ""))


def save_crisis_plan(
    db: Database,
    actor: Actor,
    *,
    team: list[TeamMember],
    steps: list[PlanStep],
    contacts: list[Contact],
    now: datetime,
) -> Changes:
    authorize(db, actor, Permission.EDIT_CRISIS_PLAN, now=now, object_type="setting", object_id=SETTING)
    plan = check_plan(team, steps, contacts)
    with db.transaction() as conn:
        saved = plan_to_json(plan, updated_at=now.isoformat(timespec="seconds"), updated_by=actor.display_name)
        set_setting(conn, SETTING, saved)
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.CRISIS_PLAN_SAVED, object_type="setting", object_id=SETTING
        )
    return Changes.of(ChangeKind.SETTINGS, summary="危机干预预案已保存")
