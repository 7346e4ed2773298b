"""The common ground of the demo's care records (care_records and the modules it calls).

- `CareRoom`: what every step needs — the connection, the dice, the school days and the two
  counselors, with the students' latent distress and the classes' 心理委员 once they are known;
- `Entry` and `Report`: a planned 预警 listing and a planned 心理委员/班主任 report, filled in
  by warning_plan and class_reports and written by warning_rows and class_reports;
- `by_distress` and `soon_after`: who is noticed first, and a moment a few school days later.

Nothing here writes to the database.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from counselroom.demo.enrolment_facts import Enrolment, Pupil, SchoolDays, stamp
from counselroom.domain.care.warnings import WarningLevel, WarningSource
from counselroom.store.connection import Connection


@dataclass
class Report:
    class_id: int
    student_id: int | None
    reporter: str
    reported_on: date
    concern: str
    recorded_at: datetime
    recorded_by: int
    status: str = "已处理"
    propose: WarningLevel | None = None
    decision: tuple[str, int, datetime, str] | None = None  # status, by, at, reason


@dataclass
class Entry:
    pupil: Pupil
    level: WarningLevel  # now, or when closed
    start: WarningLevel  # when listed
    source: WarningSource
    counselor: int
    opened_at: datetime
    reason: str
    origin: int | None = None  # the sitting a 筛查 listing came from
    closes: bool = False
    overdue: bool = False
    report: Report | None = None
    closed_at: datetime | None = field(default=None)

    def covers(self, moment: datetime) -> bool:
        return self.opened_at <= moment and (self.closed_at is None or moment <= self.closed_at)


@dataclass
class CareRoom:
    """What every step needs: the connection, the dice, the school, and the two counselors."""

    conn: Connection
    rng: random.Random
    enrolment: Enrolment
    days: SchoolDays
    lead: int
    counselor: int
    distress: dict[int, float] = field(default_factory=dict)
    monitors: dict[int, list[Pupil]] = field(default_factory=dict)

    def someone(self) -> int:
        """The counselor who did it: the full-time counselor more often than the lead."""
        return self.counselor if self.rng.random() < 0.6 else self.lead

    def year_start(self) -> date:
        starts = [t.start for t in self.days.terms if t.start.month >= 8 and t.start <= self.days.today]
        return starts[-1] if starts else self.days.terms[0].start

    def term_window(self) -> tuple[date, date]:
        """From the second week of the current term to the last school day (or the last four
        months when the term has barely begun)."""
        low = self.days.current_term().start + timedelta(days=7)
        if low > self.days.last - timedelta(days=5):
            low = self.days.last - timedelta(days=120)
        return low, self.days.last


def by_distress(room: CareRoom, pupils: Iterable[Pupil]) -> list[Pupil]:
    """The more distressed first, loosely: who a teacher, a parent or a friend notices."""
    keyed = [(room.distress[p.id] + room.rng.gauss(0, 0.6), p.id, p) for p in pupils]
    return [p for _, _, p in sorted(keyed, key=lambda k: (-k[0], k[1]))]


def soon_after(room: CareRoom, moment: datetime, within_days: int) -> datetime:
    """A moment on a school day within `within_days` after `moment` (never before it)."""
    start = moment.date()
    day = room.days.pick(room.rng, start + timedelta(days=1), start + timedelta(days=within_days))
    return stamp(room.rng, max(day, moment.date()), earliest=moment)
