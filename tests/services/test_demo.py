"""The demo school: size, accounts, determinism, realistic rates, and one audit row."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import pytest

from benchmarks import demo_digest
from counselroom.demo import generator as demo
from counselroom.demo.generator import DEMO_ACCOUNTS, DemoSummary, generate_demo_school
from counselroom.domain.audit import AuditAction
from counselroom.domain.errors import AlreadyExists, ValidationError
from counselroom.services.accounts.session import KeyPolicy
from counselroom.services.accounts.sign_in import sign_in
from counselroom.store import audit_log
from counselroom.store.connection import Connection
from counselroom.store.duty import duty_log
from counselroom.store.keyfile import keyfile_path

PASSWORD = "demo-pass-123"


def _generate(path: Path, keys: KeyPolicy, now: datetime, **options: int) -> DemoSummary:
    return generate_demo_school(path, password=PASSWORD, now=now, keys=keys, **options)


@contextmanager
def _opened(path: Path, keys: KeyPolicy, now: datetime) -> Iterator[Connection]:
    session = sign_in(path, "lead", PASSWORD, now=now, keys=keys)  # holds both keys: sees every table
    try:
        yield session.db.conn
    finally:
        session.db.close()


def _column(conn: Connection, sql: str) -> list[object]:
    return [row[0] for row in conn.execute(sql)]


def _one(conn: Connection, sql: str) -> int:
    return int(conn.execute(sql).fetchone()[0])


def test_roster_has_the_requested_size(db_path: Path, keys: KeyPolicy, now: datetime) -> None:
    summary = _generate(db_path, keys, now, students=300)
    assert summary.students == 300 and summary.accounts == DEMO_ACCOUNTS
    assert summary.recovery_key
    with _opened(db_path, keys, now) as conn:
        assert _one(conn, "SELECT count(*) FROM students") == 300
        assert _one(conn, "SELECT count(*) FROM classes") == summary.classes
        assert _one(conn, "SELECT count(*) FROM staff") == summary.staff
        assert _column(conn, "SELECT name FROM grades ORDER BY sort_order") == [
            "初一",
            "初二",
            "初三",
            "高一",
            "高二",
            "高三",
        ]
        sizes = _column(conn, "SELECT count(*) FROM students GROUP BY class_id")
    assert len(sizes) == summary.classes
    assert all(40 <= int(size) <= 55 for size in sizes)  # type: ignore[call-overload]
    assert 45 <= 300 / summary.classes <= 50


def test_every_class_has_a_head_teacher_and_the_room_has_counselors(
    db_path: Path, keys: KeyPolicy, now: datetime
) -> None:
    _generate(db_path, keys, now, students=300)
    with _opened(db_path, keys, now) as conn:
        heads = _column(conn, "SELECT s.position FROM classes c LEFT JOIN staff s ON s.id = c.head_teacher_id")
        full_time = _one(conn, "SELECT count(*) FROM staff WHERE position = '专职心理教师'")
        names = _column(conn, "SELECT name FROM classes")
    assert heads and set(heads) == {"班主任"}
    assert full_time >= 1
    assert all(str(n).startswith(("初", "高")) and str(n).endswith(")班") for n in names)


def test_demo_accounts_sign_in_without_a_forced_password_change(db_path: Path, keys: KeyPolicy, now: datetime) -> None:
    _generate(db_path, keys, now, students=300)
    for username in DEMO_ACCOUNTS:
        session = sign_in(db_path, username, PASSWORD, now=now, keys=keys)
        try:
            assert session.must_change_password is False
            assert session.actor.role.value == username
        finally:
            session.db.close()


def test_demo_accounts_are_linked_to_fitting_staff(db_path: Path, keys: KeyPolicy, now: datetime) -> None:
    _generate(db_path, keys, now, students=300)
    with _opened(db_path, keys, now) as conn:
        linked = dict(
            conn.execute("SELECT u.username, s.position FROM staff s JOIN users u ON u.id = s.user_id").fetchall()
        )
    assert linked["lead"] == linked["counselor"] == "专职心理教师"
    assert linked["principal"] == "校领导"


def test_same_seed_same_school_other_seed_another(tmp_path: Path, keys: KeyPolicy, now: datetime) -> None:
    def roster(name: str, seed: int) -> list[tuple[object, ...]]:
        path = tmp_path / name
        _generate(path, keys, now, students=300, seed=seed)
        with _opened(path, keys, now) as conn:
            return conn.execute(
                "SELECT s.student_no, s.name, s.birth_date, group_concat(f.flag) FROM students s"
                " LEFT JOIN student_flags f ON f.student_id = s.id"
                " GROUP BY s.id ORDER BY s.id"
            ).fetchall()

    first, again, other = roster("a.db", 7), roster("b.db", 7), roster("c.db", 8)
    assert first == again
    assert [r[1] for r in first] != [r[1] for r in other]


def test_family_situation_rates_are_plausible(db_path: Path, keys: KeyPolicy, now: datetime) -> None:
    students = 2000
    _generate(db_path, keys, now, students=students)
    with _opened(db_path, keys, now) as conn:
        rates = {
            flag: count / students
            for flag, count in conn.execute("SELECT flag, count(*) FROM student_flags GROUP BY flag")
        }
        boys = _one(conn, "SELECT count(*) FROM students WHERE gender = '男'") / students
        left_behind_primary = set(
            _column(
                conn,
                (
                    "SELECT g.relation FROM guardians g JOIN student_flags f ON f.student_id = g.student_id"
                    " WHERE f.flag = '留守' AND g.is_primary = 1"
                ),
            )
        )
        poor_helped = _one(
            conn,
            (
                "SELECT count(*) FROM student_flags a JOIN student_flags b USING (student_id)"
                " WHERE a.flag = '经济困难' AND b.flag = '经济困难生'"
            ),
        )
    assert 0.05 <= rates["留守"] <= 0.20
    assert 0.04 <= rates["单亲"] <= 0.12 and 0.06 <= rates["离异"] <= 0.15
    assert 0.03 <= rates["随迁"] <= 0.10 and 0.04 <= rates["经济困难"] <= 0.11
    assert rates.get("孤儿/事实无人抚养", 0) < 0.02 and rates.get("残疾", 0) < 0.03
    assert 0.47 <= boys <= 0.56
    assert left_behind_primary <= {"祖父", "祖母", "外祖父", "外祖母"}
    assert poor_helped / (rates["经济困难"] * students) > 0.5  # 经济困难 → 经济困难生 likely


def test_birth_dates_fit_the_grades(db_path: Path, keys: KeyPolicy, now: datetime) -> None:
    _generate(db_path, keys, now, students=600)
    with _opened(db_path, keys, now) as conn:
        rows = conn.execute(
            "SELECT g.sort_order, s.birth_date FROM students s JOIN classes c ON c.id = s.class_id"
            " JOIN grades g ON g.id = c.grade_id"
        ).fetchall()
    term_start = date(2025, 9, 1)  # the fixture's now is in the 2025-2026 school year
    typical = 0
    for sort_order, birth_text in rows:
        birth = date.fromisoformat(birth_text)
        age = term_start.year - birth.year - ((term_start.month, term_start.day) < (birth.month, birth.day))
        expected = 11 + sort_order  # 初一 (sort 1) are 12 on Sep 1, 高三 (sort 6) 17
        assert expected - 1 <= age <= expected + 1
        typical += age == expected
    assert typical / len(rows) > 0.85


def test_student_numbers_are_unique_and_school_style(db_path: Path, keys: KeyPolicy, now: datetime) -> None:
    _generate(db_path, keys, now, students=600)
    with _opened(db_path, keys, now) as conn:
        numbers = [str(n) for n in _column(conn, "SELECT student_no FROM students")]
        guardians = _column(conn, "SELECT count(*) FROM guardians GROUP BY student_id")
        phones = [str(p) for p in _column(conn, "SELECT phone FROM guardians")]
    assert len(set(numbers)) == len(numbers) == 600
    assert all(len(n) == 10 and n.isdigit() for n in numbers)
    assert len(guardians) == 600 and set(guardians) <= {1, 2}
    assert all(len(p) == 11 and p[0] == "1" and p[1] in "3456789" for p in phones)


def test_calendar_covers_the_requested_years(db_path: Path, keys: KeyPolicy, now: datetime) -> None:
    _generate(db_path, keys, now, students=300, years=3)
    with _opened(db_path, keys, now) as conn:
        years = _column(conn, "SELECT name FROM academic_years ORDER BY start_date")
        terms = conn.execute("SELECT start_date, end_date FROM terms ORDER BY start_date").fetchall()
    assert years == ["2023-2024", "2024-2025", "2025-2026"]
    assert len(terms) == 6
    assert any(start <= now.date().isoformat() <= end for start, end in terms)


def test_one_audit_row_records_the_generation(db_path: Path, keys: KeyPolicy, now: datetime) -> None:
    _generate(db_path, keys, now, students=300)
    with _opened(db_path, keys, now) as conn:
        rows = conn.execute(
            "SELECT username, detail FROM audit_log WHERE action = ?", (AuditAction.DEMO_GENERATED.value,)
        ).fetchall()
        chain = audit_log.verify(conn)
    assert rows == [("admin", "300 名学生")]
    assert chain.first_bad_seq is None


def test_five_thousand_students_fill_about_a_hundred_classes(db_path: Path, keys: KeyPolicy, now: datetime) -> None:
    """Its speed is measured in benchmarks/run.py, not here (a loaded CI machine is no clock)."""
    summary = _generate(db_path, keys, now, students=5000)
    assert summary.students == 5000 and 100 <= summary.classes <= 111


def test_bad_sizes_and_existing_files_are_refused(db_path: Path, keys: KeyPolicy, now: datetime) -> None:
    with pytest.raises(ValidationError):
        _generate(db_path, keys, now, students=10)
    with pytest.raises(ValidationError):
        _generate(db_path, keys, now, students=300, years=0)
    assert not db_path.exists() and not keyfile_path(db_path).exists()
    _generate(db_path, keys, now, students=300)
    with pytest.raises(AlreadyExists):
        _generate(db_path, keys, now, students=300)
    assert db_path.exists()  # the existing school is left alone


def test_a_failure_midway_leaves_no_half_built_school(
    db_path: Path, keys: KeyPolicy, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("disk trouble")

    monkeypatch.setattr(demo.enrolment, "insert_flags", broken)
    with pytest.raises(RuntimeError):
        _generate(db_path, keys, now, students=300)
    assert list(db_path.parent.glob(db_path.name + "*")) == []
    assert not keyfile_path(db_path).exists()


def test_a_failure_in_the_last_step_leaves_no_half_built_school(
    db_path: Path, keys: KeyPolicy, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The duty logs are written last, inside the same transaction as everything else."""

    def broken(*_args: object, **_kwargs: object) -> bool:
        raise RuntimeError("disk trouble")

    monkeypatch.setattr(duty_log, "save_log", broken)
    with pytest.raises(RuntimeError):
        _generate(db_path, keys, now, students=300)
    assert list(db_path.parent.glob(db_path.name + "*")) == []


# The demo for a seed is always the same data. These figures pin it, so a change to the demo, to
# a store writer it uses or to a library that fills a column (pypinyin: the initials; reportlab and
# matplotlib: the demo's PDF and PNG attachments) shows here.
# When the demo is changed on purpose, run
#     python -m benchmarks.demo_digest --students 120 --years 1 --seed 3
# copy its counts and both digests below, and say in the commit message why the data changed.
PINNED_COUNTS = {
    "academic_years": 1,
    "aftercare_followups": 12,
    "aftercare_people": 6,
    "appointment_students": 172,
    "appointments": 138,
    "attachments": 5,
    "audit_anchor": 1,
    "audit_log": 8,
    "care.drafts": 0,
    "care_counts": 273,
    "care_meta": 2,
    "care_plans": 6,
    "case_history": 8,
    "case_people": 9,
    "cases": 8,
    "classes": 6,
    "confidentiality_exceptions": 0,
    "drafts": 0,
    "duty_assignments": 208,
    "duty_logs": 53,
    "duty_rosters": 1,
    "duty_staff": 4,
    "duty_swaps": 7,
    "grades": 6,
    "guardian_notices": 5,
    "guardians": 203,
    "home_visit_students": 46,
    "home_visits": 44,
    "incident_events": 12,
    "incident_status": 2,
    "incident_students": 2,
    "incident_team": 0,
    "incidents": 2,
    "lessons": 14,
    "meetings": 2,
    "mentorships": 32,
    "meta": 2,
    "note_addenda": 1,
    "note_students": 12,
    "notes": 12,
    "opening_hours": 11,
    "partners": 3,
    "peer_monitors": 12,
    "peer_reports": 20,
    "plan_reviews": 5,
    "proposal_rejections": 3,
    "referral_follow_ups": 13,
    "referral_history": 39,
    "referrals": 9,
    "return_checkins": 9,
    "return_documents": 5,
    "room_areas": 7,
    "room_budget": 1,
    "room_rules": 4,
    "rooms": 4,
    "school": 1,
    "school_activities": 12,
    "school_activity_classes": 5,
    "school_days": 6,
    "screening_batches": 2,
    "screening_mappings": 0,
    "screening_results": 232,
    "search_doc_students": 0,
    "search_docs": 27,
    "search_index": 27,
    "search_index_config": 1,
    "search_index_data": 15,
    "search_index_docsize": 27,
    "search_index_idx": 13,
    "search_queries": 0,
    "search_texts": 27,
    "self_inspection_notes": 0,
    "settings": 2,
    "staff": 26,
    "status_change_reasons": 7,
    "student_background": 6,
    "student_flags": 83,
    "student_leaves": 4,
    "student_returns": 3,
    "student_status_changes": 7,
    "students": 120,
    "talk_students": 27,
    "talks": 20,
    "terms": 2,
    "trainings": 13,
    "users": 4,
    "waitlist": 7,
    "warning_history": 17,
    "warning_proposals": 37,
    "warnings": 8,
}
PINNED_DIGEST_WITHOUT_AUDIT = "6c69a40f1f0104a092234b29d36d3c26b19268bbc63863bc8b0113dd1e994df4"
PINNED_DIGEST = "56095f6680414a2ef66a1398a45c02faec1df2ace605bd5d21f2dc57dbd0bd9f"  # audit rows too


def test_a_seed_gives_the_pinned_school(tmp_path: Path, now: datetime) -> None:
    path = demo_digest.generate(tmp_path, students=120, years=1, seed=3, now=now)
    conn = demo_digest.open_demo(path)
    try:
        counts, everything, without_audit = demo_digest.summarize(conn)
    finally:
        conn.close()
    assert counts == PINNED_COUNTS
    assert without_audit == PINNED_DIGEST_WITHOUT_AUDIT
    assert everything == PINNED_DIGEST


def test_the_demo_package_has_no_sql_of_its_own() -> None:
    """It writes through the store's repositories and services, so it keeps their invariants."""
    package = Path(demo.__file__).parent
    offending = [
        f"{source.name}: {call}"
        for source in sorted(package.glob("**/*.py"))
        for call in ("execute(", "executemany(", "executescript(", "sqlcipher3")
        if call in source.read_text(encoding="utf-8")
    ]
    assert offending == []
