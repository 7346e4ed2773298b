"""Recounting talks_term and talks_month (store/activities/activity_counts.py), all of them or only
the months and terms of the days a transaction touched. Saving a talk is the common change, and a
school's years of talks are many: temp triggers note the days of the talks a transaction changed,
and only their month and term are counted again — the other periods keep their stored counts, which
`counselroom check` compares with a full recount.

Each measure is its own query, so each reads only what it needs: talks from the talks rows alone,
students through talk_students, participants from the talks rows except for guardians (named per
student, store/activities/talks.py). Within a category the talkers are of one kind (domain
talker_kind), so the two participant queries add up."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence

from counselroom.domain.school.terms import term_code
from counselroom.store.activities.talks import GUARDIAN_KEY, PERSON_KEY
from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all

Counts = dict[tuple[str, str], int]

KINDS = ("talks_term", "talks_month")
MEASURES = ("talks", "students", "participants")

_TALKS = (
    "SELECT {period}, t.category, count(*) AS n FROM care.talks t {join} WHERE {where} GROUP BY {group}, t.category"
)
_STUDENTS = (
    "SELECT {period}, t.category, count(DISTINCT ts.student_id) AS n FROM care.talk_students ts"
    " JOIN care.talks t ON t.id = ts.talk_id {join} WHERE {where} GROUP BY {group}, t.category"
)
_PEOPLE = (
    f"SELECT {{period}}, t.category, count(DISTINCT {PERSON_KEY}) AS n FROM care.talks t {{join}}"
    " WHERE t.talker_kind <> '家长' AND {where} GROUP BY {group}, t.category"
)
_GUARDIANS = (
    f"SELECT {{period}}, t.category, count(DISTINCT {GUARDIAN_KEY}) AS n FROM care.talk_students ts"
    " JOIN care.talks t ON t.id = ts.talk_id {join} WHERE t.talker_kind = '家长' AND {where}"
    " GROUP BY {group}, t.category"
)
_QUERIES = (("talks", _TALKS), ("students", _STUDENTS), ("participants", _PEOPLE), ("participants", _GUARDIANS))
_IN_TERM = "JOIN terms tm ON t.held_on BETWEEN tm.start_date AND tm.end_date JOIN academic_years y ON y.id = tm.year_id"
_BY = {
    "talks_term": {"period": "y.name AS year_name, tm.number", "join": _IN_TERM, "group": "tm.id"},
    "talks_month": {"period": "substr(t.held_on, 1, 7) AS month", "join": "", "group": "month"},
}
_DAYS = "temp.care_counts_talk_days"


def watch_days(conn: Connection) -> None:
    """Temp triggers noting the day of every talk a transaction adds, changes or removes."""
    conn.execute(f"CREATE TABLE IF NOT EXISTS {_DAYS} (day TEXT PRIMARY KEY)")
    note = f"INSERT OR IGNORE INTO {_DAYS} (day)"
    bodies = {
        "talks_insert": ("INSERT ON care.talks", f"{note} VALUES (NEW.held_on);"),
        "talks_update": ("UPDATE ON care.talks", f"{note} VALUES (OLD.held_on); {note} VALUES (NEW.held_on);"),
        "talks_delete": ("DELETE ON care.talks", f"{note} VALUES (OLD.held_on);"),
        "talk_students_insert": (
            "INSERT ON care.talk_students",
            f"{note} SELECT held_on FROM care.talks WHERE id = NEW.talk_id;",
        ),
        "talk_students_update": (
            "UPDATE ON care.talk_students",
            f"{note} SELECT held_on FROM care.talks WHERE id IN (OLD.talk_id, NEW.talk_id);",
        ),
        "talk_students_delete": (  # a talk deleted first has noted its day itself
            "DELETE ON care.talk_students",
            f"{note} SELECT held_on FROM care.talks WHERE id = OLD.talk_id;",
        ),
    }
    for name, (event, body) in bodies.items():
        conn.execute(f"CREATE TEMP TRIGGER IF NOT EXISTS care_counts_days_{name} AFTER {event} BEGIN {body} END")


def changed_days(conn: Connection) -> list[str]:
    return [str(r["day"]) for r in fetch_all(conn, f"SELECT day FROM {_DAYS} ORDER BY day")]


def forget_days(conn: Connection) -> None:
    conn.execute(f"DELETE FROM {_DAYS}")


def recount(conn: Connection, counts: Counts, *, days: Collection[str] | None = None) -> None:
    """Every talk count into `counts`; with `days`, only their months and terms are counted again
    and the rest are taken from the stored counts."""
    if days is None:
        for kind in KINDS:
            _count(conn, counts, kind, "1", ())
        return
    months = sorted({d[:7] for d in days})
    terms = _terms_of(conn, days)
    counts.update(_stored_except(conn, months, [code for _id, code in terms]))
    for month in months:
        _count(conn, counts, "talks_month", "t.held_on BETWEEN ? AND ?", (f"{month}-01", f"{month}-31"))
    if terms:
        _count(conn, counts, "talks_term", f"tm.id IN ({', '.join('?' for _ in terms)})", [i for i, _c in terms])


def _count(conn: Connection, counts: Counts, kind: str, where: str, params: Sequence[object]) -> None:
    for measure, sql in _QUERIES:
        for r in fetch_all(conn, sql.format(where=where, **_BY[kind]), params):
            dims = {"category": str(r["category"]), "measure": measure, **_period(kind, r)}
            key = kind, json.dumps(dims, ensure_ascii=False, sort_keys=True)
            counts[key] = counts.get(key, 0) + int(r["n"])


def _period(kind: str, r: Row) -> dict[str, str]:
    if kind == "talks_month":
        return {"month": str(r["month"])}
    return {"term": term_code(str(r["year_name"]), int(r["number"]))}


def _terms_of(conn: Connection, days: Collection[str]) -> list[tuple[int, str]]:
    """(id, code) of the terms these days fall in."""
    rows = fetch_all(conn, "SELECT t.id, y.name, t.number, t.start_date, t.end_date FROM terms t"
                           " JOIN academic_years y ON y.id = t.year_id")  # fmt: skip
    return [
        (int(r["id"]), term_code(str(r["name"]), int(r["number"])))
        for r in rows
        if any(str(r["start_date"]) <= d <= str(r["end_date"]) for d in days)
    ]


def _stored_except(conn: Connection, months: Collection[str], terms: Collection[str]) -> Counts:
    """The stored talk counts of every other month and term."""
    kept: Counts = {}
    rows = fetch_all(conn, "SELECT kind, dims, count FROM care_counts WHERE kind IN (?, ?)", KINDS)
    for r in rows:
        dims = json.loads(r["dims"])
        if dims.get("month") not in months and dims.get("term") not in terms:
            kept[(str(r["kind"]), str(r["dims"]))] = int(r["count"])
    return kept
