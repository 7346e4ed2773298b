"""Role-matrix rows for the 学期自查报告's data and the 统计 tab (issue #13): both are aggregates
(VIEW_AGGREGATES), so every role builds them — the principal and the admin without the care key; the
问题与改进措施 are written by the principal and the lead (WRITE_REPORT_NOTES)."""

from __future__ import annotations

from datetime import date
from typing import Any

from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.reports import report_facts, self_inspection, statistics
from tests.conftest import FIXED_NOW
from tests.services.matrix_activities_coverage import term_id


def _facts(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    return report_facts.term_facts(s.db, s.actor, term_id(all_), now=FIXED_NOW)


def _report(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    return self_inspection.self_inspection(s.db, s.actor, term_id(all_), now=FIXED_NOW)


def _notes(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    return self_inspection.save_notes(s.db, s.actor, term_id(all_), "下学期补齐初一心理课", now=FIXED_NOW)


def _statistics(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    term_id(all_)
    return statistics.statistics(s.db, s.actor, start=date(2025, 9, 1), end=date(2025, 10, 31), now=FIXED_NOW)


REPORTS_MATRIX: dict[str, tuple[frozenset[Role], Any]] = {
    "report_facts.term_facts": (frozenset(Role), _facts),
    "self_inspection.self_inspection": (frozenset(Role), _report),
    "self_inspection.save_notes": (frozenset({Role.PRINCIPAL, Role.LEAD}), _notes),
    "statistics.statistics": (frozenset(Role), _statistics),
}
