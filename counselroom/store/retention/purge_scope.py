"""What a purge touches, table by table, for the students marked in `temp.purge_students`.

`mark` works out, before anything is deleted, which records go and which stay: a record about the
marked students only goes whole (a case, its notes, attachments and history; a warning; a talk or
a home visit or a group note or an incident with no other student on it); a record shared with a
student who stays is kept for them, and only the marked student's link to it goes (and their name
is taken out of its text, purge_rows.py). The sets live in temp tables (in memory, this connection
only), so the deletes below read fixed sets, never a table they have already changed: counting the
rows first (`planned_rows`) gives exactly what deleting them does.

Every table of both stores is named here once: in `DELETES` (rows about a student), or in
`NOT_ABOUT_STUDENTS` with why not. tests/store/test_purge_tables.py walks sqlite_master of both
stores, so a table added later that is neither fails it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all, fetch_one

SCHOOL, CARE = "main", "care"
P = "(SELECT id FROM temp.purge_students)"


def in_set(name: str) -> str:
    return f"(SELECT id FROM temp.{name})"


def _only_marked(link: str, key: str) -> str:
    """Ids on `link` with a marked student and no other student (found from the marked students'
    own links, through the index on student_id, not by walking every record)."""
    return (
        f"SELECT DISTINCT l.{key} FROM care.{link} l WHERE l.student_id IN {P} AND NOT EXISTS"
        f" (SELECT 1 FROM care.{link} o WHERE o.{key} = l.{key} AND o.student_id NOT IN {P})"
    )


def _shared(link: str, key: str) -> str:
    """Ids on `link` with a marked student and another one."""
    return (
        f"SELECT DISTINCT l.{key} FROM care.{link} l WHERE l.student_id IN {P} AND EXISTS"
        f" (SELECT 1 FROM care.{link} o WHERE o.{key} = l.{key} AND o.student_id NOT IN {P})"
    )


_INCIDENT_HAS_OTHERS = (
    f"EXISTS (SELECT 1 FROM care.incident_students l WHERE l.incident_id = i.id AND l.student_id NOT IN {P})"
    " OR EXISTS (SELECT 1 FROM care.aftercare_people a WHERE a.incident_id = i.id AND a.student_id IS NOT NULL"
    f" AND a.student_id NOT IN {P})"
    " OR EXISTS (SELECT 1 FROM care.confidentiality_exceptions x WHERE x.incident_id = i.id"
    f" AND x.student_id NOT IN {P})"
)

# (temp set, the ids it holds) in the order they are worked out: later sets read earlier ones.
MARKS: tuple[tuple[str, str], ...] = (
    ("purge_changes", f"SELECT id FROM main.student_status_changes WHERE student_id IN {P}"),
    ("purge_cases", f"SELECT id FROM care.cases WHERE student_id IN {P}"),
    (
        "purge_notes",
        f"SELECT id FROM care.notes WHERE case_id IN {in_set('purge_cases')} UNION SELECT id FROM care.notes"
        f" WHERE case_id IS NULL AND id IN ({_only_marked('note_students', 'note_id')})",
    ),
    (
        "shared_notes",
        f"SELECT id FROM care.notes WHERE case_id IS NULL AND id IN ({_shared('note_students', 'note_id')})",
    ),
    ("purge_results", f"SELECT id FROM care.screening_results WHERE student_id IN {P}"),
    (
        "purge_batches",  # a batch whose every result goes (a scale entered for one student)
        f"SELECT b.id FROM care.screening_batches b WHERE EXISTS (SELECT 1 FROM care.screening_results r"
        f" WHERE r.batch_id = b.id AND r.id IN {in_set('purge_results')}) AND NOT EXISTS (SELECT 1 FROM"
        f" care.screening_results r WHERE r.batch_id = b.id AND r.id NOT IN {in_set('purge_results')})",
    ),
    ("purge_peer_reports", f"SELECT id FROM care.peer_reports WHERE student_id IN {P}"),
    (
        "purge_proposals",
        f"SELECT id FROM care.warning_proposals WHERE student_id IN {P} OR result_id IN {in_set('purge_results')}"
        f" OR peer_report_id IN {in_set('purge_peer_reports')}",
    ),
    ("purge_warnings", f"SELECT id FROM care.warnings WHERE student_id IN {P}"),
    ("purge_referrals", f"SELECT id FROM care.referrals WHERE student_id IN {P}"),
    ("purge_leaves", f"SELECT id FROM care.student_leaves WHERE student_id IN {P}"),
    ("purge_returns", f"SELECT id FROM care.student_returns WHERE leave_id IN {in_set('purge_leaves')}"),
    ("purge_appointments", _only_marked("appointment_students", "appointment_id")),
    ("shared_appointments", _shared("appointment_students", "appointment_id")),
    ("purge_talks", _only_marked("talk_students", "talk_id")),
    (
        "shared_talks",  # with another student, or held by a marked 心理委员 with others
        f"SELECT talk_id FROM care.talk_students WHERE student_id IN {P}"
        f" UNION SELECT id FROM care.talks WHERE talker_student_id IN {P} EXCEPT SELECT id FROM temp.purge_talks",
    ),
    ("purge_visits", _only_marked("home_visit_students", "visit_id")),
    ("shared_visits", _shared("home_visit_students", "visit_id")),
    (
        "purge_incidents",  # everyone on it is marked: its students, its after-care list, its 保密例外
        f"SELECT DISTINCT i.id FROM care.incident_students l JOIN care.incidents i ON i.id = l.incident_id"
        f" WHERE l.student_id IN {P} AND NOT ({_INCIDENT_HAS_OTHERS})",
    ),
    (
        "shared_incidents",  # a marked student on it, kept for the others
        f"SELECT incident_id FROM care.incident_students WHERE student_id IN {P}"
        f" UNION SELECT incident_id FROM care.aftercare_people WHERE student_id IN {P}"
        f" UNION SELECT incident_id FROM care.confidentiality_exceptions WHERE student_id IN {P}"
        " AND incident_id IS NOT NULL EXCEPT SELECT id FROM temp.purge_incidents",
    ),
    ("purge_exceptions", f"SELECT id FROM care.confidentiality_exceptions WHERE student_id IN {P}"),
    (
        "purge_aftercare",
        f"SELECT id FROM care.aftercare_people WHERE student_id IN {P} OR incident_id IN {in_set('purge_incidents')}",
    ),
    (
        "purge_docs",  # the search index's documents of what goes
        f"SELECT id FROM care.search_docs WHERE note_id IN {in_set('purge_notes')}"
        f" OR case_id IN {in_set('purge_cases')} OR student_id IN {P}",
    ),
)

# Kept rows that point at a row about to go: the pointer is cleared, the row stays with its student.
UNLINKS: tuple[tuple[str, str, str, str], ...] = (
    ("care", "student_returns", "assessment_note_id", in_set("purge_notes")),
    ("care", "incident_events", "referral_id", in_set("purge_referrals")),
    ("care", "referrals", "case_id", in_set("purge_cases")),
    ("care", "confidentiality_exceptions", "case_id", in_set("purge_cases")),
)


@dataclass(frozen=True)
class Delete:
    schema: str
    table: str
    where: str


_DRAFTS = "rowid IN (SELECT rid FROM temp.purge_drafts WHERE schema = '{schema}')"

# Children before parents, so no foreign key or cascade deletes a row not counted here.
DELETES: tuple[Delete, ...] = (
    Delete(CARE, "search_index", f"rowid IN {in_set('purge_docs')}"),
    Delete(CARE, "search_texts", f"doc_id IN {in_set('purge_docs')}"),
    Delete(CARE, "search_doc_students", f"doc_id IN {in_set('purge_docs')} OR student_id IN {P}"),
    Delete(CARE, "search_docs", f"id IN {in_set('purge_docs')}"),
    Delete(CARE, "note_addenda", f"note_id IN {in_set('purge_notes')}"),
    Delete(CARE, "note_students", f"note_id IN {in_set('purge_notes')} OR student_id IN {P}"),
    Delete(CARE, "return_documents", f"return_id IN {in_set('purge_returns')}"),
    Delete(CARE, "return_checkins", f"return_id IN {in_set('purge_returns')}"),
    Delete(CARE, "student_returns", f"id IN {in_set('purge_returns')}"),
    Delete(CARE, "student_leaves", f"id IN {in_set('purge_leaves')}"),
    Delete(CARE, "notes", f"id IN {in_set('purge_notes')}"),
    Delete(CARE, "attachments", f"case_id IN {in_set('purge_cases')}"),
    Delete(CARE, "case_history", f"case_id IN {in_set('purge_cases')}"),
    Delete(CARE, "case_people", f"case_id IN {in_set('purge_cases')}"),
    Delete(CARE, "referral_follow_ups", f"referral_id IN {in_set('purge_referrals')}"),
    Delete(CARE, "referral_history", f"referral_id IN {in_set('purge_referrals')}"),
    Delete(CARE, "referrals", f"id IN {in_set('purge_referrals')}"),
    Delete(CARE, "confidentiality_exceptions", f"id IN {in_set('purge_exceptions')}"),
    Delete(CARE, "aftercare_followups", f"person_id IN {in_set('purge_aftercare')}"),
    Delete(CARE, "aftercare_people", f"id IN {in_set('purge_aftercare')}"),
    Delete(CARE, "incident_events", f"incident_id IN {in_set('purge_incidents')}"),
    Delete(CARE, "incident_team", f"incident_id IN {in_set('purge_incidents')}"),
    Delete(CARE, "incident_students", f"incident_id IN {in_set('purge_incidents')} OR student_id IN {P}"),
    Delete(CARE, "incidents", f"id IN {in_set('purge_incidents')}"),
    Delete(CARE, "cases", f"id IN {in_set('purge_cases')}"),
    Delete(CARE, "guardian_notices", f"warning_id IN {in_set('purge_warnings')}"),
    Delete(CARE, "warning_history", f"warning_id IN {in_set('purge_warnings')}"),
    Delete(CARE, "warnings", f"id IN {in_set('purge_warnings')}"),
    Delete(CARE, "proposal_rejections", f"proposal_id IN {in_set('purge_proposals')}"),
    Delete(CARE, "warning_proposals", f"id IN {in_set('purge_proposals')}"),
    Delete(CARE, "screening_results", f"id IN {in_set('purge_results')}"),
    Delete(CARE, "screening_batches", f"id IN {in_set('purge_batches')}"),
    Delete(CARE, "peer_reports", f"id IN {in_set('purge_peer_reports')}"),
    Delete(CARE, "waitlist", f"student_id IN {P}"),
    Delete(CARE, "appointment_students", f"appointment_id IN {in_set('purge_appointments')} OR student_id IN {P}"),
    Delete(CARE, "appointments", f"id IN {in_set('purge_appointments')}"),
    Delete(CARE, "talk_students", f"talk_id IN {in_set('purge_talks')} OR student_id IN {P}"),
    Delete(CARE, "talks", f"id IN {in_set('purge_talks')}"),
    Delete(CARE, "home_visit_students", f"visit_id IN {in_set('purge_visits')} OR student_id IN {P}"),
    Delete(CARE, "home_visits", f"id IN {in_set('purge_visits')}"),
    Delete(CARE, "care_plans", f"student_id IN {P}"),
    Delete(CARE, "plan_reviews", f"student_id IN {P}"),
    Delete(CARE, "student_background", f"student_id IN {P}"),
    Delete(CARE, "student_flags", f"student_id IN {P}"),
    Delete(CARE, "status_change_reasons", f"change_id IN {in_set('purge_changes')}"),
    Delete(CARE, "drafts", _DRAFTS.format(schema=CARE)),
    Delete(SCHOOL, "guardians", f"student_id IN {P}"),
    Delete(SCHOOL, "mentorships", f"student_id IN {P}"),
    Delete(SCHOOL, "peer_monitors", f"student_id IN {P}"),
    Delete(SCHOOL, "student_status_changes", f"id IN {in_set('purge_changes')}"),
    Delete(SCHOOL, "drafts", _DRAFTS.format(schema=SCHOOL)),
    Delete(SCHOOL, "students", f"id IN {P}"),
)

# Tables that hold nothing about one student, and why. With DELETES, every table of both stores.
NOT_ABOUT_STUDENTS: dict[tuple[str, str], str] = {
    (SCHOOL, "academic_years"): "school calendar",
    (SCHOOL, "audit_log"): "append-only; ids and fixed words, never a name (the purge adds its own row)",
    (SCHOOL, "care_counts"): "counts without names or ids: recounted after the purge",
    (SCHOOL, "classes"): "classes, not students",
    (SCHOOL, "duty_assignments"): "staff duty",
    (SCHOOL, "duty_logs"): "visitor and call counts, no student named",
    (SCHOOL, "duty_rosters"): "staff duty",
    (SCHOOL, "duty_staff"): "staff duty",
    (SCHOOL, "duty_swaps"): "staff duty",
    (SCHOOL, "grades"): "grades",
    (SCHOOL, "incident_status"): "an incident's status and counts only: recounted after the purge",
    (SCHOOL, "lessons"): "a class's lesson",
    (SCHOOL, "meetings"): "meetings, no student named",
    (SCHOOL, "meta"): "installation facts",
    (SCHOOL, "opening_hours"): "the room's hours",
    (SCHOOL, "partners"): "hospitals and agencies",
    (SCHOOL, "room_areas"): "the room",
    (SCHOOL, "room_budget"): "the room",
    (SCHOOL, "room_rules"): "the room",
    (SCHOOL, "rooms"): "the room",
    (SCHOOL, "school"): "the school",
    (SCHOOL, "school_activities"): "activities for classes and grades, counts only",
    (SCHOOL, "school_activity_classes"): "activities for classes",
    (SCHOOL, "school_days"): "school calendar",
    (SCHOOL, "self_inspection_notes"): "the term's 问题与改进措施: the entry box says not to name a student",
    (SCHOOL, "settings"): "school settings",
    (SCHOOL, "staff"): "staff",
    (SCHOOL, "terms"): "school calendar",
    (SCHOOL, "trainings"): "staff training",
    (SCHOOL, "users"): "accounts",
    (CARE, "audit_anchor"): "the audit chain head",
    (CARE, "care_meta"): "the store's id and the pseudonym secret",
    (CARE, "screening_mappings"): "a sheet's column headers",
    (CARE, "search_queries"): "a colleague's search, kept for the audit: the student's name is taken out of it",
    # FTS5's own tables behind search_index: its rows go with `DELETE FROM search_index`, and the
    # purge's 'optimize' rewrites them without the deleted documents' words.
    (CARE, "search_index_config"): "FTS5 settings",
    (CARE, "search_index_data"): "FTS5 segments of search_index",
    (CARE, "search_index_docsize"): "FTS5 sizes of search_index rows",
    (CARE, "search_index_idx"): "FTS5 segment index of search_index",
}

# Columns that name a student and stay on rows kept for other students (KEPT_STUDENT_COLUMNS): the
# 心理委员 who held a talk. The id stays (the talk's counts by talker stay right) but points at no
# one: the students row is gone and its id is never given again (migration 0022).
KEPT_STUDENT_COLUMNS = frozenset({(CARE, "talks", "talker_student_id")})


def mark(conn: Connection, student_ids: Iterable[int]) -> None:
    """Work out every set for these students (replacing any earlier marks). The unsaved texts that
    name them are added by `mark_drafts` once the sets are known."""
    clear(conn)
    conn.execute("CREATE TEMP TABLE purge_students (id INTEGER PRIMARY KEY)")
    conn.executemany("INSERT INTO temp.purge_students (id) VALUES (?)", [(int(i),) for i in student_ids])
    conn.execute("CREATE TEMP TABLE purge_drafts (schema TEXT NOT NULL, rid INTEGER NOT NULL)")
    for name, select in MARKS:
        conn.execute(f"CREATE TEMP TABLE {name} (id INTEGER PRIMARY KEY)")
        conn.execute(f"INSERT INTO temp.{name} (id) {select}")


def mark_drafts(conn: Connection, drafts: Iterable[tuple[str, int]]) -> None:
    """(schema, rowid) of drafts that go with the marked students (purge_rows.drafts_naming)."""
    conn.executemany("INSERT INTO temp.purge_drafts (schema, rid) VALUES (?, ?)", list(drafts))


def clear(conn: Connection) -> None:
    for name in ("purge_students", "purge_drafts", *(n for n, _ in MARKS)):
        conn.execute(f"DROP TABLE IF EXISTS temp.{name}")


def marked(conn: Connection, name: str) -> list[int]:
    """The ids in one of the sets (shared_notes, purge_cases …)."""
    return [int(r["id"]) for r in fetch_all(conn, f"SELECT id FROM temp.{name} ORDER BY id")]


def planned_rows(conn: Connection) -> dict[tuple[str, str], int]:
    """How many rows each delete will remove, for the marked students: (schema, table) → rows."""
    found = {}
    for d in DELETES:
        row = fetch_one(conn, f"SELECT count(*) AS n FROM {d.schema}.{d.table} WHERE {d.where}")
        found[(d.schema, d.table)] = int(row["n"]) if row else 0
    return found


def shared_count(conn: Connection) -> int:
    """Records kept for other students that lose the marked students' link."""
    names = ("shared_notes", "shared_appointments", "shared_talks", "shared_visits", "shared_incidents")
    return sum(len(marked(conn, name)) for name in names)
