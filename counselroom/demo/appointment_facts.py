"""What the demo's appointments are planned from (part of appointment_plan), read back from the
rows care_records and rooms wrote in the same transaction:

- `Facts`: the enrolment, the 预警 listings with their counselors, each student's first positive
  screen, the 心理委员/班主任 reports, the 休学 spans and the 复学 dates;
- `open_days`: the room's open days with their opening periods, from its own calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counselroom.demo.enrolment_facts import Enrolment
from counselroom.domain.care.warnings import WarningLevel
from counselroom.services.school.room_setup import days_between
from counselroom.store.care import care_records as care_store
from counselroom.store.care import warnings as warning_store
from counselroom.store.connection import Connection
from counselroom.store.school import school
from counselroom.store.students import student_records as student_store
from counselroom.store.students.student_records import StatusChangeRow


@dataclass(frozen=True)
class OpenDay:
    day: date
    periods: tuple[tuple[datetime, datetime], ...]


@dataclass(frozen=True)
class Listing:
    student: int
    level: WarningLevel
    source: str
    counselor: int
    opened_on: date
    closed_on: date | None

    def open_during(self, low: date, high: date) -> bool:
        return self.opened_on <= high and (self.closed_on is None or self.closed_on >= low)


@dataclass(frozen=True)
class Facts:
    """What the enrolment and the care records say about who may come, and why."""

    enrolment: Enrolment
    listings: tuple[Listing, ...]
    positives: dict[int, date]  # student → first positive screen (proposal filed)
    reports: tuple[tuple[int, str, date], ...]  # (student, 心理委员/班主任, reported on)
    away: dict[int, list[tuple[date, date]]]  # 休学 spans
    returned: dict[int, date]  # 复学 on


def load_facts(conn: Connection, enrolment: Enrolment) -> Facts:
    """The facts of the enrolment just written to `conn` and the care records written after it."""
    listings = tuple(
        Listing(w.student_id, w.level, w.source, w.counselor_id, w.opened_on, w.closed_on)
        for w in warning_store.all_with_counselor(conn)
        if w.counselor_id is not None
    )
    positives = {sid: created.date() for sid, created in warning_store.first_screening_proposals(conn).items()}
    reports = tuple(
        (r.student_id, "心理委员" if r.reporter.startswith("心理委员") else "班主任", date.fromisoformat(r.reported_on))
        for r in sorted(care_store.peer_reports(conn), key=lambda r: r.id)
        if r.student_id is not None
    )
    away, returned = _time_away(student_store.all_status_changes(conn))
    return Facts(enrolment, listings, positives, reports, away, returned)


def _time_away(
    changes: dict[int, list[StatusChangeRow]],
) -> tuple[dict[int, list[tuple[date, date]]], dict[int, date]]:
    """休学 spans (open-ended until a 复学) and 复学 dates, by student."""
    away: dict[int, list[tuple[date, date]]] = {}
    returned: dict[int, date] = {}
    for sid, rows in changes.items():
        for change in rows:
            day = date.fromisoformat(change.on_date)
            if change.to_status == "休学":
                away.setdefault(sid, []).append((day, date.max))
            elif change.to_status == "复学" and away.get(sid):
                away[sid][-1] = (away[sid][-1][0], day)
                returned[sid] = day
    return away, returned


def open_days(conn: Connection, low: date, high: date) -> list[OpenDay]:
    """The open days in [low, high] with their periods, from the room's own calendar."""
    found = []
    for term in school.all_terms(conn):
        start, end = max(term.start_date, low), min(term.end_date, high)
        if start > end:
            continue
        for d in days_between(conn, start, end):
            if d.status.open and d.status.periods:
                found.append(
                    OpenDay(
                        d.day,
                        tuple(
                            (datetime.combine(d.day, p.start), datetime.combine(d.day, p.end)) for p in d.status.periods
                        ),
                    )
                )
    return found
