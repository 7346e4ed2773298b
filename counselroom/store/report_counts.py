"""Counts for the 学期自查报告 and the 统计 tab (issue #13), kept in the school store as care_counts
part "reports" (store/care_counts.py): written by `recount_into` inside the care transaction that
changed a case, an appointment, a warning, a referral or a screening result (or a student, class,
grade or term), read back by the readers below, which touch the school store only. Never a name or
an id of a student: a counselor's user id is a member of staff.

- cases_month     {month: "2025-10", issue, grade, order, measure: opened|closed} — by the day the case
                  was opened or closed; a case counts once under issue "" (every case) and once under
                  each of its issue types, so the "" rows are the number of cases.
- sessions_month  {month, counselor, type, walk_in, measure: attended|missed} — appointments 已到 / 未到.
- warnings_term   {term: "2025-2026-1", grade, order, level, measure: listed|raised|closed} — from the
                  warning history, by the day of the change: 列入 at its level, 调整 up to a more urgent
                  level (at the new one), 解除 at the level the entry had.
- referrals_term  {term, measure} — store/report_referrals.py says what each measure counts.
- screening_month {month (the batch's day), grade, order, measure: screened|positives} — positives
                  among valid results, as screening_results.batch_counts counts them.

A grade is the student's grade now (`order` its sort order; 未分班 last). A day in the holidays is
in no term. Zero counts are not stored: a reader fills them in."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, fields

from counselroom.domain.care.warnings import WarningAction, WarningLevel
from counselroom.domain.scheduling.appointments import AppointmentStatus
from counselroom.domain.school.terms import term_code
from counselroom.store import report_referrals
from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all

Counts = dict[tuple[str, str], int]  # as store/care_counts.py: (kind, dims as sorted JSON) -> count

KINDS = ("cases_month", "sessions_month", "warnings_term", "referrals_term", "screening_month")
NO_GRADE, NO_GRADE_ORDER = "未分班", 999

_GRADE = "coalesce(g.name, '未分班') AS grade, coalesce(g.sort_order, 999) AS grade_order"
# The care rows first, each student found by id: care tables have no index on student_id for all rows.
_STUDENT_GRADE = (
    "JOIN students s ON s.id = {student} LEFT JOIN classes c ON c.id = s.class_id"
    " LEFT JOIN grades g ON g.id = c.grade_id"
)
_IN_TERM = "JOIN terms tm ON {day} BETWEEN tm.start_date AND tm.end_date JOIN academic_years y ON y.id = tm.year_id"


def _key(kind: str, **dims: object) -> tuple[str, str]:
    return kind, json.dumps(dims, ensure_ascii=False, sort_keys=True)


def _add(counts: Counts, n: int, kind: str, **dims: object) -> None:
    if n:
        key = _key(kind, **dims)
        counts[key] = counts.get(key, 0) + n


def recount_into(conn: Connection, counts: Counts) -> None:
    """Add every count of this part to `counts` (needs the care store attached)."""
    _recount_cases(conn, counts)
    _recount_sessions(conn, counts)
    _recount_warnings(conn, counts)
    for term, measures in report_referrals.measures_by_term(conn).items():
        for measure, n in measures.items():
            _add(counts, n, "referrals_term", term=term, measure=measure)
    _recount_screening(conn, counts)


def _recount_cases(conn: Connection, counts: Counts) -> None:
    for measure, day in (("opened", "k.opened_on"), ("closed", "k.closed_on")):
        rows = fetch_all(
            conn,
            f"SELECT substr({day}, 1, 7) AS month, k.issue_types, count(*) AS n, {_GRADE} FROM care.cases k"
            f" {_STUDENT_GRADE.format(student='k.student_id')} WHERE {day} IS NOT NULL"
            " GROUP BY month, k.issue_types, g.id",
        )
        for r in rows:
            grade = {"grade": str(r["grade"]), "order": int(r["grade_order"]), "month": str(r["month"])}
            for issue in ("", *dict.fromkeys(json.loads(r["issue_types"]))):
                _add(counts, int(r["n"]), "cases_month", issue=str(issue), measure=measure, **grade)


def _recount_sessions(conn: Connection, counts: Counts) -> None:
    measures = {AppointmentStatus.ATTENDED.value: "attended", AppointmentStatus.NO_SHOW.value: "missed"}
    rows = fetch_all(
        conn,
        "SELECT substr(starts_at, 1, 7) AS month, counselor_id, type, is_walk_in, status, count(*) AS n"
        " FROM care.appointments WHERE status IN (?, ?) GROUP BY month, counselor_id, type, is_walk_in, status",
        tuple(measures),
    )
    for r in rows:
        dims = {"month": str(r["month"]), "counselor": int(r["counselor_id"]), "type": str(r["type"])}
        measure, walk_in = measures[str(r["status"])], bool(r["is_walk_in"])
        _add(counts, int(r["n"]), "sessions_month", walk_in=walk_in, measure=measure, **dims)


def _recount_warnings(conn: Connection, counts: Counts) -> None:
    actions = (WarningAction.OPEN.value, WarningAction.CHANGE.value, WarningAction.CLOSE.value)
    rows = fetch_all(
        conn,
        f"SELECT y.name AS year_name, tm.number, h.action, h.from_level, h.to_level, count(*) AS n, {_GRADE}"
        " FROM care.warning_history h JOIN care.warnings w ON w.id = h.warning_id"
        f" {_IN_TERM.format(day='substr(h.changed_at, 1, 10)')} {_STUDENT_GRADE.format(student='w.student_id')}"
        " WHERE h.action IN (?, ?, ?)"
        " GROUP BY tm.id, g.id, h.action, h.from_level, h.to_level",
        actions,
    )
    for r in rows:
        found = _warning_measure(str(r["action"]), str(r["from_level"]), str(r["to_level"]))
        if found is None:
            continue
        measure, level = found
        term = term_code(str(r["year_name"]), int(r["number"]))
        dims = {"grade": str(r["grade"]), "order": int(r["grade_order"]), "level": level.value}
        _add(counts, int(r["n"]), "warnings_term", term=term, measure=measure, **dims)


def _warning_measure(action: str, before: str, after: str) -> tuple[str, WarningLevel] | None:
    """What a history line counts as, and at which level; None for a change that lowers the level."""
    if action == WarningAction.OPEN.value and after:
        return "listed", WarningLevel(after)
    if action == WarningAction.CLOSE.value and before:
        return "closed", WarningLevel(before)
    if action == WarningAction.CHANGE.value and before and after:
        raised = WarningLevel(after).rank > WarningLevel(before).rank
        return ("raised", WarningLevel(after)) if raised else None
    return None


def _recount_screening(conn: Connection, counts: Counts) -> None:
    rows = fetch_all(
        conn,
        "SELECT substr(b.held_on, 1, 7) AS month, count(*) AS screened,"
        f" coalesce(sum(r.positive AND r.invalid_reason = ''), 0) AS positives, {_GRADE}"
        " FROM care.screening_results r JOIN care.screening_batches b ON b.id = r.batch_id"
        f" {_STUDENT_GRADE.format(student='r.student_id')} GROUP BY month, g.id",
    )
    for r in rows:
        dims = {"month": str(r["month"]), "grade": str(r["grade"]), "order": int(r["grade_order"])}
        for measure in ("screened", "positives"):
            _add(counts, int(r[measure]), "screening_month", measure=measure, **dims)


# -- reading them back (school store only) -------------------------------------------------------


@dataclass(frozen=True)
class CaseMonthCount:
    month: str  # 2025-10
    issue: str  # an IssueType value; "" counts every case once
    grade: str
    grade_order: int
    opened: int
    closed: int


@dataclass(frozen=True)
class SessionMonthCount:
    month: str
    counselor_id: int  # a user (staff), never a student
    type: str  # AppointmentType value
    walk_in: bool
    attended: int
    missed: int


@dataclass(frozen=True)
class WarningTermCount:
    grade: str
    grade_order: int
    level: WarningLevel
    listed: int
    raised: int
    closed: int


@dataclass(frozen=True)
class ReferralTermCounts:
    suggested: int = 0
    consented: int = 0
    refused: int = 0
    referred: int = 0
    referred_on_time: int = 0
    feedback: int = 0
    followups_done: int = 0
    followups_on_time: int = 0
    closed: int = 0
    open_overdue: int = 0


@dataclass(frozen=True)
class ScreeningMonthCount:
    month: str
    grade: str
    grade_order: int
    screened: int
    positives: int


def _measured(conn: Connection, kind: str) -> Iterator[tuple[dict[str, object], dict[str, int]]]:
    """The stored rows of `kind` grouped by their dims other than `measure`: (dims, measure → count)."""
    grouped: dict[str, tuple[dict[str, object], dict[str, int]]] = {}
    for r in fetch_all(conn, "SELECT dims, count FROM care_counts WHERE kind = ?", (kind,)):
        dims = json.loads(r["dims"])
        measure = str(dims.pop("measure"))
        key = json.dumps(dims, ensure_ascii=False, sort_keys=True)
        grouped.setdefault(key, (dims, {}))[1][measure] = int(r["count"])
    for key in sorted(grouped):
        yield grouped[key]


def _in_months(dims: dict[str, object], start_month: str, end_month: str) -> bool:
    return start_month <= str(dims["month"]) <= end_month


def cases_by_month(conn: Connection, start_month: str, end_month: str) -> list[CaseMonthCount]:
    """Cases opened and closed in the months from `start_month` to `end_month` ("2025-09"), both included."""
    found = []
    for d, m in _measured(conn, "cases_month"):
        if _in_months(d, start_month, end_month):
            grade, order = str(d["grade"]), int(str(d["order"]))
            opened, closed = m.get("opened", 0), m.get("closed", 0)
            found.append(CaseMonthCount(str(d["month"]), str(d["issue"]), grade, order, opened, closed))
    return sorted(found, key=lambda c: (c.month, c.grade_order, c.grade, c.issue))


def sessions_by_month(conn: Connection, start_month: str, end_month: str) -> list[SessionMonthCount]:
    found = []
    for d, m in _measured(conn, "sessions_month"):
        if _in_months(d, start_month, end_month):
            who, kind, walk_in = int(str(d["counselor"])), str(d["type"]), bool(d["walk_in"])
            attended, missed = m.get("attended", 0), m.get("missed", 0)
            found.append(SessionMonthCount(str(d["month"]), who, kind, walk_in, attended, missed))
    return sorted(found, key=lambda s: (s.month, s.counselor_id, s.type, s.walk_in))


def warnings_in_term(conn: Connection, term: str) -> list[WarningTermCount]:
    """Warning-list changes in the term ("2025-2026-1") by grade (school order) and level."""
    found = []
    for d, m in _measured(conn, "warnings_term"):
        if d["term"] == term:
            grade, order, level = str(d["grade"]), int(str(d["order"])), WarningLevel(str(d["level"]))
            listed, raised, closed = m.get("listed", 0), m.get("raised", 0), m.get("closed", 0)
            found.append(WarningTermCount(grade, order, level, listed, raised, closed))
    return sorted(found, key=lambda w: (w.grade_order, w.grade, -w.level.rank))


def referrals_in_term(conn: Connection, term: str) -> ReferralTermCounts:
    for d, m in _measured(conn, "referrals_term"):
        if d["term"] == term:
            return ReferralTermCounts(**{f.name: m.get(f.name, 0) for f in fields(ReferralTermCounts)})
    return ReferralTermCounts()


def screening_by_month(conn: Connection, start_month: str, end_month: str) -> list[ScreeningMonthCount]:
    found = []
    for d, m in _measured(conn, "screening_month"):
        if _in_months(d, start_month, end_month):
            grade, order, screened = str(d["grade"]), int(str(d["order"])), m.get("screened", 0)
            found.append(ScreeningMonthCount(str(d["month"]), grade, order, screened, m.get("positives", 0)))
    return sorted(found, key=lambda s: (s.month, s.grade_order, s.grade))
