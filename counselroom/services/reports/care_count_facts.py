"""The care side's numbers for one term, as the reports show them: read from the counts it keeps in
the school store (store/care_counts.py, store/report_counts.py, store/crisis/incident_status.py), so
a principal's session reads the same numbers as a counselor's. Counts of students are protected
(domain/small_counts.py) at the profile's threshold before they leave this module: a table carries
"<5" and "*", never the small number."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.cases.case_rules import IssueType
from counselroom.domain.scheduling.appointments import AppointmentStatus, AppointmentType
from counselroom.domain.small_counts import (
    ProtectedRow,
    ProtectedTable,
    is_small_count,
    protect_row,
    protect_table,
    shown_count,
)
from counselroom.services.reports.report_term import ReportTerm
from counselroom.store import care_counts, report_counts
from counselroom.store.activities import activity_counts
from counselroom.store.connection import Connection
from counselroom.store.crisis import incident_status
from counselroom.store.report_counts import NO_GRADE

LEVELS = (WarningLevel.RED, WarningLevel.ORANGE, WarningLevel.YELLOW)
LEVEL_LABELS = tuple(f"{level.label}预警" for level in LEVELS)
SESSION_TYPES = tuple(t.value for t in AppointmentType)


@dataclass(frozen=True)
class SessionFacts:
    """Appointments in the term, each day counted once (the per-day counts care_counts keeps)."""

    attended_by_type: ProtectedRow  # 已到, by appointment type
    by_month: ProtectedRow  # 已到 per month of the term (labels "2025-10")
    missed: str  # 未到
    walk_ins: str  # 已到 without an appointment (来访)


@dataclass(frozen=True)
class ScreeningBatchFact:
    name: str
    instrument: str
    held_on: date
    screened: int  # 人数: the school's, no one singled out
    positives: str  # protected


@dataclass(frozen=True)
class ScreeningFacts:
    batches: tuple[ScreeningBatchFact, ...]  # held in the term, oldest first
    year_batches: int  # held in the term's school year (学年)
    students: int  # at school now
    screened: int  # the term's largest batch
    positives_by_grade: ProtectedRow  # 人次 over the term's batches

    @property
    def coverage(self) -> float | None:
        return self.screened / self.students if self.students else None


@dataclass(frozen=True)
class WarningFacts:
    open_now: ProtectedTable  # grades × 红/橙/黄, the list as it stands
    listed: ProtectedTable  # entered the list in the term, at the level they entered at
    raised: str  # moved up a level in the term
    closed: str  # 解除 in the term


@dataclass(frozen=True)
class ReferralFacts:
    suggested: str
    consented: str
    refused: str
    referred: str
    referred_on_time: str  # within REFER_DUE_DAYS of the consent
    feedback: str
    followups_done: str
    followups_on_time: str
    closed: str
    open_overdue: str  # still open, its next step due before the term's last day
    referred_on_time_rate: float | None  # None while the count is too small to show
    followups_on_time_rate: float | None


@dataclass(frozen=True)
class IncidentFacts:
    opened: str  # 危机事件 opened in the term (protected)
    still_open: str  # of those, not 已结案 yet
    # (median, longest) 登记 → 通知分管校领导; None if none. The median is None while the incidents
    # timed are a small count: a median equal to the longest would say there was one.
    hours_to_leader: tuple[float | None, float] | None
    hours_to_close: tuple[float | None, float] | None  # 登记 → 结案


@dataclass(frozen=True)
class TalkLine:
    """One row of 六谈 for the term, as the 活动记录表 counts it (activity_counts.talk_counts)."""

    category: str  # 院校领导重点谈 …
    talks: int
    students: int
    participants: int


@dataclass(frozen=True)
class CaseFacts:
    by_issue: ProtectedRow  # cases opened in the term by issue type (a case counts under each of its types)
    opened: str
    closed: str


def session_facts(conn: Connection, term: ReportTerm, threshold: int) -> SessionFacts:
    by_type = dict.fromkeys(SESSION_TYPES, 0)
    missed = walk_ins = 0
    per_month = []
    for month in term.months:
        first, last = _clip(month, term)
        rows = care_counts.appointment_counts(conn, _at(first), _at(last + timedelta(days=1)))
        attended = [r for r in rows if r.status == AppointmentStatus.ATTENDED.value]
        for r in attended:
            by_type[r.type] = by_type.get(r.type, 0) + r.count
        walk_ins += sum(r.count for r in attended if r.is_walk_in)
        missed += sum(r.count for r in rows if r.status == AppointmentStatus.NO_SHOW.value)
        per_month.append(sum(r.count for r in attended))
    return SessionFacts(
        protect_row(list(by_type), list(by_type.values()), threshold),
        protect_row(term.months, per_month, threshold),
        shown_count(missed, threshold),
        shown_count(walk_ins, threshold),
    )


def _clip(month: str, term: ReportTerm) -> tuple[date, date]:
    """The month's days within the term."""
    first = date(int(month[:4]), int(month[5:]), 1)
    last = (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    return max(first, term.start), min(last, term.end)


def _at(day: date) -> datetime:
    return datetime.combine(day, time())


def screening_facts(
    conn: Connection, term: ReportTerm, students: int, grades: Sequence[str], threshold: int
) -> ScreeningFacts:
    batches = [b for b in care_counts.batch_counts(conn) if b.held_on]
    in_term = sorted(
        (b for b in batches if term.start <= date.fromisoformat(b.held_on) <= term.end), key=lambda b: b.held_on
    )
    in_year = [b for b in batches if term.year_start <= date.fromisoformat(b.held_on) <= term.year_end]
    positives = dict.fromkeys(grades, 0)
    for row in report_counts.screening_by_month(conn, term.months[0], term.months[-1]):
        positives[row.grade] = positives.get(row.grade, 0) + row.positives
    facts = tuple(
        ScreeningBatchFact(
            b.name, b.instrument, date.fromisoformat(b.held_on), b.screened, shown_count(b.positives, threshold)
        )
        for b in in_term
    )
    return ScreeningFacts(
        facts,
        len(in_year),
        students,
        max((b.screened for b in in_term), default=0),
        protect_row(list(positives), list(positives.values()), threshold),
    )


def warning_facts(conn: Connection, term: ReportTerm, grades: Sequence[str], threshold: int) -> WarningFacts:
    now_counts = {(g.grade, g.level): g.count for g in care_counts.open_warnings_by_grade_level(conn)}
    in_term = report_counts.warnings_in_term(conn, term.code)
    listed = {(w.grade, w.level): w.listed for w in in_term}
    return WarningFacts(
        grade_level_table(grades, now_counts, threshold),
        grade_level_table(grades, listed, threshold),
        shown_count(sum(w.raised for w in in_term), threshold),
        shown_count(sum(w.closed for w in in_term), threshold),
    )


def grade_level_table(
    grades: Sequence[str], counts: dict[tuple[str, WarningLevel], int], threshold: int
) -> ProtectedTable:
    """Every grade of the school (and 未分班 when it has a count) × the three levels."""
    rows = [*grades, *([NO_GRADE] if any(g == NO_GRADE and n for (g, _l), n in counts.items()) else [])]
    rows += sorted({g for (g, _l), n in counts.items() if n and g not in rows})  # a grade no class has now
    cells = [[counts.get((grade, level), 0) for level in LEVELS] for grade in rows]
    return protect_table(rows, LEVEL_LABELS, cells, threshold)


def referral_facts(conn: Connection, term: ReportTerm, threshold: int) -> ReferralFacts:
    r = report_counts.referrals_in_term(conn, term.code)

    def shown(n: int) -> str:
        return shown_count(n, threshold)

    return ReferralFacts(
        suggested=shown(r.suggested),
        consented=shown(r.consented),
        refused=shown(r.refused),
        referred=shown(r.referred),
        referred_on_time=shown(r.referred_on_time),
        feedback=shown(r.feedback),
        followups_done=shown(r.followups_done),
        followups_on_time=shown(r.followups_on_time),
        closed=shown(r.closed),
        open_overdue=shown(r.open_overdue),
        referred_on_time_rate=_rate(r.referred_on_time, r.referred, threshold),
        followups_on_time_rate=_rate(r.followups_on_time, r.followups_done, threshold),
    )


def _rate(part: int, whole: int, threshold: int) -> float | None:
    """A share, only when the whole is too large to give a small count away."""
    return part / whole if whole > threshold else None


def incident_facts(conn: Connection, term: ReportTerm, threshold: int) -> IncidentFacts:
    first, last = term.start.isoformat(), term.end.isoformat()
    rows = [r for r in incident_status.stored(conn) if first <= r.opened_at[:10] <= last]
    to_leader = [_hours(r.opened_at, r.leader_notified_at) for r in rows if r.leader_notified_at]
    to_close = [_hours(r.opened_at, r.closed_at) for r in rows if r.closed_at]
    return IncidentFacts(
        shown_count(len(rows), threshold),
        shown_count(sum(1 for r in rows if not r.closed_at), threshold),
        _median_max(to_leader, threshold),
        _median_max(to_close, threshold),
    )


def _hours(start: str, end: str) -> float:
    return max(0.0, (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / 3600)


def _median_max(hours: list[float], threshold: int) -> tuple[float | None, float] | None:
    if not hours:
        return None
    ordered = sorted(hours)
    if is_small_count(len(ordered), threshold):
        return None, round(ordered[-1], 1)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return round(median, 1), round(ordered[-1], 1)


def case_facts(conn: Connection, term: ReportTerm, threshold: int) -> CaseFacts:
    rows = report_counts.cases_by_month(conn, term.months[0], term.months[-1])
    issues = {i.value: 0 for i in IssueType}
    for row in rows:
        if row.issue:
            issues[row.issue] = issues.get(row.issue, 0) + row.opened
    every = [row for row in rows if not row.issue]
    return CaseFacts(
        protect_row(list(issues), list(issues.values()), threshold),
        shown_count(sum(row.opened for row in every), threshold),
        shown_count(sum(row.closed for row in every), threshold),
    )


def talk_lines(conn: Connection, term: ReportTerm) -> tuple[TalkLine, ...]:
    return tuple(
        TalkLine(t.category.value, t.talks, t.students, t.participants)
        for t in activity_counts.talk_counts(conn, term=term.code)
    )
