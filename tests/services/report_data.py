"""Shared by the report tests (issue #13): the terms of the demo school, a walk over every string a
report dataclass holds, and the names of the school's students (those not also a colleague's)."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterator
from datetime import date

from counselroom.domain.roles import Role
from counselroom.domain.school.terms import default_terms
from counselroom.services.accounts.session import Session
from counselroom.services.school import policy, school_calendar
from tests.conftest import FIXED_NOW
from tests.demo_school import Demo
from tests.school_data import add_small_school

SPRING_2025 = "2024-2025-2"  # over by FIXED_NOW; the demo screens in the autumn only
AUTUMN_2025 = "2025-2026-1"  # running at FIXED_NOW


def term_ids(demo: Demo) -> dict[str, int]:
    with demo.session("principal") as p:
        return {t.code: t.id for t in school_calendar.list_terms(p.db, p.actor, now=FIXED_NOW)}


def use_profile(demo: Demo, profile_id: str) -> None:
    with demo.session("admin") as admin:
        policy.set_policy_profile(admin.db, admin.actor, profile_id, now=FIXED_NOW)


def small_school_term(sessions: dict[Role, Session]) -> int:
    """The six-student school and its 2025-2026 year; the first term's id."""
    admin = sessions[Role.ADMIN]
    add_small_school(admin)
    first, second = default_terms(2025)
    school_calendar.add_school_year(admin.db, admin.actor, start_year=2025, first=first, second=second, now=FIXED_NOW)
    return school_calendar.list_terms(admin.db, admin.actor, now=FIXED_NOW)[0].id


def strings_in(value: object) -> Iterator[str]:
    """Every string inside a dataclass, tuple, list or dict, however deep (enum values included)."""
    if isinstance(value, enum.Enum):
        yield str(value.value)
    elif isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from strings_in(getattr(value, field.name))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings_in(k)
            yield from strings_in(v)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from strings_in(item)
    elif not isinstance(value, int | float | date | type(None)):
        raise TypeError(f"unexpected {type(value).__name__} in a report")


def student_names_in(demo: Demo, text: str) -> list[str]:
    """The students' names found in `text` once every colleague's name is taken out of it (a teacher
    陈丽莉 may be printed; a student 陈丽 may not), less names a colleague or an account also has."""
    with demo.session("lead") as lead:
        conn = lead.db.conn
        students = {n for (n,) in conn.execute("SELECT name FROM students")}
        staff = {n for (n,) in conn.execute("SELECT name FROM staff")}
        staff |= {n for (n,) in conn.execute("SELECT display_name FROM users")}
    for name in sorted(staff, key=len, reverse=True):
        text = text.replace(name, "＿")
    assert len(students - staff) > 100
    return sorted(n for n in students - staff if n in text)
