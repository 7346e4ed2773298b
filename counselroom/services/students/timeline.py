"""The 一生一档 chronology: everything the program holds about a student, by date, filtered by
what the viewer may see. Later modules register their own sources here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.roles import Actor, Permission
from counselroom.services.guard import authorize
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.students import timeline as store_timeline


@dataclass(frozen=True)
class TimelineEvent:
    on: date
    kind: str
    text: str


Source = Callable[[Connection, int], list[store_timeline.Event]]

# (permission needed to see it, source). Appointments, cases, referrals add theirs here.
SOURCES: list[tuple[Permission, Source]] = [
    (Permission.VIEW_ROSTER, store_timeline.status_events),
    (Permission.VIEW_WARNINGS, store_timeline.warning_events),
    (Permission.VIEW_SCREENING_DETAIL, store_timeline.screening_events),
    (Permission.VIEW_CARE_RECORDS, store_timeline.peer_report_events),
    (Permission.VIEW_CARE_RECORDS, store_timeline.mentor_events),
]


def register_source(permission: Permission, source: Source) -> None:
    SOURCES.append((permission, source))


def student_timeline(db: Database, actor: Actor, student_id: int, *, now: datetime) -> list[TimelineEvent]:
    """Newest first; a source the actor may not see contributes nothing."""
    authorize(db, actor, Permission.VIEW_ROSTER, now=now, object_type="student", object_id=student_id)
    events: list[TimelineEvent] = []
    for permission, source in SOURCES:
        if actor.can(permission):
            found = source(db.conn, student_id)
            events += [TimelineEvent(date.fromisoformat(d[:10]), k, t) for d, k, t in found]
    return sorted(events, key=lambda e: e.on, reverse=True)
