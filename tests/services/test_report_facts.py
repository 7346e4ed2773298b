"""term_facts (services/reports/report_facts.py): every number of the 学期自查报告 from the school store
only — the principal reads the same facts as the lead and the counselor; the numbers agree with the
records; every count of students from 1 to the profile's threshold reads "<5"."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from counselroom.domain.errors import NotFound
from counselroom.domain.roles import Role
from counselroom.domain.small_counts import ProtectedRow, ProtectedTable, ShownCell, is_small_count
from counselroom.services.accounts.session import Session
from counselroom.services.cases import cases
from counselroom.services.reports.report_facts import TermFacts, term_facts
from tests.conftest import FIXED_NOW
from tests.demo_school import Demo, make_demo
from tests.services.report_data import AUTUMN_2025, SPRING_2025, small_school_term, term_ids, use_profile

CARE_PARTS = ("sessions", "screening", "warnings", "referrals", "incidents", "cases")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    made = make_demo(tmp_path_factory.mktemp("facts") / "school.db", students=300, years=2, seed=11)
    use_profile(made, "nanchang")
    return made


def _facts(demo: Demo, username: str, term: str) -> TermFacts:
    with demo.session(username) as s:
        return term_facts(s.db, s.actor, term_ids(demo)[term], now=FIXED_NOW)


def test_the_principal_reads_what_the_counselor_and_the_lead_read(demo: Demo) -> None:
    principal = _facts(demo, "principal", AUTUMN_2025)
    assert principal == _facts(demo, "counselor", AUTUMN_2025) == _facts(demo, "lead", AUTUMN_2025)
    assert principal == _facts(demo, "admin", AUTUMN_2025)
    assert (principal.profile_id, principal.threshold, principal.term.code) == ("nanchang", 4, AUTUMN_2025)


def _cells(value: object) -> list[ShownCell]:
    if isinstance(value, ProtectedRow):
        return [*value.cells, value.total]
    if isinstance(value, ProtectedTable):
        every = [c for row in value.cells for c in row]
        return [*every, *value.row_totals, *value.column_totals, value.grand_total]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [c for f in dataclasses.fields(value) for c in _cells(getattr(value, f.name))]
    return []


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, ProtectedRow | ProtectedTable):
        return []
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [t for f in dataclasses.fields(value) for t in _texts(getattr(value, f.name))]
    if isinstance(value, tuple):
        return [t for item in value for t in _texts(item)]
    return []


@pytest.mark.parametrize("term", [SPRING_2025, AUTUMN_2025])
def test_no_small_count_of_students_is_shown(demo: Demo, term: str) -> None:
    facts = _facts(demo, "principal", term)
    cells = [c for part in CARE_PARTS for c in _cells(getattr(facts, part))]
    assert cells and not [c for c in cells if c.value is not None and is_small_count(c.value, facts.threshold)]
    assert any(c.hidden for c in cells)  # a real school has small cells: they are there, hidden
    texts = [t for part in CARE_PARTS for t in _texts(getattr(facts, part))]
    assert texts and not [t for t in texts if t.isdigit() and is_small_count(int(t), facts.threshold)]
    assert facts.room.use.sessions == facts.sessions.attended_by_type.total.text


def test_the_numbers_agree_with_the_records(demo: Demo) -> None:
    facts = _facts(demo, "principal", AUTUMN_2025)
    term = facts.term
    with demo.session("lead") as lead:
        conn = lead.db.conn
        positions = Counter(p for (p,) in conn.execute("SELECT position FROM staff WHERE active = 1"))
        attended = conn.execute(
            "SELECT count(*) FROM care.appointments WHERE status = '已到' AND substr(starts_at, 1, 10) BETWEEN ? AND ?",
            (term.start.isoformat(), term.end.isoformat()),
        ).fetchone()[0]
        on_list = conn.execute("SELECT count(*) FROM care.warnings WHERE closed_on IS NULL").fetchone()[0]
        students = conn.execute("SELECT count(*) FROM students WHERE status IN ('在读', '复学')").fetchone()[0]
        batches = conn.execute(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM care.screening_results r JOIN care.screening_batches b"
            " ON b.id = r.batch_id WHERE b.held_on BETWEEN ? AND ? GROUP BY b.id)",
            (term.start.isoformat(), term.end.isoformat()),
        ).fetchone()[0]
    assert dict(facts.staff.by_position) == {**dict.fromkeys(dict(facts.staff.by_position), 0), **positions}
    assert facts.sessions.attended_by_type.total.value == attended > facts.threshold
    shown_total = facts.warnings.open_now.grand_total  # hidden when the table's small cells need it
    assert shown_total.value == on_list if not shown_total.hidden else on_list > facts.threshold
    assert (facts.students, facts.screening.students, facts.screening.screened) == (students, students, batches)
    assert facts.talks[0].category == "院校领导重点谈" and sum(t.talks for t in facts.talks) > 0
    assert facts.coverage.term_id == term.id and facts.lessons and facts.grades


def test_one_case_in_a_small_school_reads_as_a_small_count(sessions: dict[Role, Session]) -> None:
    term_id = small_school_term(sessions)
    lead, principal = sessions[Role.LEAD], sessions[Role.PRINCIPAL]
    cases.open_case(lead.db, lead.actor, 3, reason="学习压力大，睡眠不好", issue_types=["学业"], now=FIXED_NOW)
    facts = term_facts(principal.db, principal.actor, term_id, now=FIXED_NOW)
    assert facts.cases.opened == "<5"
    issues = dict(zip(facts.cases.by_issue.labels, facts.cases.by_issue.cells, strict=True))
    assert issues["学业"].text == "<5" and issues["学业"].value is None
    assert facts.notes == "" and facts.school == "测试中学"


def test_an_unknown_term_is_refused_in_chinese(sessions: dict[Role, Session]) -> None:
    principal = sessions[Role.PRINCIPAL]
    with pytest.raises(NotFound, match="没有这个学期"):
        term_facts(principal.db, principal.actor, 999, now=FIXED_NOW)
