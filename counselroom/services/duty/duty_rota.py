"""值班表: the duty teachers with their availability and limits, the fair roster of a term —
previewed, then published — and the balance per person.

The other duty services live beside this one (duty_calendar: month grid, who is on duty now,
the door roster; duty_swaps: 调班; duty_log: 值班记录; hotlines) and are re-exported here, so
callers may import everything 值班 from `counselroom.services.duty.duty_rota`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.duty.duty_balance import explain_balance
from counselroom.domain.duty.duty_rota import Assignment, PeriodKey, RotaPlan, plan_rota
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.school.school_days import WEEKDAYS
from counselroom.services.accounts.session import Changes
from counselroom.services.duty.duty_calendar import (  # re-exported: one import for callers
    DoorRota,
    OnDuty,
    door_rota_data,
    on_duty_now,
    rota_for_month,
    rota_for_range,
)
from counselroom.services.duty.duty_log import DutyLogEntry, duty_log, missing_duty_logs, write_duty_log
from counselroom.services.duty.duty_slots import (
    DutyDay,
    DutySlot,
    DutyTerm,
    as_assignment,
    duty_people,
    find_term,
    fixed_assignments,
    open_slots,
    slot_start,
    term_name,
)
from counselroom.services.duty.duty_swaps import (
    SwapLine,
    approve_duty_swap,
    decline_duty_swap,
    duty_swaps_history,
    pending_duty_swaps,
    request_duty_swap,
    swap_duty,
)
from counselroom.services.guard import authorize
from counselroom.services.school.hotlines import list_hotlines, set_local_hotlines
from counselroom.store import audit_log
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.duty import duty_rota as duty
from counselroom.store.school import rooms

__all__ = [
    "BalanceLine",
    "DoorRota",
    "DutyDay",
    "DutyLogEntry",
    "DutySlot",
    "DutyTeacher",
    "OnDuty",
    "PlannedSlot",
    "RotaPreview",
    "SwapLine",
    "UncoveredSlot",
    "approve_duty_swap",
    "balance",
    "decline_duty_swap",
    "door_rota_data",
    "duty_log",
    "duty_swaps_history",
    "list_duty_staff",
    "list_hotlines",
    "missing_duty_logs",
    "on_duty_now",
    "pending_duty_swaps",
    "preview_rota",
    "publish_rota",
    "request_duty_swap",
    "rota_for_month",
    "rota_for_range",
    "set_duty_staff",
    "set_local_hotlines",
    "swap_duty",
    "write_duty_log",
]

MAX_PER_WEEK = 30
MAX_PER_TERM = 500


@dataclass(frozen=True)
class DutyTeacher:
    """A staff member and their duty settings; `available` None: every opening period."""

    staff_id: int
    name: str
    position: str
    on_duty: bool
    available: frozenset[PeriodKey] | None
    max_per_week: int | None
    max_per_term: int | None


@dataclass(frozen=True)
class BalanceLine:
    staff_id: int
    name: str
    slots: int
    minutes: int
    note: str = ""  # in a preview: why the count is what it is (limits, availability)

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


@dataclass(frozen=True)
class PlannedSlot:
    day: date
    start: time
    end: time
    staff_id: int
    staff_name: str


@dataclass(frozen=True)
class UncoveredSlot:
    day: date
    start: time
    end: time
    reason: str  # “2026-10-14 周三 16:30–18:00：没有可值班的老师”


@dataclass(frozen=True)
class RotaPreview:
    term_id: int
    term_label: str
    assignments: tuple[PlannedSlot, ...]  # the slots still to come
    balance: tuple[BalanceLine, ...]  # over the whole term, past slots included
    uncovered: tuple[UncoveredSlot, ...]
    kept: int  # slots already begun, kept as they were


_POSITION_ORDER = {"专职心理教师": 0, "兼职心理教师": 1}


def list_duty_staff(db: Database, actor: Actor, *, now: datetime) -> list[DutyTeacher]:
    """Every active staff member: duty teachers first, then psychology teachers, then the rest."""
    authorize(db, actor, Permission.VIEW_ROSTER, now=now)
    rows = [
        DutyTeacher(r.staff_id, r.name, r.position, r.on_duty, r.available, r.max_per_week, r.max_per_term)
        for r in duty.staff_with_duty(db.conn)
    ]
    return sorted(rows, key=lambda t: (not t.on_duty, _POSITION_ORDER.get(t.position, 2), t.staff_id))


def set_duty_staff(db: Database, actor: Actor, teachers: Sequence[DutyTeacher], *, now: datetime) -> Changes:
    """Save who takes duty, when they can, and their limits (per week, per term)."""
    authorize(db, actor, Permission.MANAGE_ROOM_SETUP, now=now)
    known = {r.staff_id: r for r in duty.staff_with_duty(db.conn)}
    periods = {(p.weekday, p.start) for p in rooms.opening_hours(db.conn)}
    for teacher in teachers:
        _check_teacher(teacher, known, periods)
    with db.transaction() as conn:
        for t in teachers:
            duty.save_duty_staff(
                conn,
                duty.DutyStaffRow(
                    t.staff_id, t.name, t.position, t.on_duty, t.available, t.max_per_week, t.max_per_term
                ),
                now=now,
            )
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.SETTINGS_CHANGED,
            object_type="duty_staff",
            detail=f"{sum(t.on_duty for t in teachers)} 位值班教师",
        )
    return Changes.of(ChangeKind.DUTY, summary="值班教师已保存")


def _check_teacher(t: DutyTeacher, known: dict[int, duty.DutyStaffRow], periods: set[PeriodKey]) -> None:
    if t.staff_id not in known:
        raise NotFound(f"没有这位教职工（编号 {t.staff_id}）")
    name = known[t.staff_id].name
    for limit, top, label in ((t.max_per_week, MAX_PER_WEEK, "每周上限"), (t.max_per_term, MAX_PER_TERM, "学期上限")):
        if limit is not None and not 1 <= limit <= top:
            raise ValidationError(f"{name}的{label}应在 1 到 {top} 之间（不限请留空）", field=label)
    if t.on_duty and t.available is not None:
        if not t.available:
            raise ValidationError(f"请为{name}至少选择一个可值班时段", field="可值班时段")
        if stray := sorted(t.available - periods):
            weekday, start = stray[0]
            raise ValidationError(
                f"{name}的可值班时段“周{WEEKDAYS[weekday]} {start:%H:%M}”不是开放时段", field="可值班时段"
            )


def preview_rota(db: Database, actor: Actor, term_id: int, *, now: datetime) -> RotaPreview:
    """The fair roster for the rest of the term, computed but not saved."""
    authorize(db, actor, Permission.MANAGE_ROOM_SETUP, now=now)
    term = find_term(db.conn, term_id)
    plan, fixed = _plan(db.conn, term, now)
    return _preview(db.conn, term, plan, fixed)


def publish_rota(db: Database, actor: Actor, term_id: int, *, now: datetime) -> Changes:
    """Replace the term's slots still to come with the fair roster; slots already begun stay."""
    authorize(db, actor, Permission.MANAGE_ROOM_SETUP, now=now)
    term = find_term(db.conn, term_id)
    plan, _fixed = _plan(db.conn, term, now)
    note = f"{len(plan.assignments)} 个班次" + (f"，{len(plan.uncovered)} 个班次无人可排" if plan.uncovered else "")
    with db.transaction() as conn:
        duty.withdraw_after(conn, term.start_date, term.end_date, now)
        roster_id = duty.insert_rota(conn, term_id=term.id, by=actor.user_id, now=now, note=note)
        duty.insert_assignments(
            conn,
            roster_id,
            [(a.slot.day, a.slot.period.start, a.slot.period.end, a.staff_id) for a in plan.assignments],
        )
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.DUTY_ROTA_PUBLISHED,
            object_type="duty_roster",
            object_id=roster_id,
            detail=f"{term_name(term)} {note}",
        )
    return Changes.of(ChangeKind.DUTY, summary=f"已发布{term_name(term)}值班表：{note}")


def _plan(conn: Connection, term: DutyTerm, now: datetime) -> tuple[RotaPlan, list[Assignment]]:
    if term.end_date < now.date():
        raise ValidationError(f"{term_name(term)}已经结束，不能再排班", field="学期")
    people = duty_people(conn)
    if not people:
        raise ValidationError("还没有值班教师：请先在值班教师表里勾选要值班的老师", field="值班教师")
    slots = [s for s in open_slots(conn, term.start_date, term.end_date) if slot_start(s.day, s.period.start) > now]
    if not slots:
        raise ValidationError(f"{term_name(term)}没有要排的开放时段：请先在设置里填写辅导室开放时间", field="开放时间")
    fixed = fixed_assignments(conn, term, now)
    return plan_rota(slots, people, fixed=fixed), fixed


def _preview(conn: Connection, term: DutyTerm, plan: RotaPlan, fixed: list[Assignment]) -> RotaPreview:
    names = {r.staff_id: r.name for r in duty.staff_with_duty(conn)}
    planned = tuple(
        PlannedSlot(a.slot.day, a.slot.period.start, a.slot.period.end, a.staff_id, names[a.staff_id])
        for a in plan.assignments
    )
    uncovered = tuple(
        UncoveredSlot(u.slot.day, u.slot.period.start, u.slot.period.end, u.reason) for u in plan.uncovered
    )
    people = duty_people(conn)
    slots = [a.slot for a in plan.assignments] + [u.slot for u in plan.uncovered]
    notes = explain_balance(slots, people, plan.assignments, fixed)
    lines = _balance_lines([*fixed, *plan.assignments], [p.staff_id for p in people], names, notes)
    return RotaPreview(term.id, term_name(term), planned, lines, uncovered, len(fixed))


def _balance_lines(
    assigned: Sequence[Assignment], duty_ids: Sequence[int], names: dict[int, str], notes: dict[int, str] | None = None
) -> tuple[BalanceLine, ...]:
    slots = Counter(a.staff_id for a in assigned)
    minutes = Counter({sid: 0 for sid in duty_ids})
    for a in assigned:
        minutes[a.staff_id] += a.slot.minutes
    return tuple(
        BalanceLine(sid, names.get(sid, ""), slots[sid], minutes[sid], (notes or {}).get(sid, ""))
        for sid in sorted(minutes, key=lambda s: (-slots[s], -minutes[s], s))
    )


def balance(db: Database, actor: Actor, term_id: int, *, now: datetime) -> list[BalanceLine]:
    """Slots and hours per person in the term's roster in force (everyone on duty, even at 0)."""
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    term = find_term(db.conn, term_id)
    rows = duty.in_force_between(db.conn, term.start_date, term.end_date)
    names = {r.staff_id: r.name for r in duty.staff_with_duty(db.conn)}
    names.update({a.staff_id: a.staff_name for a in rows})  # someone who has left keeps their slots
    return list(_balance_lines([as_assignment(a) for a in rows], [p.staff_id for p in duty_people(db.conn)], names))
