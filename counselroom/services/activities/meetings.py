"""会议 of 领导小组, 工作小组 and 心理危机干预小组 (S001), and the 心理健康教育和生命健康关爱工作会议
(S003 item 37: 每学期不少于 2 次). No student is named; the principal reads them too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.activities.meetings import MeetingBody
from counselroom.domain.activities.recording import MAX_ATTENDEES, MAX_TEXT, MAX_TITLE, day_text, may_delete
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
from counselroom.store.school import meetings as store


@dataclass(frozen=True)
class MeetingInput:
    body: MeetingBody
    held_on: date
    topic: str
    attendees: int = 0
    decisions: str = ""


@dataclass(frozen=True)
class Meeting:
    id: int
    body: MeetingBody
    held_on: date
    topic: str
    attendees: int
    decisions: str


def record_meetings(db: Database, actor: Actor, meetings: Sequence[MeetingInput], *, now: datetime) -> Changes:
    """All the entries in one transaction; a bad entry raises ValidationError(row=N) and none is saved."""
    authorize(db, actor, Permission.RECORD_ACTIVITIES, now=now)
    if not meetings:
        raise ValidationError("没有要记录的会议", field="议题")
    rows = [_checked(db.conn, m, now.date(), row=n) for n, m in enumerate(meetings, start=1)]
    with db.transaction() as conn:
        for fields in rows:
            meeting_id = store.insert(conn, fields, by=int(actor.user_id), now=now)
            _audit(conn, actor, meeting_id, "记录", now)
    return Changes.of(ChangeKind.ACTIVITIES, summary=f"已记录 {len(rows)} 次会议")


def list_meetings(db: Database, actor: Actor, *, start: date, end: date, now: datetime) -> list[Meeting]:
    """Meetings held in [start, end], newest first."""
    authorize(db, actor, Permission.VIEW_ACTIVITIES, now=now)
    check.check_range(start, end)
    return [
        Meeting(r.id, MeetingBody(r.body), r.held_on, r.topic, r.attendees, r.decisions)
        for r in store.between(db.conn, start, end)
    ]


def delete_meeting(db: Database, actor: Actor, meeting_id: int, *, now: datetime) -> Changes:
    """A wrong entry: by its recorder or the lead."""
    authorize(db, actor, Permission.RECORD_ACTIVITIES, now=now, object_type="meeting", object_id=meeting_id)
    row = store.get(db.conn, meeting_id)
    if row is None:
        raise NotFound("没有这次会议的记录，可能已被删除")
    if not may_delete(actor, row.recorded_by):
        deny(db, actor, NOT_YOURS, now=now, object_type="meeting", object_id=meeting_id)
    with db.transaction() as conn:
        store.delete(conn, meeting_id)
        _audit(conn, actor, meeting_id, "删除", now)
    return Changes.of(ChangeKind.ACTIVITIES, summary=f"已删除{day_text(row.held_on)}的会议记录")


def _checked(conn: Connection, m: MeetingInput, today: date, *, row: int) -> store.MeetingFields:
    try:
        body = MeetingBody(m.body)
    except ValueError:
        raise ValidationError("请选择会议类别", field="会议类别", row=row) from None
    topic = check.text(m.topic, field="议题", row=row, limit=MAX_TITLE, required=True)
    check.check_calendar_day(conn, m.held_on, today, row=row)
    attendees = check.whole_number(m.attendees, (0, MAX_ATTENDEES), field="参会人数", row=row)
    decisions = check.text(m.decisions, field="会议决定", row=row, limit=MAX_TEXT)
    return store.MeetingFields(body.value, m.held_on, topic, attendees, decisions)


def _audit(conn: Connection, actor: Actor, meeting_id: int, word: str, now: datetime) -> None:
    audit_log.append(
        conn,
        at=now,
        actor=actor,
        action=AuditAction.ACTIVITY_CHANGED,
        object_type="meeting",
        object_id=meeting_id,
        detail=word,
    )
