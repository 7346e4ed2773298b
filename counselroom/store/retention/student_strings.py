"""The words that identify the students marked for purge — name, 学号, guardians' names and phones —
to take them out of the text of records kept for other students, and to find the unsaved drafts
that name them.

A word that also belongs to someone who stays is left alone: a sibling's guardian is the same
mother with the same phone, a namesake has the same name, a guardian may be a teacher here.
Taking it out would damage their records; the word no longer points at the purged student alone.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence

from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all
from counselroom.store.retention.purge_scope import P

MIN_NAME, MIN_NUMBER, MIN_PHONE = 2, 3, 5

# A word someone who stays also has: a student not marked, their guardians, staff, accounts.
_SHARED = f"""
SELECT w.value AS word FROM json_each(:words) w
WHERE EXISTS (SELECT 1 FROM main.students s WHERE s.name = w.value AND s.id NOT IN {P})
   OR EXISTS (SELECT 1 FROM main.guardians g WHERE (trim(g.name) = w.value OR trim(g.phone) = w.value)
              AND g.student_id NOT IN {P})
   OR EXISTS (SELECT 1 FROM main.staff t WHERE trim(t.name) = w.value)
   OR EXISTS (SELECT 1 FROM main.users u WHERE trim(u.display_name) = w.value)
"""


def identifying_strings(conn: Connection) -> tuple[str, ...]:
    """The marked students' identifying words that nobody who stays shares, longest first."""
    words: set[str] = set()
    for r in fetch_all(conn, f"SELECT name, student_no FROM main.students WHERE id IN {P}"):
        words |= _long_enough(str(r["name"]), MIN_NAME) | _long_enough(str(r["student_no"]), MIN_NUMBER)
    for r in fetch_all(conn, f"SELECT name, phone FROM main.guardians WHERE student_id IN {P}"):
        words |= _long_enough(str(r["name"]), MIN_NAME) | _long_enough(str(r["phone"]), MIN_PHONE)
    shared = {str(r["word"]) for r in fetch_all(conn, _SHARED, {"words": json.dumps(sorted(words))})}
    return tuple(sorted(words - shared, key=lambda w: (-len(w), w)))


def _long_enough(word: str, shortest: int) -> set[str]:
    word = word.strip()
    return {word} if len(word) >= shortest else set()


def drafts_naming(
    conn: Connection,
    student_ids: Collection[int],
    words: Sequence[str],
    *,
    case_ids: Collection[int],
    note_ids: Collection[int],
) -> list[tuple[str, int]]:
    """(schema, rowid) of the unsaved drafts in either store that belong to these students: kept for
    their file (`student:<id>:…`), for a note or case of theirs (the 个案 page keeps the note's id), or
    naming them in the text."""
    keys = tuple(f"student:{i}:" for i in student_ids)
    found = []
    for schema in ("main", "care"):
        for r in fetch_all(conn, f"SELECT rowid AS rid, key, text FROM {schema}.drafts"):
            key, text = str(r["key"]), str(r["text"])
            if (
                key.startswith(keys)
                or any(w in text for w in words)
                or _points_at(text, case_ids=case_ids, note_ids=note_ids)
            ):
                found.append((schema, int(r["rid"])))
    return found


def _points_at(text: str, *, case_ids: Collection[int], note_ids: Collection[int]) -> bool:
    try:
        kept = json.loads(text)
    except ValueError:
        return False
    if not isinstance(kept, dict):
        return False
    note_id, case_id = kept.get("note_id"), kept.get("case_id")
    return (isinstance(note_id, int) and note_id in note_ids) or (isinstance(case_id, int) and case_id in case_ids)
