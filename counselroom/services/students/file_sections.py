"""The parts of a student's 一生一档 file as the service hands them out: plain frozen records,
copied from the store's rows so no caller depends on how the database is read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from counselroom.domain.care.warnings import WarningLevel
from counselroom.store.care.care_records import PlanRow
from counselroom.store.care.warnings import WarningRow
from counselroom.store.students.student_records import BackgroundRow, GuardianRow, StatusChangeRow


@dataclass(frozen=True)
class Guardian:
    name: str
    relation: str
    phone: str
    is_primary: bool


@dataclass(frozen=True)
class StatusChange:
    from_status: str
    to_status: str
    on_date: str  # ISO date
    reason: str
    recorded_at: str


@dataclass(frozen=True)
class Background:
    """成长史、生活史与心理支持系统: counselors only."""

    growth_history: str
    life_history: str
    support_system: str
    updated_at: str


@dataclass(frozen=True)
class CarePlan:
    """一人一案: goals and measures."""

    goals: str
    measures: str
    updated_at: str


@dataclass(frozen=True)
class OpenWarning:
    """The student's place on the warning list, while it is open."""

    id: int
    level: WarningLevel
    reason: str
    source: str
    opened_on: date
    review_on: date


def guardian_of(row: GuardianRow) -> Guardian:
    return Guardian(row.name, row.relation, row.phone, row.is_primary)


def status_change_of(row: StatusChangeRow) -> StatusChange:
    return StatusChange(row.from_status, row.to_status, row.on_date, row.reason, row.recorded_at)


def background_of(row: BackgroundRow | None) -> Background | None:
    if row is None:
        return None
    return Background(row.growth_history, row.life_history, row.support_system, row.updated_at)


def care_plan_of(row: PlanRow | None) -> CarePlan | None:
    return CarePlan(row.goals, row.measures, row.updated_at) if row else None


def open_warning_of(row: WarningRow | None) -> OpenWarning | None:
    if row is None:
        return None
    return OpenWarning(row.id, row.level, row.reason, row.source, row.opened_on, row.review_on)
