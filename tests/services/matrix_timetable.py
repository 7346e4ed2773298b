"""Role-matrix rows for the timetable import (issue #12 item 6): RECORD_ACTIVITIES — the counselor
and the lead; the principal and the admin are refused. The sheet is a header with no lessons, so
each allowed call adds nothing and the next role finds the database as it was."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from counselroom.domain.roles import Role
from counselroom.domain.school.terms import TermDates
from counselroom.services.accounts.session import Session
from counselroom.services.activities import timetable_import
from counselroom.services.school import school_calendar
from tests.conftest import FIXED_NOW

RECORDERS = frozenset({Role.COUNSELOR, Role.LEAD})


def _sheet() -> Path:
    path = Path(tempfile.mkdtemp()) / "课表.csv"
    path.write_text("班级,星期,节次,课题\n", encoding="utf-8")
    return path


def _term(all_: dict[Role, Session]) -> int:
    admin = all_[Role.ADMIN]
    terms = school_calendar.list_terms(admin.db, admin.actor, now=FIXED_NOW)
    if not terms:
        first, second = (
            TermDates(1, date(2025, 9, 1), date(2026, 1, 20)),
            TermDates(2, date(2026, 2, 20), date(2026, 7, 10)),
        )
        school_calendar.add_school_year(
            admin.db, admin.actor, start_year=2025, first=first, second=second, now=FIXED_NOW
        )
        terms = school_calendar.list_terms(admin.db, admin.actor, now=FIXED_NOW)
    return terms[0].id


TIMETABLE_MATRIX: dict[str, tuple[frozenset[Role], Any]] = {
    "timetable_import.preview_timetable": (
        RECORDERS,
        lambda s, all_, k: timetable_import.preview_timetable(
            s.db, s.actor, _sheet(), term_id=_term(all_), now=FIXED_NOW
        ),
    ),
    "timetable_import.import_start": (
        RECORDERS,
        lambda s, all_, k: timetable_import.import_start(s.db, s.actor, term_id=_term(all_), now=FIXED_NOW),
    ),
    "timetable_import.apply_timetable": (
        RECORDERS,
        lambda s, all_, k: timetable_import.apply_timetable(
            s.db, s.actor, _sheet(), term_id=_term(all_), now=FIXED_NOW
        ),
    ),
}
