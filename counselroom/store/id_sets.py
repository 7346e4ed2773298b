"""A set of ids as one query parameter: `WHERE student_id IN_IDS` with `id_set(ids)`.

One JSON array bound to one `?` rather than a placeholder per id, so a query for the 200 students
a search shows and one for a whole school of thousands are the same SQL, never near SQLite's limit
on placeholders.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

IN_IDS = "IN (SELECT value FROM json_each(?))"


def id_set(ids: Iterable[int]) -> str:
    return json.dumps(sorted({int(i) for i in ids}))


def within(column: str, ids: Iterable[int] | None) -> tuple[str, tuple[str, ...]]:
    """A condition and its parameters: `column` among `ids`, or every row when `ids` is None."""
    return ("1", ()) if ids is None else (f"{column} {IN_IDS}", (id_set(ids),))
