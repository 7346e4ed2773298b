"""危机事件 (一校一案): open one, write its time line (who was notified — 班主任, 家长, 分管校领导 —
and when; 陪护; 转介), set its risk level, submit it for the lead's co-signature, co-sign or send it
back. What may happen now is `allowed_incident_actions`: these services accept exactly that and the
page enables exactly that. Reading one is audited; audit rows carry ids and fixed words only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.crisis.incident_rules import (
    EventKind,
    IncidentAction,
    IncidentKind,
    IncidentStatus,
    RiskLevel,
    allowed_incident_actions,
    closing_problems,
)
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.services.accounts.session import Changes
from counselroom.services.crisis.aftercare import AftercarePersonView, aftercare_views
from counselroom.services.crisis.incident_access import (
    _readable_incident,
    _require_incident_action,
    audit_change,
    facts_of,
    readable_incident_ids,
    require_counselor,
)
from counselroom.services.guard import authorize
from counselroom.store import audit_log, users
from counselroom.store.crisis import incidents as store
from counselroom.store.database import Database
from counselroom.store.students import student_records as student_store

MAX_TEXT = 2000
_E = TypeVar("_E", IncidentKind, RiskLevel, EventKind)


@dataclass(frozen=True)
class IncidentSummary:
    id: int
    kind: str
    risk_level: str
    status: str
    opened_at: str
    students: str  # 当事学生: "张晓明（初一(1)班）"
    responsible: str
    open_followups: int


@dataclass(frozen=True)
class StudentView:
    student_id: int
    name: str
    class_name: str


@dataclass(frozen=True)
class EventView:
    id: int
    kind: str
    at: str
    whom: str
    detail: str
    referral_id: int | None
    recorded_by: str
    recorded_at: str


@dataclass(frozen=True)
class IncidentDetail:
    id: int
    kind: str
    risk_level: str
    summary: str
    place: str
    occurred_at: str
    opened_at: str
    author: str
    responsible: str
    team: tuple[str, ...]
    status: str
    students: tuple[StudentView, ...]
    events: tuple[EventView, ...]
    aftercare: tuple[AftercarePersonView, ...]
    closing_summary: str
    submitted: str  # "王老师 2025-10-20T09:00" or ""
    cosigned: str
    closing_problems: tuple[str, ...]  # why 提交会签 is not offered yet
    actions: frozenset[IncidentAction]  # what this user may do now: the page enables exactly these


def open_incident(
    db: Database,
    actor: Actor,
    *,
    kind: str,
    risk_level: str,
    summary: str,
    occurred_at: datetime,
    student_ids: list[int],
    place: str = "",
    responsible_id: int | None = None,
    now: datetime,
) -> int:
    """A new incident (处置中), its first time-line entry 发现报告 at `occurred_at`. Returns its id."""
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type="incident")
    kind_, risk = _choice(IncidentKind, kind, "类型"), _choice(RiskLevel, risk_level, "风险等级")
    text = _text(summary, "事件经过")
    if not student_ids:
        raise ValidationError("请选择当事学生", field="当事学生")
    for student_id in student_ids:
        if student_store.get(db.conn, student_id) is None:
            raise NotFound("所选学生中有一名不在名单上")
    if occurred_at > now:
        raise ValidationError("发生时间不能晚于现在", field="发生时间")
    responsible = responsible_id if responsible_id is not None else int(actor.user_id)
    require_counselor(db, responsible)
    with db.transaction() as conn:
        incident_id = store.insert_incident(
            conn, kind=kind_.value, risk_level=risk.value, summary=text, place=place.strip()[:200],
            occurred_at=occurred_at, opened_by=actor.user_id, responsible_id=responsible, now=now,
        )  # fmt: skip
        if responsible != actor.user_id:
            store.add_to_team(conn, incident_id, int(actor.user_id), now=now)
        store.set_students(conn, incident_id, sorted(set(student_ids)))
        store.add_event(
            conn, incident_id, kind=EventKind.REPORTED.value, at=occurred_at, whom="", detail=text,
            referral_id=None, by=actor.user_id, now=now,
        )  # fmt: skip
        audit_change(conn, actor, incident_id, "登记", now)
    return incident_id


def my_incidents(db: Database, actor: Actor, *, now: datetime) -> list[IncidentSummary]:
    """The lead: every incident; a counselor: those they work. Open ones first, newest first."""
    authorize(db, actor, Permission.READ_ASSIGNED_CASES, now=now)
    readable = readable_incident_ids(db, actor)
    names = _user_names(db)
    found = []
    for row in store.all_incidents(db.conn):
        if readable is not None and row.id not in readable:
            continue
        facts = facts_of(db.conn, row)
        found.append(
            IncidentSummary(
                row.id,
                row.kind,
                row.risk_level,
                row.status,
                row.opened_at,
                "、".join(f"{s.name}（{s.class_name}）" for s in _students(db, row.id)),
                names.get(row.responsible_id, ""),
                facts.open_followups,
            )
        )
    return sorted(found, key=lambda i: i.status == IncidentStatus.CLOSED.value)


def get_incident(db: Database, actor: Actor, incident_id: int, *, now: datetime) -> IncidentDetail:
    """One incident as the actor may see it; reading it is audited (打开危机事件)."""
    authorize(db, actor, Permission.READ_ASSIGNED_CASES, now=now, object_type="incident", object_id=incident_id)
    row, access = _readable_incident(db, actor, incident_id, now)
    facts = facts_of(db.conn, row)
    names = _user_names(db)
    with db.transaction() as conn:
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.INCIDENT_OPENED, object_type="incident", object_id=incident_id
        )
    return IncidentDetail(
        row.id, row.kind, row.risk_level, row.summary, row.place, row.occurred_at, row.opened_at,
        names.get(row.opened_by, ""), names.get(row.responsible_id, ""),
        tuple(names.get(u, "") for u in store.team(db.conn, row.id)), row.status, tuple(_students(db, row.id)),
        tuple(
            EventView(e.id, e.kind, e.at, e.whom, e.detail, e.referral_id, names.get(e.recorded_by, ""), e.recorded_at)
            for e in store.events(db.conn, row.id)
        ),
        tuple(aftercare_views(db, row.id, now)), row.closing_summary,
        _signed(names, row.submitted_by, row.submitted_at), _signed(names, row.cosigned_by, row.cosigned_at),
        closing_problems(facts) if row.status == IncidentStatus.OPEN.value else (),
        allowed_incident_actions(facts, actor, access, now),
    )  # fmt: skip


def record_event(
    db: Database,
    actor: Actor,
    incident_id: int,
    *,
    kind: str,
    at: datetime,
    whom: str = "",
    detail: str = "",
    referral_id: int | None = None,
    now: datetime,
) -> Changes:
    """One time-line entry: a notification (whom: 班主任 周老师, 母亲 …), 陪护, 转介 (optionally the
    referral it started), 送医, 安抚疏导 … Never changed afterwards: a correction is a later entry."""
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type="incident", object_id=incident_id)
    _require_incident_action(db, actor, incident_id, IncidentAction.RECORD, now)
    event = _choice(EventKind, kind, "处置类型")
    if event is EventKind.REPORTED:
        raise ValidationError("“发现报告”在登记事件时已记录", field="处置类型")
    person = whom.strip()[:200]
    if event.is_notice and not person:
        raise ValidationError("请写明通知了谁（如 班主任 周老师、母亲）", field="通知对象")
    if at > now:
        raise ValidationError("时间不能晚于现在", field="时间")
    with db.transaction() as conn:
        store.add_event(
            conn, incident_id, kind=event.value, at=at, whom=person, detail=_text(detail, "说明", required=False),
            referral_id=referral_id, by=actor.user_id, now=now,
        )  # fmt: skip
        audit_change(conn, actor, incident_id, event.value, now)
    return Changes.of(ChangeKind.INCIDENTS, summary=f"已记录：{event.value}")


def set_risk_level(
    db: Database, actor: Actor, incident_id: int, risk_level: str, *, reason: str, now: datetime
) -> Changes:
    """A new assessment: the level changes and the time line says from what to what, and why."""
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type="incident", object_id=incident_id)
    row, _facts = _require_incident_action(db, actor, incident_id, IncidentAction.RECORD, now)
    risk = _choice(RiskLevel, risk_level, "风险等级")
    if risk.value == row.risk_level:
        raise ValidationError(f"风险等级已是{risk.label}", field="风险等级")
    why = _text(reason, "评估依据")
    with db.transaction() as conn:
        store.set_risk(conn, incident_id, risk.value, now=now)
        store.add_event(
            conn, incident_id, kind=EventKind.ASSESSED.value, at=now, whom="",
            detail=f"风险等级：{row.risk_level} → {risk.value}。{why}", referral_id=None, by=actor.user_id, now=now,
        )  # fmt: skip
        audit_change(conn, actor, incident_id, EventKind.ASSESSED.value, now)
    return Changes.of(ChangeKind.INCIDENTS, summary=f"风险等级已改为{risk.label}")


def add_team_member(db: Database, actor: Actor, incident_id: int, user_id: int, *, now: datetime) -> Changes:
    """A colleague joins the handling (reads and writes the incident)."""
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type="incident", object_id=incident_id)
    _require_incident_action(db, actor, incident_id, IncidentAction.RECORD, now)
    require_counselor(db, user_id)
    with db.transaction() as conn:
        store.add_to_team(conn, incident_id, user_id, now=now)
        audit_change(conn, actor, incident_id, f"参与处置 {user_id}", now)
    return Changes.of(ChangeKind.INCIDENTS, summary="已加入处置小组")


def submit_incident(db: Database, actor: Actor, incident_id: int, *, summary: str, now: datetime) -> Changes:
    """提交会签 with the closing summary: the leader in charge notified, every follow-up done."""
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type="incident", object_id=incident_id)
    _require_incident_action(db, actor, incident_id, IncidentAction.SUBMIT, now)
    text = _text(summary, "处置小结", limit=MAX_TEXT * 5)
    with db.transaction() as conn:
        store.set_submitted(conn, incident_id, summary=text, by=actor.user_id, now=now)
        audit_change(conn, actor, incident_id, IncidentAction.SUBMIT.value, now)
    return Changes.of(ChangeKind.INCIDENTS, summary="已提交，等待心理中心负责人会签")


def cosign_incident(db: Database, actor: Actor, incident_id: int, *, now: datetime) -> Changes:
    """会签 by a lead who neither opened nor submitted it: the incident is closed (已结案)."""
    authorize(db, actor, Permission.READ_ALL_CASES, now=now, object_type="incident", object_id=incident_id)
    _require_incident_action(db, actor, incident_id, IncidentAction.COSIGN, now)
    with db.transaction() as conn:
        store.set_cosigned(conn, incident_id, by=actor.user_id, now=now)
        audit_change(conn, actor, incident_id, IncidentAction.COSIGN.value, now)
    return Changes.of(ChangeKind.INCIDENTS, summary="已会签，危机事件结案")


def return_incident(db: Database, actor: Actor, incident_id: int, *, reason: str, now: datetime) -> Changes:
    """退回: the lead sends a submitted incident back to 处置中, saying what is missing."""
    authorize(db, actor, Permission.READ_ALL_CASES, now=now, object_type="incident", object_id=incident_id)
    row, _facts = _require_incident_action(db, actor, incident_id, IncidentAction.RETURN, now)
    why = _text(reason, "退回原因")
    with db.transaction() as conn:
        store.set_submitted(conn, incident_id, summary=row.closing_summary, by=None, now=now)
        store.add_event(
            conn, incident_id, kind=EventKind.OTHER.value, at=now, whom="", detail=f"退回：{why}",
            referral_id=None, by=actor.user_id, now=now,
        )  # fmt: skip
        audit_change(conn, actor, incident_id, IncidentAction.RETURN.value, now)
    return Changes.of(ChangeKind.INCIDENTS, summary="已退回，继续处置")


# -- helpers -----------------------------------------------------------------------------------


def _choice(kind: type[_E], value: str, field: str) -> _E:
    try:
        return kind(value)
    except ValueError:
        raise ValidationError(f"请从以下选项中选择：{'、'.join(k.value for k in kind)}", field=field) from None


def _text(value: str, field: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    text = value.strip()
    if required and not text:
        raise ValidationError("请填写", field=field)
    if len(text) > limit:
        raise ValidationError(f"请控制在 {limit} 字以内", field=field)
    return text


def _students(db: Database, incident_id: int) -> list[StudentView]:
    found = []
    for student_id in store.students(db.conn, incident_id):
        s = student_store.get(db.conn, student_id)
        found.append(StudentView(student_id, s.name if s else "", s.class_name if s else ""))
    return found


def _user_names(db: Database) -> dict[int, str]:
    return {int(u.id): u.display_name for u in users.all_users(db.conn)}


def _signed(names: dict[int, str], by: int | None, at: str | None) -> str:
    return f"{names.get(by, '')} {at}" if by is not None and at else ""
