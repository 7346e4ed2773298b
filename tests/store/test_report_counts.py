"""The report counts in the school store (store/report_counts.py, care_counts part "reports"): equal to
counts made here from the care records themselves, recounted inside the transaction that changes a
case, a warning or a referral (and rolled back with it), read by a principal's session that never
opens the care store, and never naming or numbering a student in their dimensions."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from counselroom.domain.care.warnings import WarningLevel, WarningSource
from counselroom.domain.roles import Role
from counselroom.domain.school.terms import default_terms, term_code
from counselroom.services.accounts import integrity
from counselroom.services.accounts.session import Session
from counselroom.services.care import warning_list
from counselroom.services.cases import cases
from counselroom.services.referrals import referrals
from counselroom.services.school import school_calendar
from counselroom.store import care_counts, report_counts
from counselroom.store.cases import cases as case_store
from counselroom.store.connection import Connection
from tests.conftest import FIXED_NOW
from tests.demo_school import Demo, make_demo
from tests.school_data import add_small_school

ALL_MONTHS = ("0000-01", "9999-12")
DIMS = {
    "cases_month": {"month", "issue", "grade", "order", "measure"},
    "sessions_month": {"month", "counselor", "type", "walk_in", "measure"},
    "warnings_term": {"term", "grade", "order", "level", "measure"},
    "referrals_term": {"term", "measure"},
    "screening_month": {"month", "grade", "order", "measure"},
}
RANK = {"red": 3, "orange": 2, "yellow": 1}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return make_demo(tmp_path_factory.mktemp("reports") / "school.db", students=300, years=2, seed=7)


# -- the counts made again here, straight from the records --------------------------------------


def _grades(conn: Connection) -> dict[int, str]:
    rows = conn.execute(
        "SELECT s.id, g.name FROM students s LEFT JOIN classes c ON c.id = s.class_id"
        " LEFT JOIN grades g ON g.id = c.grade_id"
    ).fetchall()
    return {sid: name or "未分班" for sid, name in rows}


def _terms(conn: Connection) -> list[tuple[str, str, str]]:
    rows = conn.execute(
        "SELECT y.name, t.number, t.start_date, t.end_date FROM terms t JOIN academic_years y ON y.id = t.year_id"
    ).fetchall()
    return [(term_code(name, number), start, end) for name, number, start, end in rows]


def _term_of(terms: list[tuple[str, str, str]], day: str) -> str | None:
    return next((code for code, start, end in terms if start <= day[:10] <= end), None)


def _expected_cases(conn: Connection) -> Counter[tuple[str, ...]]:
    grade, found = _grades(conn), Counter[tuple[str, ...]]()
    for student, issues, opened, closed in conn.execute(
        "SELECT student_id, issue_types, opened_on, closed_on FROM care.cases"
    ).fetchall():
        for measure, day in (("opened", opened), ("closed", closed)):
            if day:
                for issue in ["", *set(json.loads(issues))]:
                    found[(day[:7], issue, grade[student], measure)] += 1
    return found


def _stored_cases(conn: Connection) -> Counter[tuple[str, ...]]:
    found = Counter[tuple[str, ...]]()
    for c in report_counts.cases_by_month(conn, *ALL_MONTHS):
        for measure, n in (("opened", c.opened), ("closed", c.closed)):
            if n:
                found[(c.month, c.issue, c.grade, measure)] = n
    return found


def _expected_sessions(conn: Connection) -> Counter[tuple[object, ...]]:
    found = Counter[tuple[object, ...]]()
    for starts, counselor, kind, walk_in, status in conn.execute(
        "SELECT starts_at, counselor_id, type, is_walk_in, status FROM care.appointments"
    ).fetchall():
        measure = {"已到": "attended", "未到": "missed"}.get(status)
        if measure:
            found[(starts[:7], counselor, kind, bool(walk_in), measure)] += 1
    return found


def _stored_sessions(conn: Connection) -> Counter[tuple[object, ...]]:
    found = Counter[tuple[object, ...]]()
    for s in report_counts.sessions_by_month(conn, *ALL_MONTHS):
        for measure, n in (("attended", s.attended), ("missed", s.missed)):
            if n:
                found[(s.month, s.counselor_id, s.type, s.walk_in, measure)] = n
    return found


def _expected_warnings(conn: Connection) -> Counter[tuple[str, ...]]:
    grade, terms, found = _grades(conn), _terms(conn), Counter[tuple[str, ...]]()
    for student, action, before, after, at in conn.execute(
        "SELECT w.student_id, h.action, h.from_level, h.to_level, h.changed_at FROM care.warning_history h"
        " JOIN care.warnings w ON w.id = h.warning_id"
    ).fetchall():
        term = _term_of(terms, at)
        if term is None:
            continue
        if action == "列入":
            found[(term, grade[student], after, "listed")] += 1
        elif action == "解除":
            found[(term, grade[student], before, "closed")] += 1
        elif action == "调整" and RANK[after] > RANK[before]:
            found[(term, grade[student], after, "raised")] += 1
    return found


def _stored_warnings(conn: Connection) -> Counter[tuple[str, ...]]:
    found = Counter[tuple[str, ...]]()
    for term, _start, _end in _terms(conn):
        for w in report_counts.warnings_in_term(conn, term):
            for measure, n in (("listed", w.listed), ("raised", w.raised), ("closed", w.closed)):
                if n:
                    found[(term, w.grade, w.level.value, measure)] = n
    return found


def _expected_referrals(conn: Connection, start: str, end: str) -> dict[str, int]:
    """The measures whose day is on the referral row or its 随访 (consent and refusal have their own test)."""
    rows = conn.execute("SELECT suggested_on, referred_on, feedback_on, closed_on FROM care.referrals").fetchall()
    done = [d for (d,) in conn.execute("SELECT done_on FROM care.referral_follow_ups WHERE done_on IS NOT NULL")]

    def within(day: str | None) -> bool:
        return day is not None and start <= day <= end

    columns = ("suggested", "referred", "feedback", "closed")
    found = {m: sum(1 for r in rows if within(r[i])) for i, m in enumerate(columns)}
    return found | {"followups_done": sum(1 for d in done if within(d))}


def _expected_screening(conn: Connection) -> Counter[tuple[str, ...]]:
    grade, found = _grades(conn), Counter[tuple[str, ...]]()
    for student, held, positive, invalid in conn.execute(
        "SELECT r.student_id, b.held_on, r.positive, r.invalid_reason FROM care.screening_results r"
        " JOIN care.screening_batches b ON b.id = r.batch_id"
    ).fetchall():
        found[(held[:7], grade[student], "screened")] += 1
        if positive and not invalid:
            found[(held[:7], grade[student], "positives")] += 1
    return found


def _stored_screening(conn: Connection) -> Counter[tuple[str, ...]]:
    found = Counter[tuple[str, ...]]()
    for s in report_counts.screening_by_month(conn, *ALL_MONTHS):
        for measure, n in (("screened", s.screened), ("positives", s.positives)):
            if n:
                found[(s.month, s.grade, measure)] = n
    return found


def test_the_counts_equal_a_count_made_from_the_records(demo: Demo) -> None:
    """Counted here from the care records in the lead's session; read back in the principal's."""
    with demo.session("lead") as lead, demo.session("principal") as principal:
        care, school = lead.db.conn, principal.db.conn
        assert lead.db.has_care and not principal.db.has_care
        assert _stored_cases(school) == _expected_cases(care) != Counter()
        assert _stored_sessions(school) == _expected_sessions(care) != Counter()
        assert _stored_warnings(school) == _expected_warnings(care) != Counter()
        assert _stored_screening(school) == _expected_screening(care) != Counter()
        for term, start, end in _terms(care):
            stored = report_counts.referrals_in_term(school, term)
            expected = _expected_referrals(care, start, end)
            assert {m: getattr(stored, m) for m in expected} == expected
        assert care_counts.differences(care) == []  # `counselroom check` agrees


def test_the_dimensions_name_and_number_no_student(demo: Demo) -> None:
    with demo.session("lead") as lead:
        conn = lead.db.conn
        names = {name for (name,) in conn.execute("SELECT name FROM students")}
        numbers = {str(n) for (n,) in conn.execute("SELECT student_no FROM students")}
        ids = {i for (i,) in conn.execute("SELECT id FROM users")}
        rows = conn.execute(
            f"SELECT kind, dims FROM care_counts WHERE kind IN ({', '.join('?' for _ in DIMS)})", list(DIMS)
        ).fetchall()
    assert {kind for kind, _dims in rows} == set(DIMS)
    for kind, text in rows:
        dims = json.loads(text)
        assert set(dims) == DIMS[kind], kind
        assert not {str(v) for v in dims.values()} & (names | numbers), (kind, dims)
        if kind == "sessions_month":
            assert dims["counselor"] in ids  # an account (staff), never a student


# -- recounted in the changing transaction --------------------------------------------------------


def _school_with_terms(sessions: dict[Role, Session]) -> str:
    add_small_school(sessions[Role.ADMIN])
    admin = sessions[Role.ADMIN]
    first, second = default_terms(2025)
    school_calendar.add_school_year(admin.db, admin.actor, start_year=2025, first=first, second=second, now=FIXED_NOW)
    return "2025-2026-1"


def _in_step(conn: Connection) -> bool:
    """The reports part as stored equals a fresh recount (the admin's calendar change left the other
    parts for the next care transaction that touches them)."""
    return care_counts.stored(conn, ["reports"]) == care_counts.recount(conn, ["reports"])


def _counselor_id(session: Session) -> int:
    return int(session.db.conn.execute("SELECT id FROM users WHERE username = 'counselor'").fetchone()[0])


def test_a_case_is_counted_in_the_transaction_that_opens_it(sessions: dict[Role, Session]) -> None:
    _school_with_terms(sessions)
    lead, principal = sessions[Role.LEAD], sessions[Role.PRINCIPAL]
    month = FIXED_NOW.strftime("%Y-%m")
    cases.open_case(lead.db, lead.actor, 4, reason="与同学相处困难", issue_types=["人际", "情绪"],
                    counselor_ids=[_counselor_id(lead)], now=FIXED_NOW)  # fmt: skip
    found = {(c.issue, c.grade): c.opened for c in report_counts.cases_by_month(principal.db.conn, month, month)}
    assert found == {("", "初二"): 1, ("人际", "初二"): 1, ("情绪", "初二"): 1}
    with pytest.raises(RuntimeError), lead.db.transaction() as conn:  # a change rolled back is not counted
        case_store.insert_case(conn, student_id=5, reason="回滚", issue_types=["学业"], opened_on=FIXED_NOW.date(),
                               opened_by=lead.actor.user_id, now=FIXED_NOW)  # fmt: skip
        raise RuntimeError("stop")
    assert len(report_counts.cases_by_month(principal.db.conn, month, month)) == 3
    assert _in_step(lead.db.conn)


def test_warning_steps_count_in_their_term_at_their_level(sessions: dict[Role, Session]) -> None:
    term = _school_with_terms(sessions)
    lead, principal = sessions[Role.LEAD], sessions[Role.PRINCIPAL]
    warning_list.add_to_warning_list(lead.db, lead.actor, 1, level=WarningLevel.YELLOW, reason="班主任反映情绪低落",
                                     source=WarningSource.HEAD_TEACHER, now=FIXED_NOW)  # fmt: skip
    warning_id = int(lead.db.conn.execute("SELECT id FROM care.warnings WHERE student_id = 1").fetchone()[0])
    later = FIXED_NOW + timedelta(days=1)
    warning_list.change_warning_level(lead.db, lead.actor, warning_id, level=WarningLevel.ORANGE,
                                      reason="复评后情况加重", now=later)  # fmt: skip
    warning_list.change_warning_level(lead.db, lead.actor, warning_id, level=WarningLevel.YELLOW,
                                      reason="情况好转", now=later)  # fmt: skip
    warning_list.close_warning(lead.db, lead.actor, warning_id, reason="持续稳定，解除", now=later)
    found = {(w.grade, w.level): (w.listed, w.raised, w.closed) for w in report_counts.warnings_in_term(
        principal.db.conn, term)}  # fmt: skip
    assert found == {("初一", WarningLevel.YELLOW): (1, 0, 1), ("初一", WarningLevel.ORANGE): (0, 1, 0)}
    assert report_counts.warnings_in_term(principal.db.conn, "2025-2026-2") == []


def test_referral_steps_count_in_their_term(sessions: dict[Role, Session]) -> None:
    term = _school_with_terms(sessions)
    lead, principal = sessions[Role.LEAD], sessions[Role.PRINCIPAL]
    for student in (2, 3):
        referrals.suggest_referral(lead.db, lead.actor, student, reason="持续失眠，建议就医评估", now=FIXED_NOW)
    first, second = (int(i) for (i,) in lead.db.conn.execute("SELECT id FROM care.referrals ORDER BY id"))
    referrals.record_consent(lead.db, lead.actor, first, guardian="母亲", informed_on=date(2025, 10, 13),
                             informed_how="电话", now=FIXED_NOW)  # fmt: skip
    referrals.record_refusal(lead.db, lead.actor, second, guardian="父亲", informed_on=date(2025, 10, 13),
                             informed_how="面谈", plan="继续校内辅导", reoffer_on=date(2025, 10, 20),
                             now=FIXED_NOW)  # fmt: skip
    counts = report_counts.referrals_in_term(principal.db.conn, term)
    assert (counts.suggested, counts.consented, counts.refused, counts.referred) == (2, 1, 1, 0)
    assert counts.open_overdue == 2  # both next steps fall due before the term ends on 2026-01-20
    assert report_counts.referrals_in_term(principal.db.conn, "2025-2026-2").suggested == 0
    assert _in_step(lead.db.conn)


def test_a_principal_reads_without_the_care_key(sessions: dict[Role, Session], tmp_path: Path) -> None:
    _school_with_terms(sessions)
    lead, principal = sessions[Role.LEAD], sessions[Role.PRINCIPAL]
    cases.open_case(lead.db, lead.actor, 1, reason="学习压力大", issue_types=["学业"], now=FIXED_NOW)
    assert not principal.db.has_care
    with pytest.raises(Exception, match="care"):
        principal.db.conn.execute("SELECT count(*) FROM care.cases").fetchone()
    month = FIXED_NOW.strftime("%Y-%m")
    assert report_counts.cases_by_month(principal.db.conn, month, month) == report_counts.cases_by_month(
        lead.db.conn, month, month
    )


def test_check_finds_a_stale_report_count_and_refreshes_it(sessions: dict[Role, Session]) -> None:
    """`counselroom check` compares this part too (care_counts.differences recounts every part)."""
    _school_with_terms(sessions)
    lead, admin = sessions[Role.LEAD], sessions[Role.ADMIN]
    cases.open_case(lead.db, lead.actor, 1, reason="学习压力大", issue_types=["学业"], now=FIXED_NOW)
    with admin.db.transaction() as conn:  # the school-key holder alone can write the counts wrongly
        conn.execute("UPDATE care_counts SET count = count + 1 WHERE kind = 'cases_month'")
    report = integrity.check_database(lead.db, lead.actor, now=FIXED_NOW)
    assert any("cases_month" in p for p in report.problems)
    assert _in_step(lead.db.conn)
