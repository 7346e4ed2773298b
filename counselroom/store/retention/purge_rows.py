"""Deleting what purge_scope.py marked, inside the caller's transaction over both stores.

Some care records are kept by triggers that refuse every change (a signed note, an addendum, an
incident's time line, a 保密例外). A purge is the one change they must allow: those triggers are
dropped at the start of the transaction and created again, from their own text in sqlite_master,
before it commits — a failure anywhere rolls back both the rows and the triggers. The audit log's
triggers are never touched.

Records kept for other students lose the purged student's link, and the student's identifying
words (student_strings.py) are replaced in their text by REMOVED.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all, fetch_one
from counselroom.store.retention.purge_scope import CARE, DELETES, SCHOOL, UNLINKS, P, in_set

REMOVED = "（已清除）"
PURGED_UP_TO = "students_purged_up_to"  # migration 0022: no new student gets an id at or below it


@dataclass(frozen=True)
class Redaction:
    schema: str
    table: str
    columns: tuple[str, ...]
    where: str
    key: tuple[str, ...] = ("rowid",)  # a WITHOUT ROWID table names its primary key
    json_columns: frozenset[str] = frozenset()


_SHARED_NOTES, _SHARED_INCIDENTS = in_set("shared_notes"), in_set("shared_incidents")
REDACTIONS: tuple[Redaction, ...] = (
    Redaction(CARE, "notes", ("fields",), f"id IN {_SHARED_NOTES}", json_columns=frozenset({"fields"})),
    Redaction(CARE, "note_addenda", ("text",), f"note_id IN {_SHARED_NOTES}"),
    Redaction(CARE, "note_students", ("part",), f"note_id IN {_SHARED_NOTES}", key=("note_id", "student_id")),
    Redaction(
        CARE, "appointments", ("note", "cancel_reason", "confirm_reason"), f"id IN {in_set('shared_appointments')}"
    ),
    Redaction(CARE, "talks", ("topic", "talker_name"), f"id IN {in_set('shared_talks')}"),
    Redaction(CARE, "home_visits", ("companions", "met_with", "summary"), f"id IN {in_set('shared_visits')}"),
    Redaction(CARE, "incidents", ("summary", "place", "closing_summary"), f"id IN {_SHARED_INCIDENTS}"),
    Redaction(CARE, "incident_events", ("whom", "detail"), f"incident_id IN {_SHARED_INCIDENTS}"),
    Redaction(CARE, "aftercare_people", ("reason",), f"incident_id IN {_SHARED_INCIDENTS}"),
    Redaction(
        CARE,
        "aftercare_followups",
        ("outcome",),
        f"person_id IN (SELECT id FROM care.aftercare_people WHERE incident_id IN {_SHARED_INCIDENTS})",
    ),
    Redaction(
        CARE,
        "confidentiality_exceptions",
        ("recipients", "justification", "disclosed"),
        f"incident_id IN {_SHARED_INCIDENTS}",
        json_columns=frozenset({"recipients"}),
    ),
    Redaction(CARE, "peer_reports", ("reporter",), "1"),  # "心理委员 张三": the reporter may be the one purged
    Redaction(CARE, "search_queries", ("query",), "1"),  # what a colleague typed to find them
)


@dataclass(frozen=True)
class Guard:
    schema: str
    name: str
    sql: str


@dataclass(frozen=True)
class DeletedRows:
    school: int
    care: int
    redacted: int  # rows kept for others whose text lost the student's name


def delete_marked(conn: Connection, words: Sequence[str]) -> DeletedRows:
    """Delete every row marked, clear kept rows' pointers at them, take `words` out of the text of
    kept shared records, and keep the students' ids from being given again."""
    guards = suspend_guards(conn)
    for schema, table, column, ids in UNLINKS:
        conn.execute(f"UPDATE {schema}.{table} SET {column} = NULL WHERE {column} IN {ids}")
    redacted = redact(conn, words)
    conn.execute(f"UPDATE care.talks SET talker_name = ? WHERE talker_student_id IN {P}", (REMOVED,))
    retire_ids(conn)
    deleted = {SCHOOL: 0, CARE: 0}
    for d in DELETES:
        deleted[d.schema] += conn.execute(f"DELETE FROM {d.schema}.{d.table} WHERE {d.where}").rowcount
    restore_guards(conn, guards)
    return DeletedRows(school=deleted[SCHOOL], care=deleted[CARE], redacted=redacted)


def suspend_guards(conn: Connection) -> list[Guard]:
    """Drop the triggers that refuse changes (RAISE), but never the audit log's; return their text."""
    guards = [
        Guard(schema, str(r["name"]), str(r["sql"]))
        for schema in (SCHOOL, CARE)
        for r in fetch_all(
            conn,
            f"SELECT name, sql FROM {schema}.sqlite_master WHERE type = 'trigger' AND tbl_name <> 'audit_log'"
            " AND sql LIKE '%RAISE(%'",
        )
    ]
    for g in guards:
        conn.execute(f"DROP TRIGGER {g.schema}.{g.name}")
    return guards


def restore_guards(conn: Connection, guards: Sequence[Guard]) -> None:
    for g in guards:
        conn.execute(re.sub(r"^CREATE\s+TRIGGER\s+\"?(\w+)\"?", rf"CREATE TRIGGER {g.schema}.\1", g.sql, count=1))


def retire_ids(conn: Connection) -> None:
    """Remember the highest purged student id, so the id never points at a new student."""
    row = fetch_one(conn, "SELECT max(id) AS top FROM temp.purge_students")
    if row is None or row["top"] is None:
        return
    conn.execute(
        "INSERT INTO main.meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE"
        " SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
        (PURGED_UP_TO, str(int(row["top"]))),
    )


def redact(conn: Connection, words: Sequence[str]) -> int:
    """Replace `words` in the text of the rows each Redaction names; returns the rows changed."""
    if not words:
        return 0
    changed = 0
    for r in REDACTIONS:
        keys = ", ".join(f"{k} AS key_{i}" for i, k in enumerate(r.key))
        rows = fetch_all(conn, f"SELECT {keys}, {', '.join(r.columns)} FROM {r.schema}.{r.table} WHERE {r.where}")
        for row in rows:
            new = {c: scrub(row[c], words, is_json=c in r.json_columns) for c in r.columns}
            new = {c: v for c, v in new.items() if v != row[c]}
            if not new:
                continue
            sets = ", ".join(f"{c} = ?" for c in new)
            match = " AND ".join(f"{k} = ?" for k in r.key)
            conn.execute(
                f"UPDATE {r.schema}.{r.table} SET {sets} WHERE {match}",
                (*new.values(), *(row[f"key_{i}"] for i in range(len(r.key)))),
            )
            changed += 1
    return changed


def scrub(value: object, words: Sequence[str], *, is_json: bool) -> object:
    if not isinstance(value, str) or not value:
        return value
    if is_json:  # replace inside the JSON's strings, so an escaped quote or backslash is never cut
        try:
            parsed = json.loads(value)
        except ValueError:
            return _replace(value, words)
        scrubbed = _scrub_json(parsed, words)
        return value if scrubbed == parsed else json.dumps(scrubbed, ensure_ascii=False, sort_keys=True)
    return _replace(value, words)


def _scrub_json(value: object, words: Sequence[str]) -> object:
    if isinstance(value, str):
        return _replace(value, words)
    if isinstance(value, list):
        return [_scrub_json(v, words) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_json(v, words) for k, v in value.items()}
    return value


def _replace(text: str, words: Sequence[str]) -> str:
    for word in words:  # longest first: a name inside a longer one goes whole
        text = text.replace(word, REMOVED)
    return text
