"""The term a report is about: its dates, code, school year and months, read once (school store)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from counselroom.domain.errors import NotFound
from counselroom.domain.school.terms import term_code, term_label
from counselroom.store.activities import coverage_queries
from counselroom.store.connection import Connection


@dataclass(frozen=True)
class ReportTerm:
    id: int
    code: str  # 2025-2026-1
    label: str  # 2025-2026学年第一学期
    start: date
    end: date  # last day
    year_name: str  # 2025-2026
    year_start: date
    year_end: date
    as_of: date  # the day the numbers were read

    @property
    def over(self) -> bool:
        return self.as_of > self.end

    @property
    def months(self) -> tuple[str, ...]:
        """The months the term touches, "2025-09" … "2026-01": the month-keyed counts are read over these."""
        return months_between(self.start, self.end)


def report_term(conn: Connection, term_id: int, as_of: date) -> ReportTerm:
    span = coverage_queries.term_span(conn, term_id)
    if span is None:
        raise NotFound("没有这个学期", field="学期")
    return ReportTerm(
        span.id,
        term_code(span.year_name, span.number),
        term_label(span.year_name, span.number),
        span.start,
        span.end,
        span.year_name,
        span.year_start,
        span.year_end,
        as_of,
    )


def months_between(first: date, last: date) -> tuple[str, ...]:
    """ "YYYY-MM" of every month from `first`'s to `last`'s, both included."""
    found, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(found)


def month_label(month: str) -> str:
    """ "2025-10" → "2025年10月"."""
    return f"{month[:4]}年{int(month[5:])}月"
