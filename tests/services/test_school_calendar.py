"""学年与学期: dates checked, codes as the CLI takes them, the current term marked."""

from __future__ import annotations

from datetime import date

import pytest

from counselroom.domain.errors import AccessDenied, AlreadyExists, ValidationError
from counselroom.domain.roles import Role
from counselroom.domain.school.terms import TermDates, default_terms, parse_term_code
from counselroom.services.accounts.session import Session
from counselroom.services.school import school_calendar
from tests.conftest import FIXED_NOW


def test_adding_a_year_lists_both_terms_and_marks_the_current(sessions: dict[Role, Session]) -> None:
    admin = sessions[Role.ADMIN]
    school_calendar.add_school_year(
        admin.db,
        admin.actor,
        start_year=2025,
        first=default_terms(2025)[0],
        second=default_terms(2025)[1],
        now=FIXED_NOW,
    )
    terms = school_calendar.list_terms(sessions[Role.PRINCIPAL].db, sessions[Role.PRINCIPAL].actor, now=FIXED_NOW)
    assert [(t.code, t.current) for t in terms] == [("2025-2026-1", True), ("2025-2026-2", False)]
    with pytest.raises(AlreadyExists):
        school_calendar.add_school_year(
            admin.db,
            admin.actor,
            start_year=2025,
            first=default_terms(2025)[0],
            second=default_terms(2025)[1],
            now=FIXED_NOW,
        )


def test_term_dates_must_be_in_order(sessions: dict[Role, Session]) -> None:
    admin = sessions[Role.ADMIN]
    first = TermDates(1, date(2026, 9, 1), date(2027, 1, 20))
    with pytest.raises(ValidationError, match="第二学期应在第一学期结束之后"):
        school_calendar.add_school_year(
            admin.db,
            admin.actor,
            start_year=2026,
            first=first,
            second=TermDates(2, date(2027, 1, 10), date(2027, 7, 1)),
            now=FIXED_NOW,
        )
    school_calendar.add_school_year(
        admin.db,
        admin.actor,
        start_year=2026,
        first=first,
        second=TermDates(2, date(2027, 2, 25), date(2027, 7, 1)),
        now=FIXED_NOW,
    )
    term = school_calendar.list_terms(admin.db, admin.actor, now=FIXED_NOW)[1]
    with pytest.raises(ValidationError, match="晚于开始"):
        school_calendar.update_term_dates(
            admin.db, admin.actor, term.id, start=date(2027, 3, 1), end=date(2027, 2, 1), now=FIXED_NOW
        )
    school_calendar.update_term_dates(
        admin.db, admin.actor, term.id, start=date(2027, 2, 26), end=date(2027, 7, 9), now=FIXED_NOW
    )
    assert school_calendar.list_terms(admin.db, admin.actor, now=FIXED_NOW)[1].end == date(2027, 7, 9)
    counselor = sessions[Role.COUNSELOR]
    with pytest.raises(AccessDenied):
        school_calendar.update_term_dates(
            counselor.db, counselor.actor, term.id, start=date(2027, 2, 26), end=date(2027, 7, 9), now=FIXED_NOW
        )


@pytest.mark.parametrize("code", ["2025-2026-3", "2025-2027-1", "2025_2026_1", "下学期"])
def test_bad_term_codes_are_explained(code: str) -> None:
    with pytest.raises(ValidationError, match="2025-2026-1"):
        parse_term_code(code)
    assert parse_term_code(" 2025-2026-2 ") == ("2025-2026", 2)
