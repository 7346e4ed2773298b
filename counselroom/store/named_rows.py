"""Reading query results by column name.

Every read in store goes through these helpers, so a decoder says `r["student_no"]` instead of
counting columns (`r[1]`), and adding a column to a SELECT cannot shift the others. Only these
cursors get the named row factory: the connection itself keeps returning plain tuples, so code
outside the repositories that compares rows with tuples keeps working.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Protocol

import sqlcipher3

Params = Sequence[Any] | dict[str, Any]


class Row(Protocol):
    """A row read through these helpers (a sqlcipher3.Row): columns by name only, `r["student_no"]`."""

    def __getitem__(self, column: str, /) -> Any: ...

    def keys(self) -> list[str]: ...


def _cursor(conn: sqlcipher3.Connection) -> sqlcipher3.Cursor:
    cursor = conn.cursor()
    cursor.row_factory = sqlcipher3.Row
    return cursor


def fetch_all(conn: sqlcipher3.Connection, sql: str, params: Params = ()) -> list[Row]:
    rows: list[Row] = _cursor(conn).execute(sql, params).fetchall()
    return rows


def fetch_one(conn: sqlcipher3.Connection, sql: str, params: Params = ()) -> Row | None:
    row: Row | None = _cursor(conn).execute(sql, params).fetchone()
    return row


def fetch_each(conn: sqlcipher3.Connection, sql: str, params: Params = ()) -> Iterator[Row]:
    """Rows one at a time, for walks over a whole table (the audit chain)."""
    yield from _cursor(conn).execute(sql, params)
