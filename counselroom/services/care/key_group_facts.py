"""The one query behind every 重点关注群体 shown: the student list, the student file and the
成长导师 coverage all read a student's facts here and group them with domain.care.key_groups."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from counselroom.domain.care.key_groups import StudentFacts
from counselroom.domain.care.warnings import WarningLevel
from counselroom.store.care import warnings
from counselroom.store.connection import Connection
from counselroom.store.students import student_records as student_store


def key_group_facts(
    conn: Connection,
    students: Iterable[student_store.StudentRow],
    *,
    with_warnings: bool,
    with_flags: bool = True,
    open_levels: Mapping[int, WarningLevel] | None = None,
) -> dict[int, StudentFacts]:
    """Student id → facts. Without `with_warnings` (a role that may not see the warning list)
    the facts leave out the list and the screens, so no group reveals them.

    Only the given students' flags, warnings and screens are read: a search showing 200 students, or
    a file showing one, used to recompute the whole school's at every keystroke or click. `open_levels`:
    these students' open warnings, when the caller has read them already (the search shows the levels)."""
    students = list(students)
    ids = [s.id for s in students]
    flags = student_store.all_flags(conn, ids) if with_flags else {}  # family flags: care store only
    if with_warnings and open_levels is None:
        open_levels = warnings.open_levels(conn, ids)
    listed = set(open_levels or ()) if with_warnings else set()
    decisions = warnings.screen_decisions(conn, ids) if with_warnings else {}
    return {
        s.id: StudentFacts(
            flags.get(s.id, frozenset()),
            s.stage,
            s.year_in_stage,
            s.id in listed,
            decisions.get(s.id, frozenset()),
        )
        for s in students
    }
