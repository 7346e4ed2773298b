"""What a new school still has to set up, in order (学年学期 → 辅导室与开放时间 → 教职工 → 名单), so
a page that needs a missing step says which one, who may do it, and links there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.roles import Actor, Permission
from counselroom.domain.school.setup_steps import ORDER, SetupStep
from counselroom.services.guard import authorize
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.school import rooms, school
from counselroom.store.students import enrolment


@dataclass(frozen=True)
class StepState:
    step: SetupStep
    missing: str  # what is missing, e.g. 还没有开放时间; '' once done
    may_do: bool  # the actor may do this step
    who: str  # who may: 管理员, 心理中心负责人或管理员

    @property
    def done(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class SetupChecklist:
    steps: tuple[StepState, ...]  # every step, in order

    def missing(self, *needed: SetupStep) -> tuple[StepState, ...]:
        """The steps of `needed` (every step when none is named) still to do, in order."""
        wanted = needed or ORDER
        return tuple(s for s in self.steps if s.step in wanted and not s.done)

    @property
    def complete(self) -> bool:
        return not self.missing()


def setup_checklist(db: Database, actor: Actor, *, now: datetime) -> SetupChecklist:
    """Every step of the set-up, with what is still missing; any signed-in role may ask."""
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    found = _missing(db.conn, now.date())
    return SetupChecklist(tuple(StepState(step, found[step], actor.can(step.permission), step.who) for step in ORDER))


def _missing(conn: Connection, today: date) -> dict[SetupStep, str]:
    counts = enrolment.counts(conn)
    return {
        SetupStep.TERMS: _terms_missing(conn, today),
        SetupStep.ROOMS: _rooms_missing(conn),
        SetupStep.STAFF: "" if counts.staff else "还没有教职工",
        SetupStep.ENROLMENT: "" if counts.students else "还没有学生名单",
    }


def _terms_missing(conn: Connection, today: date) -> str:
    terms = school.all_terms(conn)
    if not terms:
        return "还没有学年学期"
    return "" if any(t.end_date >= today for t in terms) else "已有的学期都已结束，还没有新学年"


def _rooms_missing(conn: Connection) -> str:
    lacking = [
        name
        for name, present in (("辅导室", rooms.all_rooms(conn)), ("开放时间", rooms.opening_hours(conn)))
        if not present
    ]
    return f"还没有{'和'.join(lacking)}" if lacking else ""
