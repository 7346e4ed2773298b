"""The 一生一档 chronology: everything the program holds about a student, by date, filtered by
what the viewer may see. Which sources feed it is listed once, in services/registry.py, and
handed in by the caller (built at start-up): nothing is added here by importing a module."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.roles import Actor, Permission
from counselroom.services.guard import authorize, may
from counselroom.store.database import Database
from counselroom.store.students import timeline as store_timeline


@dataclass(frozen=True)
class TimelineEvent:
    on: date
    kind: str
    text: str


# A source takes the viewer: it may leave out single records (a note in a case they may not read).
Source = Callable[[Database, Actor, int], list[store_timeline.Event]]
# (permission needed to see it, source), in the order they are read
Sources = Sequence[tuple[Permission, Source]]


def student_timeline(
    db: Database, actor: Actor, student_id: int, *, sources: Sources, now: datetime
) -> list[TimelineEvent]:
    """Newest first; a source the actor may not see contributes nothing. `sources`: the
    registry's timeline_sources."""
    authorize(db, actor, Permission.VIEW_ROSTER, now=now, object_type="student", object_id=student_id)
    events: list[TimelineEvent] = []
    for permission, source in sources:
        if may(db, actor, permission):
            found = source(db, actor, student_id)
            events += [TimelineEvent(date.fromisoformat(d[:10]), k, t) for d, k, t in found]
    return sorted(events, key=lambda e: e.on, reverse=True)
