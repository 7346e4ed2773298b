"""Counts of care data kept in the school store, for the principal (issue #9 item 2).

A principal's or admin's session never opens the care store, so the numbers their pages and
reports show are written here by the care side: counts by grade, level, batch, day, type —
never a student's name or id. A session holding the care key recounts inside the transaction
that changed the counted tables (temp triggers mark it), so the counts commit with the change
and its audit row. `counselroom check`, run by a lead, compares them with a fresh recount.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from counselroom.domain.care.warnings import WarningLevel
from counselroom.store import report_counts
from counselroom.store.activities import activity_counts, talk_recount
from counselroom.store.care import warnings
from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all, fetch_one
from counselroom.store.scheduling import appointments
from counselroom.store.scheduling.appointments import AppointmentCount, stamp
from counselroom.store.screening import screening_results as screening
from counselroom.store.screening.screening_results import BatchCounts, GradeCounts

# (kind, dims as sorted JSON) -> count
Counts = dict[tuple[str, str], int]

# The counts come in parts, each recounted only when a table it reads has changed: an appointment
# booked does not recount a school's years of talks. A talk saved recounts only its own month and
# term (store/activities/talk_recount.py notes the days); a change of terms recounts every talk.
_CARE, _TALKS, _VISITS, _REPORTS = "care", "talks", "home_visits", "reports"
_KINDS = {
    _CARE: ("warnings_open", "screening_batch", "screening_grade", "appointments_day"),
    _TALKS: activity_counts.TALK_KINDS,
    _VISITS: activity_counts.VISIT_KINDS,
    _REPORTS: report_counts.KINDS,  # 学期自查报告 and 统计 (issue #13)
}
PARTS = tuple(_KINDS)
# (schema, table) -> the parts it feeds
_WATCHED = {
    ("care", "warnings"): (_CARE, _REPORTS),
    ("care", "screening_batches"): (_CARE, _REPORTS),
    ("care", "screening_results"): (_CARE, _REPORTS),
    ("care", "appointments"): (_CARE, _REPORTS),
    ("main", "students"): (_CARE, _VISITS, _REPORTS),  # a student's class decides the grade (and class) of a count
    ("main", "classes"): (_CARE, _VISITS, _REPORTS),
    ("main", "grades"): (_CARE, _REPORTS),
    ("care", "home_visits"): (_VISITS,),
    ("care", "home_visit_students"): (_VISITS,),
    ("main", "guardians"): (_VISITS,),  # the primary guardian's phone decides a student's family
    ("main", "terms"): (_TALKS, _VISITS, _REPORTS),  # a term's dates decide which term a record counts in
    ("main", "academic_years"): (_TALKS, _VISITS, _REPORTS),  # its name is the term code's
    ("care", "cases"): (_REPORTS,),
    ("care", "warning_history"): (_REPORTS,),
    ("care", "referrals"): (_REPORTS,),
    ("care", "referral_history"): (_REPORTS,),  # the consent and refusal steps
    ("care", "referral_follow_ups"): (_REPORTS,),
}
_COMPUTED_AT = "care_counts_computed_at"
_SCREENING_MEASURES = ("screened", "positives", "flagged", "invalid", "invalid_flagged")


def watch(conn: Connection) -> None:
    """Temp triggers (in memory, this connection only) that mark which parts a change touched."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS care_counts_dirty (part TEXT PRIMARY KEY)")
    talk_recount.watch_days(conn)
    for (schema, table), parts in _WATCHED.items():
        marks = ", ".join(f"('{part}')" for part in parts)
        for event in ("INSERT", "UPDATE", "DELETE"):
            name = f"care_counts_{table}_{event.lower()}"
            conn.execute(
                f"CREATE TEMP TRIGGER IF NOT EXISTS {name} AFTER {event} ON {schema}.{table}"
                f" BEGIN INSERT OR IGNORE INTO temp.care_counts_dirty (part) VALUES {marks}; END"
            )


def refresh_if_changed(conn: Connection) -> None:
    parts = [str(r["part"]) for r in fetch_all(conn, "SELECT part FROM temp.care_counts_dirty ORDER BY part")]
    talk_days = talk_recount.changed_days(conn)
    if not parts and not talk_days:
        return
    write(conn, recount(conn, parts, talk_days=talk_days), {*parts, _TALKS} if talk_days else parts)
    conn.execute("DELETE FROM temp.care_counts_dirty")
    talk_recount.forget_days(conn)


def _key(kind: str, **dims: object) -> tuple[str, str]:
    return kind, json.dumps(dims, ensure_ascii=False, sort_keys=True)


def recount(conn: Connection, parts: Collection[str] = PARTS, *, talk_days: Collection[str] = ()) -> Counts:
    """Every count of these parts, freshly from the care tables (needs the care store attached);
    with `talk_days` (and not the whole talks part), the talk counts of those days' months and terms.
    The queries are the care side's own, so these are the numbers a counselor's pages show."""
    counts: Counts = {}
    if _CARE in parts:
        _recount_care(conn, counts)
    if _TALKS in parts or talk_days:  # 六谈 (issue #12)
        activity_counts.recount_talks_into(conn, counts, days=None if _TALKS in parts else talk_days)
    if _VISITS in parts:
        activity_counts.recount_visits_into(conn, counts)  # 家访 (issue #12)
    if _REPORTS in parts:
        report_counts.recount_into(conn, counts)  # cases, sessions, warnings, referrals (issue #13)
    return counts


def _recount_care(conn: Connection, counts: Counts) -> None:
    grade_order: dict[str, int] = {}
    for g in warnings.open_grade_levels(conn):  # in school order
        order = grade_order.setdefault(g.grade, len(grade_order))
        key = _key("warnings_open", grade=g.grade, order=order, level=g.level.value)
        counts[key] = counts.get(key, 0) + 1
    for order, b in enumerate(screening.batch_counts(conn)):  # newest first
        dims = {"order": order, "name": b.name, "instrument": b.instrument, "source": b.source, "held_on": b.held_on}
        for measure in _SCREENING_MEASURES:
            counts[_key("screening_batch", measure=measure, **dims)] = int(getattr(b, measure))
    for order, gc in enumerate(screening.grade_counts(conn)):
        for measure in _SCREENING_MEASURES[:4]:
            counts[_key("screening_grade", grade=gc.grade, order=order, measure=measure)] = int(getattr(gc, measure))
    for a in appointments.counts_by_day(conn):
        dims = {"day": a.day, "type": a.type, "status": a.status, "walk_in": a.is_walk_in, "late": a.late_cancel}
        counts[_key("appointments_day", **dims)] = a.count


def stored(conn: Connection, parts: Iterable[str] = PARTS) -> Counts:
    kinds = _kinds(parts)
    rows = fetch_all(conn, f"SELECT * FROM care_counts WHERE kind IN ({', '.join('?' for _ in kinds)})", kinds)
    return {(str(r["kind"]), str(r["dims"])): int(r["count"]) for r in rows}


def _kinds(parts: Iterable[str]) -> list[str]:
    return [kind for part in parts for kind in _KINDS[part]]


def computed_at(conn: Connection) -> str:
    row = fetch_one(conn, "SELECT value FROM meta WHERE key = ?", (_COMPUTED_AT,))
    return str(row["value"]) if row else ""


def write(conn: Connection, counts: Counts, parts: Iterable[str] = PARTS) -> None:
    """Replace the stored counts of these parts when they differ; stamped with the latest audit
    row's time (the change that made them), so the stamp is the data's own time, not a clock read here."""
    parts = tuple(parts)
    if stored(conn, parts) == counts:
        return
    kinds = _kinds(parts)
    conn.execute(f"DELETE FROM care_counts WHERE kind IN ({', '.join('?' for _ in kinds)})", kinds)
    conn.executemany(
        "INSERT INTO care_counts (kind, dims, count) VALUES (?, ?, ?)", [(k, d, n) for (k, d), n in counts.items()]
    )
    last = fetch_one(conn, "SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1")
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (_COMPUTED_AT, str(last["at"]) if last else ""),
    )


def differences(conn: Connection) -> list[str]:
    """Where the stored counts differ from a fresh recount, in words (for check)."""
    fresh, kept = recount(conn), stored(conn)
    found = []
    for kind, dims in sorted(set(fresh) | set(kept)):
        a, b = kept.get((kind, dims), 0), fresh.get((kind, dims), 0)
        if a != b:
            found.append(f"{kind} {dims}：记录为 {a}，重新计数为 {b}")
    return found


# -- reading them back -----------------------------------------------------------------------


def _rows(conn: Connection, kind: str) -> Iterable[tuple[dict[str, object], int]]:
    for r in fetch_all(conn, "SELECT dims, count FROM care_counts WHERE kind = ?", (kind,)):
        yield json.loads(r["dims"]), int(r["count"])


@dataclass(frozen=True)
class GradeLevelCount:
    grade: str
    level: WarningLevel
    count: int


def open_warnings_by_grade_level(conn: Connection) -> list[GradeLevelCount]:
    """Open warning-list entries by grade and level, grades in school order."""
    found = [
        (int(str(d["order"])), GradeLevelCount(str(d["grade"]), WarningLevel(str(d["level"])), n))
        for d, n in _rows(conn, "warnings_open")
    ]
    return [g for _, g in sorted(found, key=lambda pair: (pair[0], pair[1].grade, pair[1].level.value))]


def batch_counts(conn: Connection) -> list[BatchCounts]:
    """Per screening batch, newest first (batch_id is the order here, not a stored id)."""
    batches: dict[int, dict[str, object]] = {}
    for d, n in _rows(conn, "screening_batch"):
        batches.setdefault(int(str(d["order"])), dict(d))[str(d["measure"])] = n
    return [
        BatchCounts(
            batch_id=order,
            name=str(b["name"]),
            instrument=str(b["instrument"]),
            source=str(b["source"]),
            held_on=str(b["held_on"]),
            **{m: int(str(b.get(m, 0))) for m in _SCREENING_MEASURES},
        )
        for order, b in sorted(batches.items())
    ]


def grade_counts(conn: Connection) -> list[GradeCounts]:
    grades: dict[tuple[int, str], dict[str, int]] = {}
    for d, n in _rows(conn, "screening_grade"):
        grades.setdefault((int(str(d["order"])), str(d["grade"])), {})[str(d["measure"])] = n
    return [
        GradeCounts(grade=grade, **{m: g.get(m, 0) for m in _SCREENING_MEASURES[:4]})
        for (_, grade), g in sorted(grades.items())
    ]


def appointment_counts(conn: Connection, start: datetime, end: datetime) -> list[AppointmentCount]:
    """Like scheduling.appointments.counts, from the per-day counts: whole days in [start, end)."""
    first, stop = stamp(start)[:10], stamp(end)[:10]
    # The days are chosen in SQL: five years of a large school are ~1,400 rows of JSON, and the
    # 学期自查报告 asks for six ranges (decoding them all took 30 ms of the 报表 page's first visit).
    rows = fetch_all(
        conn,
        "SELECT dims, count FROM care_counts WHERE kind = 'appointments_day'"
        " AND json_extract(dims, '$.day') >= ? AND json_extract(dims, '$.day') < ?",
        (first, stop),
    )
    merged: dict[tuple[str, str, bool, bool], int] = {}
    for r in rows:
        d, n = json.loads(r["dims"]), int(r["count"])
        key = (str(d["type"]), str(d["status"]), bool(d["walk_in"]), bool(d["late"]))
        merged[key] = merged.get(key, 0) + n
    return [AppointmentCount(t, s, w, late, n) for (t, s, w, late), n in sorted(merged.items())]
