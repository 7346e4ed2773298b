"""Talk and home-visit counts in the school store (care_counts kinds), for the coverage view and the
principal, who never open the care store. Written by `recount_into`, called from care_counts.recount
inside the care transaction that changed a talk, a visit, a student, a guardian or a term; read back
by `talk_counts` and `home_visit_counts`, which touch the school store only. Never a name or an id of
a student: counts per term or month and category, and per term and class.

- talks_term  {term: "2025-2026-1", category, measure: talks|students|participants}
- talks_month {month: "2025-10", category, measure}
- home_visits_class_term {term, class_id, measure: students|students_visited|families|families_visited}
  — the students at school in the class now; a family (primary guardian's phone digits, family_key)
  counts in each class it has a student in, and is visited when any of its students at school was on
  a visit dated within the term. A term is counted from its first to its last day, both included.

Zero counts are not stored: a reader fills them in (a class with no student at school is absent)."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from counselroom.domain.activities.home_visits import family_key
from counselroom.domain.activities.talks import TalkCategory
from counselroom.domain.school.terms import term_code
from counselroom.store.activities import people, talk_recount
from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all

Counts = dict[tuple[str, str], int]  # as store/care_counts.py: (kind, dims as sorted JSON) -> count

TALK_KINDS = talk_recount.KINDS
VISIT_KINDS = ("home_visits_class_term",)
TALK_MEASURES = talk_recount.MEASURES
VISIT_MEASURES = ("students", "students_visited", "families", "families_visited")
_IN_TERM = "JOIN terms tm ON v.held_on BETWEEN tm.start_date AND tm.end_date JOIN academic_years y ON y.id = tm.year_id"


def _key(kind: str, **dims: object) -> tuple[str, str]:
    return kind, json.dumps(dims, ensure_ascii=False, sort_keys=True)


def recount_into(conn: Connection, counts: Counts) -> None:
    """Add every talk and home-visit count to `counts` (needs the care store attached)."""
    recount_talks_into(conn, counts)
    recount_visits_into(conn, counts)


def recount_talks_into(conn: Connection, counts: Counts, *, days: Collection[str] | None = None) -> None:
    """talks_term and talks_month; with `days` (of talks just changed), only their months and terms
    are counted again (store/activities/talk_recount.py)."""
    talk_recount.recount(conn, counts, days=days)


def recount_visits_into(conn: Connection, counts: Counts) -> None:
    """home_visits_class_term: one pass over the students at school and one over the visited ones,
    families from domain family_key (the same as `siblings` offers). A term counts only the
    students enrolled by its end: a class's past terms are not charged with later arrivals."""
    members = people.phones_at_school(conn)
    family = {s.id: family_key(s.id, s.phone) for s in members}
    classes: dict[int, list[int]] = {}
    for s in members:
        classes.setdefault(s.class_id, []).append(s.id)
    visited = _visited_by_term(conn)
    enrolled = {s.id: s.enrolled_on for s in members}
    for term, term_end in _term_codes(conn):
        seen = visited.get(term, set())
        seen_families = {family[s] for s in seen if s in family}
        for class_id, all_ids in classes.items():
            ids = [s for s in all_ids if enrolled[s] <= term_end]
            families = {family[s] for s in ids}
            found = (len(ids), sum(s in seen for s in ids), len(families), len(families & seen_families))
            for measure, n in zip(VISIT_MEASURES, found, strict=True):
                if n:
                    counts[_key("home_visits_class_term", term=term, class_id=class_id, measure=measure)] = n


def _term_codes(conn: Connection) -> list[tuple[str, str]]:
    """(term code, its last day as ISO text)."""
    rows = fetch_all(conn, "SELECT y.name, t.number, t.end_date FROM terms t JOIN academic_years y ON y.id = t.year_id")
    return [(term_code(str(r["name"]), int(r["number"])), str(r["end_date"])) for r in rows]


def _visited_by_term(conn: Connection) -> dict[str, set[int]]:
    """Term code → the students on any visit dated within it."""
    rows = fetch_all(
        conn,
        "SELECT DISTINCT y.name AS year_name, tm.number, x.student_id FROM care.home_visits v"
        f" JOIN care.home_visit_students x ON x.visit_id = v.id {_IN_TERM}",
    )
    found: dict[str, set[int]] = {}
    for r in rows:
        found.setdefault(term_code(str(r["year_name"]), int(r["number"])), set()).add(int(r["student_id"]))
    return found


# -- reading them back (school store only) -------------------------------------------------------


@dataclass(frozen=True)
class TalkCount:
    category: TalkCategory
    talks: int
    students: int
    participants: int


@dataclass(frozen=True)
class ClassVisitCount:
    class_id: int
    students: int
    students_visited: int
    families: int
    families_visited: int


def _rows(conn: Connection, kind: str) -> Iterator[tuple[dict[str, object], int]]:
    for r in fetch_all(conn, "SELECT dims, count FROM care_counts WHERE kind = ?", (kind,)):
        yield json.loads(r["dims"]), int(r["count"])


def talk_counts(conn: Connection, *, term: str | None = None, month: str | None = None) -> list[TalkCount]:
    """Six rows in S000's order for one term ("2025-2026-1") or one month ("2025-10"); give one."""
    if (term is None) == (month is None):
        raise ValueError("talk_counts: give a term or a month")
    kind, field, value = ("talks_term", "term", term) if term is not None else ("talks_month", "month", month)
    found: dict[tuple[str, str], int] = {}
    for dims, n in _rows(conn, kind):
        if dims[field] == value:
            found[(str(dims["category"]), str(dims["measure"]))] = n
    return [TalkCount(c, *(found.get((c.value, m), 0) for m in TALK_MEASURES)) for c in TalkCategory]


def home_visit_counts(conn: Connection, term: str) -> dict[int, ClassVisitCount]:
    """Class id → its students and families, and how many were visited in the term."""
    found: dict[int, dict[str, int]] = {}
    for dims, n in _rows(conn, "home_visits_class_term"):
        if dims["term"] == term:
            found.setdefault(int(str(dims["class_id"])), {})[str(dims["measure"])] = n
    return {
        class_id: ClassVisitCount(class_id, *(measures.get(m, 0) for m in VISIT_MEASURES))
        for class_id, measures in sorted(found.items())
    }
