"""事后安抚疏导 (S001: 建立健全心理极端事件事后安抚疏导机制，帮助可能受事件影响的师生渡过心理难关):
the students and staff an incident may have affected, each looked after by a counselor, and their
follow-ups with due dates — which reach that counselor's 今日 board until recorded as done. Also
the lead's 今日 item for incidents waiting for their co-signature."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.changes import ChangeKind
from counselroom.domain.crisis.incident_rules import IncidentAction, followup_overdue
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.services.accounts.session import Changes
from counselroom.services.crisis.incident_access import _require_incident_action, audit_change, require_counselor
from counselroom.services.guard import authorize, deny
from counselroom.services.today import TargetKind, TodoItem, TodoTarget
from counselroom.store import users
from counselroom.store.crisis import aftercare as store
from counselroom.store.crisis import incidents as incident_store
from counselroom.store.database import Database
from counselroom.store.school import staff as staff_store
from counselroom.store.students import student_records as student_store

PAGE = "转介与随访"  # incidents have their own tab there (issue #11 item 7)
MAX_OUTCOME = 1000


@dataclass(frozen=True)
class FollowupView:
    id: int
    due_on: str
    done_on: str | None
    outcome: str
    overdue: bool


@dataclass(frozen=True)
class AftercarePersonView:
    id: int
    is_student: bool
    name: str
    where: str  # the student's class or the staff member's position
    reason: str
    counselor: str
    followups: tuple[FollowupView, ...]


def aftercare_views(db: Database, incident_id: int, now: datetime) -> list[AftercarePersonView]:
    """A building block of get_incident (after its check): the after-care list with follow-ups."""
    names = {int(u.id): u.display_name for u in users.all_users(db.conn)}
    followups = store.followups(db.conn, incident_id)
    found = []
    for p in store.people(db.conn, incident_id):
        name, where = _who(db, p.student_id, p.staff_id)
        mine = tuple(
            FollowupView(
                f.id,
                f.due_on,
                f.done_on,
                f.outcome,
                f.done_on is None and followup_overdue(date.fromisoformat(f.due_on), now),
            )
            for f in followups
            if f.person_id == p.id
        )
        found.append(
            AftercarePersonView(
                p.id, p.student_id is not None, name, where, p.reason, names.get(p.counselor_id, ""), mine
            )
        )
    return found


def add_aftercare_person(
    db: Database,
    actor: Actor,
    incident_id: int,
    *,
    student_id: int | None = None,
    staff_id: int | None = None,
    reason: str,
    counselor_id: int | None = None,
    first_due: date | None = None,
    now: datetime,
) -> int:
    """A student or a staff member to look after (目睹, 同班, 好友, 处置教师 …), their counselor (the
    actor unless named; joins the incident's team) and, optionally, the first follow-up's day.
    Returns the after-care entry's id."""
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type="incident", object_id=incident_id)
    _require_incident_action(db, actor, incident_id, IncidentAction.AFTERCARE, now)
    if (student_id is None) == (staff_id is None):
        raise ValidationError("请选择一名学生或一位教职工", field="对象")
    _who(db, student_id, staff_id)  # raises NotFound for an unknown person
    if store.find_person(db.conn, incident_id, student_id=student_id, staff_id=staff_id) is not None:
        raise ValidationError("此人已在事后安抚名单中", field="对象")
    counselor = counselor_id if counselor_id is not None else int(actor.user_id)
    require_counselor(db, counselor)
    _check_due(first_due, now)
    with db.transaction() as conn:
        person_id = store.add_person(
            conn, incident_id, student_id=student_id, staff_id=staff_id, reason=reason.strip()[:200],
            counselor_id=counselor, by=actor.user_id, now=now,
        )  # fmt: skip
        if counselor != incident_store.get_incident(conn, incident_id).responsible_id:  # type: ignore[union-attr]
            incident_store.add_to_team(conn, incident_id, counselor, now=now)
        if first_due is not None:
            store.plan_followup(conn, person_id, due_on=first_due, by=actor.user_id, now=now)
        audit_change(conn, actor, incident_id, f"事后安抚 {person_id}", now)
    return person_id


def plan_followup(db: Database, actor: Actor, person_id: int, *, due_on: date, now: datetime) -> Changes:
    """One more follow-up for a person on the after-care list."""
    person = _person(db, actor, person_id, now)
    _require_incident_action(db, actor, person.incident_id, IncidentAction.AFTERCARE, now)
    _check_due(due_on, now)
    with db.transaction() as conn:
        followup_id = store.plan_followup(conn, person_id, due_on=due_on, by=actor.user_id, now=now)
        audit_change(conn, actor, person.incident_id, f"安排随访 {followup_id}", now)
    return Changes.of(ChangeKind.INCIDENTS, summary=f"已安排 {due_on:%m-%d} 随访")


def record_followup(
    db: Database, actor: Actor, followup_id: int, *, done_on: date, outcome: str, now: datetime
) -> Changes:
    """A follow-up done, with a short outcome (情绪平稳, 继续关注, 建议转介 …)."""
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type="aftercare_followup", object_id=followup_id)
    found = store.followup_incident(db.conn, followup_id)
    if found is None:
        deny(db, actor, "没有这次随访", now=now, object_type="aftercare_followup", object_id=followup_id)
    assert found is not None
    incident_id, done = found
    _require_incident_action(db, actor, incident_id, IncidentAction.FOLLOW_UP, now)
    if done:
        raise ValidationError("这次随访已记录为完成")
    if done_on > now.date():
        raise ValidationError("完成日期不能晚于今天", field="日期")
    text = outcome.strip()
    if not text or len(text) > MAX_OUTCOME:
        raise ValidationError(f"请写明随访情况（{MAX_OUTCOME} 字以内）", field="随访情况")
    with db.transaction() as conn:
        store.mark_done(conn, followup_id, on=done_on, outcome=text, by=actor.user_id)
        audit_change(conn, actor, incident_id, f"随访完成 {followup_id}", now)
    return Changes.of(ChangeKind.INCIDENTS, summary="随访已记录")


# -- 今日 --------------------------------------------------------------------------------------


def aftercare_todos(db: Database, actor: Actor, now: datetime) -> list[TodoItem]:
    """The actor's after-care follow-ups due today or overdue, each naming whom to see."""
    authorize(db, actor, Permission.WRITE_CASES, now=now)
    items = []
    for f in store.due_for_counselor(db.conn, actor.user_id, now.date()):
        name, where = _who(db, f.student_id, f.staff_id)
        overdue = followup_overdue(date.fromisoformat(f.due_on), now)
        when = f"{f.due_on[5:]} 已逾期" if overdue else "今天"
        target = TodoTarget(TargetKind.INCIDENT, f.incident_id)
        items.append(TodoItem("事后安抚", f"{name}（{where}）事后安抚随访{when}", PAGE, overdue, target))
    return items


def incident_cosign_todos(db: Database, actor: Actor, now: datetime) -> list[TodoItem]:
    """For a lead: incidents waiting for a co-signature that is theirs to give (not their own)."""
    authorize(db, actor, Permission.READ_ALL_CASES, now=now)
    waiting = [r for r in incident_store.awaiting_cosign(db.conn) if actor.user_id not in (r.opened_by, r.submitted_by)]
    if not waiting:
        return []
    # One incident: its item opens it; several: the incidents tab, where they are listed.
    target = TodoTarget(TargetKind.INCIDENT, waiting[0].id) if len(waiting) == 1 else None
    return [TodoItem("会签", f"{len(waiting)} 起危机事件待您会签后结案", PAGE, True, target)]


# -- helpers -----------------------------------------------------------------------------------


def _who(db: Database, student_id: int | None, staff_id: int | None) -> tuple[str, str]:
    if student_id is not None:
        student = student_store.get(db.conn, student_id)
        if student is None:
            raise NotFound("没有这名学生")
        return student.name, student.class_name
    name = staff_store.name_of(db.conn, staff_id or 0)
    if name is None:
        raise NotFound("没有这位教职工")
    return name, staff_store.position_of(db.conn, staff_id or 0)


def _person(db: Database, actor: Actor, person_id: int, now: datetime) -> store.PersonRow:
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type="incident")
    person = store.get_person(db.conn, person_id)
    if person is None:
        deny(db, actor, "没有这条事后安抚记录", now=now, object_type="incident")
    assert person is not None
    return person


def _check_due(due_on: date | None, now: datetime) -> None:
    if due_on is not None and due_on < now.date():
        raise ValidationError("随访日期不能早于今天", field="随访日期")
