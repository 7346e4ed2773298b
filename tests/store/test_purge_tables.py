"""到期清除 knows every table of both stores (store/retention/purge_scope.py).

Walks sqlite_master of a new school's two stores: each table is either purged (DELETES) or named
with why it holds nothing about one student (NOT_ABOUT_STUDENTS). A table added later that is
neither — or that has a column naming a student and is not purged — fails here, before a purge
could leave that student behind in it.
"""

from __future__ import annotations

from counselroom.store.connection import Connection
from counselroom.store.retention.purge_scope import DELETES, KEPT_STUDENT_COLUMNS, NOT_ABOUT_STUDENTS
from tests.conftest import SchoolFixture

PURGED = {(d.schema, d.table) for d in DELETES}
STUDENT_TABLES = {("main", "students")}


def _tables(conn: Connection) -> set[tuple[str, str]]:
    return {
        (schema, str(name))
        for schema in ("main", "care")
        for (name,) in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    }


def _columns(conn: Connection, schema: str, table: str) -> list[str]:
    return [str(c[1]) for c in conn.execute(f"PRAGMA {schema}.table_info('{table}')").fetchall()]


def _references_students(conn: Connection, schema: str, table: str) -> list[str]:
    return [
        str(f[3]) for f in conn.execute(f"PRAGMA {schema}.foreign_key_list('{table}')").fetchall() if f[2] == "students"
    ]


def test_every_table_of_both_stores_is_purged_or_said_to_hold_no_student(school: SchoolFixture) -> None:
    lead = school.sign_in("lead")
    try:
        tables = _tables(lead.db.conn)
    finally:
        lead.db.close()
    unnamed = tables - PURGED - set(NOT_ABOUT_STUDENTS)
    assert not unnamed, f"say in store/retention/purge_scope.py how a purge treats {sorted(unnamed)}"
    assert not PURGED & set(NOT_ABOUT_STUDENTS)
    assert not (PURGED | set(NOT_ABOUT_STUDENTS)) - tables, "purge_scope.py names a table that no longer exists"


def test_every_column_that_names_a_student_is_in_a_purged_table(school: SchoolFixture) -> None:
    lead = school.sign_in("lead")
    try:
        conn = lead.db.conn
        naming = {
            (schema, table, column)
            for schema, table in _tables(conn)
            for column in {
                *(c for c in _columns(conn, schema, table) if c.endswith("student_id")),
                *_references_students(conn, schema, table),
            }
        }
    finally:
        lead.db.close()
    assert ("care", "talks", "talker_student_id") in naming and ("main", "guardians", "student_id") in naming
    loose = {(s, t, c) for s, t, c in naming if (s, t) not in PURGED and (s, t, c) not in KEPT_STUDENT_COLUMNS}
    assert not loose, f"these columns name a student but the purge does not delete their rows: {sorted(loose)}"
    assert STUDENT_TABLES <= PURGED
