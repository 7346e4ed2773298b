"""What the leader in charge (校领导) sees of 危机事件: that each exists, its status and timings
(登记, 通知分管校领导, 结案) and counts — read from the school store, where the care side keeps
exactly that (store/crisis/incident_status.py). Never a kind, risk level, note, place or name, so the
same view is safe for every role with VIEW_AGGREGATES, with or without the care key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counselroom.domain.crisis.incident_rules import IncidentStatus
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.small_counts import shown_count
from counselroom.services.guard import authorize
from counselroom.services.school.policy import policy_of
from counselroom.store.crisis import incident_status
from counselroom.store.database import Database


@dataclass(frozen=True)
class IncidentStatusView:
    number: int  # the incident's number (its id): no one's name
    status: str
    opened_at: str
    leader_notified_at: str  # "" while not yet
    closed_at: str
    minutes_to_leader: int | None  # from 登记 to 通知分管校领导
    aftercare_people: str  # a count, "<5" when small and the viewer lacks the care key
    followups_done: int
    followups_planned: int


@dataclass(frozen=True)
class IncidentOverview:
    incidents: tuple[IncidentStatusView, ...]  # newest first
    by_status: dict[str, int]
    total: int


def incident_overview(db: Database, actor: Actor, *, since: datetime | None = None, now: datetime) -> IncidentOverview:
    """Every incident's status and timings; with `since` (a term's start), those opened since then
    and every one still open — one carried over from last term is still being handled."""
    authorize(db, actor, Permission.VIEW_AGGREGATES, now=now)
    threshold = 0 if db.has_care else policy_of(db.conn).small_count_threshold
    start = since.isoformat(timespec="minutes") if since is not None else ""
    rows = [
        r for r in incident_status.stored(db.conn) if r.opened_at >= start or r.status != IncidentStatus.CLOSED.value
    ]
    views = tuple(
        IncidentStatusView(
            r.incident_id,
            r.status,
            r.opened_at,
            r.leader_notified_at or "",
            r.closed_at or "",
            _minutes(r.opened_at, r.leader_notified_at),
            shown_count(r.aftercare_people, threshold),
            r.followups_done,
            r.followups_planned,
        )
        for r in sorted(rows, key=lambda r: r.opened_at, reverse=True)
    )
    by_status = {s.value: sum(1 for r in rows if r.status == s.value) for s in IncidentStatus}
    return IncidentOverview(views, by_status, len(rows))


def _minutes(opened_at: str, notified_at: str | None) -> int | None:
    if not notified_at:
        return None
    delta = datetime.fromisoformat(notified_at) - datetime.fromisoformat(opened_at)
    return max(0, int(delta.total_seconds() // 60))
