"""Room facts (SPEC §2; S001, S004 心理咨询室的建设): functional areas and sizes, the four rules in
force, the budget per school year — kept by the lead or the admin in 设置 → 辅导室, read by everyone —
and the room's use over a term from appointment counts and duty records (the principal's numbers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from counselroom.domain.activities.recording import day_text
from counselroom.domain.activities.room_facts import AREA_SIZE, MAX_AMOUNT, RoomRuleName, check_year_name
from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import AlreadyExists, NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.scheduling.appointments import AppointmentStatus, AppointmentType
from counselroom.domain.small_counts import shown_count
from counselroom.services.accounts.session import Changes
from counselroom.services.activities import entry_checks as check
from counselroom.services.guard import authorize
from counselroom.services.school.policy import policy_of
from counselroom.services.school.room_setup import days_between
from counselroom.store import audit_log, care_counts
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.duty import duty_log, duty_rota
from counselroom.store.school import activity_refs, rooms, school
from counselroom.store.school import room_facts as store

MAX_AREA_NAME, MAX_NOTES = 30, 200


@dataclass(frozen=True)
class RoomArea:
    id: int
    name: str
    size_m2: int
    room_name: str  # the bookable room it is, '' if none
    notes: str
    room_id: int | None = None


@dataclass(frozen=True)
class RoomAreaInput:
    name: str
    size_m2: int
    room_id: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class RoomRule:
    rule: RoomRuleName
    in_force: bool = False  # 在用
    adopted_on: date | None = None  # 制定日期
    posted: bool = False  # 上墙


@dataclass(frozen=True)
class RoomBudget:
    year_name: str  # 2025-2026
    amount: int  # 元
    notes: str = ""


@dataclass(frozen=True)
class RoomFacts:
    areas: list[RoomArea]
    rules: list[RoomRule]  # all four, in RoomRuleName's order (never entered: not in force)
    budgets: list[RoomBudget]  # newest school year first


@dataclass(frozen=True)
class RoomUse:
    """A term so far. 使用率 = booked_hours ÷ open_hours, where booked_hours are the appointments
    marked 已到, each counted at its type's usual length (the counts kept for the principal carry
    no times), and open_hours are the opening hours of the term's open days up to today, times
    the number of bookable rooms (at least one). None before any open day."""

    open_hours: float
    booked_hours: float
    rate: float | None
    sessions: int  # appointments marked 已到
    duty_days: int  # days with a published duty slot
    duty_logs: int  # 值班记录 written
    sessions_text: str = ""  # for a screen: "<5" for a small number seen without the care key
    school_days: int = 0  # open days counted
    rooms: int = 1


def room_facts(db: Database, actor: Actor, *, now: datetime) -> RoomFacts:
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    entered = store.all_rules(db.conn)
    rules = [_rule(entered.get(name.value), name) for name in RoomRuleName]
    return RoomFacts(
        [RoomArea(a.id, a.name, a.size_m2, a.room_name, a.notes, a.room_id) for a in store.all_areas(db.conn)],
        rules,
        [RoomBudget(b.year_name, b.amount, b.notes) for b in store.all_budgets(db.conn)],
    )


def save_room_area(
    db: Database, actor: Actor, area: RoomAreaInput, *, area_id: int | None = None, now: datetime
) -> Changes:
    """A new 功能区 (area_id None) or changes to one."""
    authorize(db, actor, Permission.MANAGE_ROOM_SETUP, now=now, object_type="room_facts", object_id=area_id or "")
    if area_id is not None and store.area(db.conn, area_id) is None:
        raise NotFound("没有这个功能区，可能已被删除")
    fields = _area_fields(db.conn, area)
    same = store.area_id_named(db.conn, fields.name)
    if same is not None and same != area_id:
        raise AlreadyExists(f"已有名为“{fields.name}”的功能区", field="名称")
    with db.transaction() as conn:
        if area_id is None:
            area_id = store.insert_area(conn, fields)
            _audit(conn, actor, f"area:{area_id}", "新增功能区", now)
        else:
            store.update_area(conn, area_id, fields)
            _audit(conn, actor, f"area:{area_id}", "修改功能区", now)
    return Changes.of(ChangeKind.ACTIVITIES, summary=f"已保存功能区：{fields.name}")


def remove_room_area(db: Database, actor: Actor, area_id: int, *, now: datetime) -> Changes:
    authorize(db, actor, Permission.MANAGE_ROOM_SETUP, now=now, object_type="room_facts", object_id=area_id)
    found = store.area(db.conn, area_id)
    if found is None:
        raise NotFound("没有这个功能区，可能已被删除")
    with db.transaction() as conn:
        store.delete_area(conn, area_id)
        _audit(conn, actor, f"area:{area_id}", "删除功能区", now)
    return Changes.of(ChangeKind.ACTIVITIES, summary=f"已删除功能区：{found.name}")


def set_room_rule(db: Database, actor: Actor, rule: RoomRule, *, now: datetime) -> Changes:
    """在用, 上墙 and 制定日期 of one of the four rules."""
    authorize(db, actor, Permission.MANAGE_ROOM_SETUP, now=now, object_type="room_facts", object_id="rule")
    try:
        name = RoomRuleName(rule.rule)
    except ValueError:
        raise ValidationError(f"制度应为：{'、'.join(RoomRuleName)}", field="制度") from None
    if rule.adopted_on is not None and rule.adopted_on > now.date():
        raise ValidationError(f"制定日期{day_text(rule.adopted_on)}还没有到", field="制定日期")
    with db.transaction() as conn:
        store.save_rule(conn, store.RuleRow(name.value, rule.in_force, rule.adopted_on, rule.posted))
        _audit(conn, actor, f"rule:{name.value}", "修改制度", now)
    return Changes.of(ChangeKind.ACTIVITIES, summary=f"已保存：{name.value}")


def set_room_budget(db: Database, actor: Actor, budget: RoomBudget, *, now: datetime) -> Changes:
    """经费 for a school year (entered again, it replaces the year's amount)."""
    authorize(db, actor, Permission.MANAGE_ROOM_SETUP, now=now, object_type="room_facts", object_id="budget")
    year = check_year_name(budget.year_name)
    if isinstance(budget.amount, bool) or not isinstance(budget.amount, int) or not 0 <= budget.amount <= MAX_AMOUNT:
        raise ValidationError(f"经费应为 0 到 {MAX_AMOUNT} 之间的整数（元）", field="经费")
    notes = check.text(budget.notes, field="说明", row=None, limit=MAX_NOTES)
    with db.transaction() as conn:
        store.save_budget(conn, store.BudgetRow(year, budget.amount, notes))
        _audit(conn, actor, f"budget:{year}", "设置经费", now)
    return Changes.of(ChangeKind.ACTIVITIES, summary=f"已保存 {year} 学年经费")


def remove_room_budget(db: Database, actor: Actor, year_name: str, *, now: datetime) -> Changes:
    authorize(db, actor, Permission.MANAGE_ROOM_SETUP, now=now, object_type="room_facts", object_id="budget")
    year = check_year_name(year_name)
    with db.transaction() as conn:
        if not store.delete_budget(conn, year):
            raise NotFound(f"没有 {year} 学年的经费记录")
        _audit(conn, actor, f"budget:{year}", "删除经费", now)
    return Changes.of(ChangeKind.ACTIVITIES, summary=f"已删除 {year} 学年经费")


def room_use(db: Database, actor: Actor, term_id: int, *, now: datetime) -> RoomUse:
    """The term so far (see RoomUse for 使用率). Counts only: the principal may call it."""
    authorize(db, actor, Permission.VIEW_AGGREGATES, now=now)
    term = next((t for t in school.all_terms(db.conn) if t.id == term_id), None)
    if term is None:
        raise NotFound("没有这个学期")
    last = min(term.end_date, now.date())
    if last < term.start_date:
        return RoomUse(0.0, 0.0, None, 0, 0, 0, shown_count(0, 0), 0, 1)
    open_days = [d for d in days_between(db.conn, term.start_date, last) if d.status.open]
    open_minutes = sum(p.minutes for d in open_days for p in d.status.periods)
    bookable = max(1, len(rooms.all_rooms(db.conn)))
    sessions, held_minutes = _held(db.conn, term.start_date, last)
    threshold = 0 if db.has_care else policy_of(db.conn).small_count_threshold
    return RoomUse(
        open_hours=round(open_minutes * bookable / 60, 1),
        booked_hours=round(held_minutes / 60, 1),
        rate=held_minutes / (open_minutes * bookable) if open_minutes else None,
        sessions=sessions,
        duty_days=len({a.day for a in duty_rota.in_force_between(db.conn, term.start_date, last)}),
        duty_logs=len(duty_log.logged_slots(db.conn, term.start_date, last)),
        sessions_text=shown_count(sessions, threshold),
        school_days=len(open_days),
        rooms=bookable,
    )


def _held(conn: Connection, first: date, last: date) -> tuple[int, int]:
    """Appointments marked 已到 in [first, last], and their minutes at each type's usual length."""
    since, until = datetime.combine(first, time()), datetime.combine(last + timedelta(days=1), time())
    held = [c for c in care_counts.appointment_counts(conn, since, until) if c.status == AppointmentStatus.ATTENDED]
    return sum(c.count for c in held), sum(c.count * AppointmentType(c.type).default_minutes for c in held)


def _rule(row: store.RuleRow | None, name: RoomRuleName) -> RoomRule:
    return RoomRule(name) if row is None else RoomRule(name, row.in_force, row.adopted_on, row.posted)


def _area_fields(conn: Connection, area: RoomAreaInput) -> store.AreaFields:
    name = check.text(area.name, field="名称", row=None, limit=MAX_AREA_NAME, required=True)
    size = check.whole_number(area.size_m2, AREA_SIZE, field="面积（平方米）", row=None)
    if area.room_id is not None and activity_refs.room_name(conn, area.room_id) is None:
        raise ValidationError("没有这个辅导室", field="对应辅导室")
    notes = check.text(area.notes, field="备注", row=None, limit=MAX_NOTES)
    return store.AreaFields(name, size, area.room_id, notes)


def _audit(conn: Connection, actor: Actor, object_id: str, word: str, now: datetime) -> None:
    audit_log.append(
        conn,
        at=now,
        actor=actor,
        action=AuditAction.SETTINGS_CHANGED,
        object_type="room_facts",
        object_id=object_id,
        detail=word,
    )
