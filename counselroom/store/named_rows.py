"""Reading query results by column name.

Every read in store goes through these helpers, so a decoder says `r["student_no"]` instead of
counting columns (`r[1]`), and adding a column to a SELECT cannot shift the others. Only these
cursors get the named row factory: the connection itself keeps returning plain tuples, so code
outside the repositories that compares rows with tuples keeps working.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import sqlcipher3

Row = sqlcipher3.Row  # r["column"]; also iterable, so tuple(r) keeps the SELECT's order
Params = Sequence[Any] | dict[str, Any]


def _cursor(conn: sqlcipher3.Connection) -> sqlcipher3.Cursor:
    cursor = conn.cursor()
    cursor.row_factory = sqlcipher3.Row
    return cursor


def fetch_all(conn: sqlcipher3.Connection, sql: str, params: Params = ()) -> list[Row]:
    return _cursor(conn).execute(sql, params).fetchall()


def fetch_one(conn: sqlcipher3.Connection, sql: str, params: Params = ()) -> Row | None:
    return _cursor(conn).execute(sql, params).fetchone()


def fetch_each(conn: sqlcipher3.Connection, sql: str, params: Params = ()) -> Iterator[Row]:
    """Rows one at a time, for walks over a whole table (the audit chain)."""
    yield from _cursor(conn).execute(sql, params)
