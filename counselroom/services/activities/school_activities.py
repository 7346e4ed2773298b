"""主题班团队会, 专题活动 (S001: 各年级每学期至少 1 次), 团体辅导, 心理委员培训指导, 家长学校
(S001, S004: 每学期至少 1 次) and 宣传活动 (5·25, 10·10 …): for the whole school, one grade or some
classes. They name no student, so the principal reads them too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar

from counselroom.domain.activities.recording import MAX_NAME, MAX_PARTICIPANTS, MAX_TEXT, MAX_TITLE, may_delete
from counselroom.domain.activities.school_activities import ActivityKind, ActivityScope
from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.services.accounts.session import Changes
from counselroom.services.activities import entry_checks as check
from counselroom.services.activities.lessons import NOT_YOURS
from counselroom.services.guard import authorize, deny
from counselroom.store import audit_log
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.school import activity_refs
from counselroom.store.school import school_activities as store

_Word = TypeVar("_Word", bound=StrEnum)


@dataclass(frozen=True)
class ActivityInput:
    kind: ActivityKind
    held_on: date
    title: str
    scope: ActivityScope
    grade_id: int | None = None  # scope 年级
    class_ids: tuple[int, ...] = ()  # scope 班级
    organizer_id: int | None = None
    participants: int = 0
    occasion: str = ""  # 5·25心理健康日 …
    form: str = ""  # 展板, 广播, 家长会 …
    notes: str = ""


@dataclass(frozen=True)
class Activity:
    id: int
    kind: ActivityKind
    held_on: date
    title: str
    scope: ActivityScope
    scope_text: str  # 全校 / 初一 / 初一(1)班、初一(2)班
    organizer: str  # '' without one
    participants: int
    occasion: str
    form: str
    notes: str


def record_activities(db: Database, actor: Actor, activities: Sequence[ActivityInput], *, now: datetime) -> Changes:
    """All the entries in one transaction; a bad entry raises ValidationError(row=N) and none is saved."""
    authorize(db, actor, Permission.RECORD_ACTIVITIES, now=now)
    if not activities:
        raise ValidationError("没有要记录的活动", field="活动名称")
    rows = [_checked(db.conn, a, now.date(), row=n) for n, a in enumerate(activities, start=1)]
    with db.transaction() as conn:
        for fields in rows:
            activity_id = store.insert(conn, fields, by=int(actor.user_id), now=now)
            _audit(conn, actor, activity_id, "记录", now)
    return Changes.of(ChangeKind.ACTIVITIES, summary=f"已记录 {len(rows)} 次活动")


def list_activities(
    db: Database, actor: Actor, *, start: date, end: date, kinds: Sequence[ActivityKind] = (), now: datetime
) -> list[Activity]:
    """Activities held in [start, end] of the given kinds (every kind when none given), newest first."""
    authorize(db, actor, Permission.VIEW_ACTIVITIES, now=now)
    check.check_range(start, end)
    return [_view(r) for r in store.between(db.conn, start, end, kinds=[k.value for k in kinds])]


def delete_activity(db: Database, actor: Actor, activity_id: int, *, now: datetime) -> Changes:
    """A wrong entry: by its recorder or the lead."""
    authorize(db, actor, Permission.RECORD_ACTIVITIES, now=now, object_type="school_activity", object_id=activity_id)
    row = store.get(db.conn, activity_id)
    if row is None:
        raise NotFound("没有这次活动的记录，可能已被删除")
    if not may_delete(actor, row.recorded_by):
        deny(db, actor, NOT_YOURS, now=now, object_type="school_activity", object_id=activity_id)
    with db.transaction() as conn:
        store.delete(conn, activity_id)
        _audit(conn, actor, activity_id, "删除", now)
    return Changes.of(ChangeKind.ACTIVITIES, summary=f"已删除活动：{row.title}")


def _checked(conn: Connection, a: ActivityInput, today: date, *, row: int) -> store.ActivityFields:
    kind = _member(ActivityKind, a.kind, "请选择活动类别", field="类别", row=row)
    title = check.text(a.title, field="活动名称", row=row, limit=MAX_TITLE, required=True)
    check.check_term_day(conn, a.held_on, today, row=row)
    scope = _member(ActivityScope, a.scope, "请选择范围：全校、年级或班级", field="范围", row=row)
    grade_id, class_ids = _checked_scope(conn, a, scope, row=row)
    if a.organizer_id is not None:
        check.staff_name(conn, a.organizer_id, field="组织者", row=row)
    participants = check.whole_number(a.participants, (0, MAX_PARTICIPANTS), field="参与人数", row=row)
    return store.ActivityFields(
        kind=kind.value,
        held_on=a.held_on,
        title=title,
        scope=scope.value,
        grade_id=grade_id,
        class_ids=class_ids,
        organizer_id=a.organizer_id,
        participants=participants,
        occasion=check.text(a.occasion, field="主题日", row=row, limit=MAX_NAME),
        form=check.text(a.form, field="形式", row=row, limit=MAX_NAME),
        notes=check.text(a.notes, field="备注", row=row, limit=MAX_TEXT),
    )


def _member(enum_type: type[_Word], value: str, message: str, *, field: str, row: int) -> _Word:
    try:
        return enum_type(value)
    except ValueError:
        raise ValidationError(message, field=field, row=row) from None


def _checked_scope(
    conn: Connection, a: ActivityInput, scope: ActivityScope, *, row: int
) -> tuple[int | None, tuple[int, ...]]:
    """全校 names neither grade nor class; 年级 one grade; 班级 one or more classes at school."""
    if scope is ActivityScope.GRADE:
        if a.grade_id is None:
            raise ValidationError("范围为年级时请选择年级", field="年级", row=row)
        if activity_refs.grade_name(conn, a.grade_id) is None:
            raise ValidationError("没有这个年级", field="年级", row=row)
    elif a.grade_id is not None:
        raise ValidationError(f"范围为{scope.value}时不用选择年级", field="年级", row=row)
    if scope is ActivityScope.CLASSES:
        check.current_classes(conn, a.class_ids, row=row)
    elif a.class_ids:
        raise ValidationError(f"范围为{scope.value}时不用选择班级", field="班级", row=row)
    return a.grade_id, tuple(a.class_ids)


def _scope_text(scope: ActivityScope, grade_name: str, class_names: Sequence[str]) -> str:
    if scope is ActivityScope.GRADE:
        return grade_name
    if scope is ActivityScope.CLASSES:
        return "、".join(class_names)
    return scope.value


def _view(r: store.ActivityRow) -> Activity:
    scope = ActivityScope(r.scope)
    return Activity(
        id=r.id,
        kind=ActivityKind(r.kind),
        held_on=r.held_on,
        title=r.title,
        scope=scope,
        scope_text=_scope_text(scope, r.grade_name, r.class_names),
        organizer=r.organizer_name,
        participants=r.participants,
        occasion=r.occasion,
        form=r.form,
        notes=r.notes,
    )


def _audit(conn: Connection, actor: Actor, activity_id: int, word: str, now: datetime) -> None:
    audit_log.append(
        conn,
        at=now,
        actor=actor,
        action=AuditAction.ACTIVITY_CHANGED,
        object_type="school_activity",
        object_id=activity_id,
        detail=word,
    )
