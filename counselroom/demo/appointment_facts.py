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
from counselroom.store.connection import Connection
from counselroom.store.school import school


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
        Listing(
            int(r[0]),
            WarningLevel(r[1]),
            str(r[2]),
            int(r[3]),
            date.fromisoformat(r[4]),
            date.fromisoformat(r[5]) if r[5] else None,
        )
        for r in conn.execute(
            "SELECT student_id, level, source, counselor_id, opened_on, closed_on FROM warnings"
            " WHERE counselor_id IS NOT NULL ORDER BY id"
        )
    )
    positives: dict[int, date] = {}
    for sid, created in conn.execute(
        "SELECT student_id, min(created_at) FROM warning_proposals"
        " WHERE result_id IS NOT NULL GROUP BY student_id ORDER BY student_id"
    ):
        positives[int(sid)] = datetime.fromisoformat(created).date()
    reports = tuple(
        (int(r[0]), "心理委员" if str(r[1]).startswith("心理委员") else "班主任", date.fromisoformat(r[2]))
        for r in conn.execute(
            "SELECT student_id, reporter, reported_on FROM peer_reports WHERE student_id IS NOT NULL ORDER BY id"
        )
    )
    away: dict[int, list[tuple[date, date]]] = {}
    returned: dict[int, date] = {}
    for sid, to_status, on in conn.execute(
        "SELECT student_id, to_status, on_date FROM student_status_changes ORDER BY student_id, on_date, id"
    ):
        day = date.fromisoformat(on)
        if to_status == "休学":
            away.setdefault(int(sid), []).append((day, date.max))
        elif to_status == "复学" and away.get(int(sid)):
            away[int(sid)][-1] = (away[int(sid)][-1][0], day)
            returned[int(sid)] = day
    return Facts(enrolment, listings, positives, reports, away, returned)


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
