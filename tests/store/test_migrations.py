"""Numbered migrations (SECURITY.md 26, ARCHITECTURE "Migrations"): every past version upgrades
to exactly a fresh install, after an encrypted copy; newer versions are refused."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from counselroom.domain.errors import CounselRoomError, SchemaTooNew
from counselroom.store import migrations
from counselroom.store.connection import Connection, DatabaseError, open_encrypted
from counselroom.store.migrations import Migration, all_migrations, latest_version, migrate
from counselroom.store.opening import create_database, open_database
from tests.conftest import FIXED_NOW

KEY = bytes.fromhex("a5" * 32)
NEWEST = latest_version()  # of both stores
# The school store's versions: care-store migrations (`.care.sql`) are tested in test_care_migrations.
SCHOOL_VERSIONS = [m.version for m in all_migrations() if m.store == "main"]
LATEST = SCHOOL_VERSIONS[-1]
BACKUP_STAMP = FIXED_NOW.strftime("%Y%m%d-%H%M%S")


# -- a little data valid at each version; seeds[k] fills what version k added ----------------


def _seed_v1(conn: Connection) -> None:
    conn.execute("INSERT INTO meta (key, value) VALUES ('db_id', 'mig-test')")
    conn.execute(
        "INSERT INTO users (id, username, display_name, role, created_at)"
        " VALUES (1, 'admin', '管理员', 'admin', '2025-09-01T08:00:00')"
    )
    conn.execute("INSERT INTO settings (key, value) VALUES ('idle_minutes', '5')")
    conn.execute(
        "INSERT INTO audit_log (seq, at, user_id, username, role, action, outcome,"
        " prev_hash, hash) VALUES (1, '2025-09-01T08:00:00', 1, 'admin', 'admin',"
        " 'school_created', 'ok', ?, ?)",
        ("0" * 64, "1" * 64),
    )
    conn.execute("INSERT INTO drafts (user_id, key, text, saved_at) VALUES (1, 'note', '草稿', '2025-09-01T08:00:00')")


def _seed_v2(conn: Connection) -> None:
    conn.execute("INSERT INTO school (id, name, created_at) VALUES (1, '迁移中学', '2025-09-01')")
    conn.execute(
        "INSERT INTO academic_years (id, name, start_date, end_date)"
        " VALUES (1, '2025-2026', '2025-09-01', '2026-07-15')"
    )
    conn.execute("INSERT INTO terms (year_id, number, start_date, end_date) VALUES (1, 1, '2025-09-01', '2026-01-20')")
    conn.execute("INSERT INTO grades (id, name, stage, year_in_stage, sort_order) VALUES (1, '七年级', '初中', 1, 7)")
    conn.execute("INSERT INTO staff (id, name, position, user_id) VALUES (1, '王老师', '班主任', 1)")
    conn.execute("INSERT INTO classes (id, grade_id, number, name, head_teacher_id) VALUES (1, 1, 1, '七年级1班', 1)")
    conn.execute(
        "INSERT INTO students (id, student_no, name, gender, class_id, created_at,"
        " updated_at) VALUES (1, 'S001', '李同学', '女', 1, '2025-09-01', '2025-09-01')"
    )
    conn.execute("INSERT INTO guardians (student_id, name, relation) VALUES (1, '李家长', '母亲')")
    conn.execute("INSERT INTO student_flags (student_id, flag) VALUES (1, '留守')")
    conn.execute("INSERT INTO student_flags (student_id, flag) VALUES (1, '学习困难')")  # 六困生 before 0007


def _seed_v3(conn: Connection) -> None:
    conn.execute("UPDATE students SET name_initials = 'ltx' WHERE id = 1")
    conn.execute("INSERT INTO mentors (student_id, staff_id, since) VALUES (1, 1, '2025-09-10')")
    conn.execute(
        "INSERT INTO screening_batches (id, name, instrument, source, held_on, created_at)"
        " VALUES (1, '秋季普查', 'PHQ-9', '录入', '2025-10-10', '2025-10-10')"
    )
    conn.execute(
        "INSERT INTO screening_results (id, batch_id, student_id, taken_on, total_score,"
        " positive, answers) VALUES (1, 1, 1, '2025-10-10', 11, 1, '[1,2,1,2,1,1,1,2,0]')"
    )
    conn.execute(
        "INSERT INTO warnings (id, student_id, level, reason, source, opened_on, review_on,"
        " created_at, updated_at) VALUES (1, 1, 'yellow', '筛查阳性', '筛查', '2025-10-11',"
        " '2025-11-11', '2025-10-11', '2025-10-11')"
    )
    conn.execute(
        "INSERT INTO warning_history (warning_id, changed_at, action, to_level, reason)"
        " VALUES (1, '2025-10-11', '列入', 'yellow', '筛查阳性')"
    )
    conn.execute(
        "INSERT INTO warning_proposals (id, student_id, result_id, proposed_level, reason, created_at)"
        " VALUES (1, 1, 1, 'red', 'PHQ-9 总分 22（重度抑郁症状），筛查阳性。', '2025-10-10')"
    )


def _seed_v4(conn: Connection) -> None:
    conn.execute("INSERT INTO rooms (id, name, kind) VALUES (1, '个别辅导室一', '个别辅导室')")
    conn.execute("INSERT INTO opening_hours (weekday, start, end) VALUES (0, '12:10', '13:30')")
    conn.execute("INSERT INTO school_days (day, kind, name) VALUES ('2026-01-25', 'closed', '寒假')")


def _seed_v5(conn: Connection) -> None:
    conn.execute(
        "INSERT INTO appointments (id, counselor_id, room_id, starts_at, ends_at, type, channel,"
        " source, created_by, created_at, updated_at) VALUES (1, 1, 1, '2025-10-13T12:10:00',"
        " '2025-10-13T13:00:00', '个别辅导', '面谈', '自主预约', 1, '2025-10-10T09:00:00',"
        " '2025-10-10T09:00:00')"
    )
    conn.execute("INSERT INTO appointment_students (appointment_id, student_id) VALUES (1, 1)")
    conn.execute(
        "INSERT INTO waitlist (student_id, counselor_id, preferred_times, reason, added_on,"
        " updated_at) VALUES (1, 1, '周二午休', '想聊聊学习压力', '2025-10-10', '2025-10-10')"
    )


def _seed_v6(conn: Connection) -> None:
    conn.execute(
        "INSERT INTO duty_staff (staff_id, availability, max_per_week, updated_at)"
        " VALUES (1, '[[0, \"12:10\"]]', 2, '2025-09-01T08:00:00')"
    )
    conn.execute(
        "INSERT INTO duty_rosters (id, term_id, generated_at, generated_by, published_at)"
        " VALUES (1, 1, '2025-09-01T08:00:00', 1, '2025-09-01T08:00:00')"
    )
    conn.execute(
        "INSERT INTO duty_assignments (id, roster_id, day, start, end, staff_id)"
        " VALUES (1, 1, '2025-10-13', '12:10', '13:30', 1)"
    )
    conn.execute(
        "INSERT INTO duty_swaps (assignment_id, from_staff_id, to_staff_id, reason, requested_by,"
        " requested_at) VALUES (1, 1, 1, '外出培训', 1, '2025-10-10T09:00:00')"
    )
    conn.execute(
        "INSERT INTO duty_logs (assignment_id, day, start, end, came_staff_id, visitors, calls,"
        " events, written_by, written_at) VALUES (1, '2025-10-13', '12:10', '13:30', 1, 3, 1,"
        " '来访三人', 1, '2025-10-13T13:35:00')"
    )


def _seed_v7(conn: Connection) -> None:
    conn.execute(
        "INSERT INTO mentorships (student_id, staff_id, started_on, ended_on, end_reason)"
        " VALUES (1, 1, '2025-03-01', '2025-09-10', '更换导师')"
    )
    conn.execute(
        "INSERT INTO guardian_notices (warning_id, told_at, channel, told_by, guardian, response, recorded_at)"
        " VALUES (1, '2025-10-11T16:20', '电话', '心理教师 王老师', '母亲', '同意配合', '2025-10-11T16:30:00')"
    )
    conn.execute(
        "INSERT INTO proposal_rejections (proposal_id, requested_by, requested_at, reason)"
        " VALUES (1, 1, '2025-10-12T09:00:00', '复评访谈未见异常')"
    )


def _seed_v8_status_change(conn: Connection) -> None:
    """A 休学 with its reason, as versions before 0009 kept it (the reason moves out in 0009)."""
    conn.execute(
        "INSERT INTO student_status_changes (student_id, from_status, to_status, on_date, reason, recorded_at)"
        " VALUES (1, '在读', '休学', '2025-11-01', '因病休学一学期', '2025-11-01T08:00:00')"
    )


def _seed_v9(conn: Connection) -> None:
    conn.execute("INSERT INTO care_counts (kind, dims, count) VALUES ('warnings_open', '{\"grade\": \"初一\"}', 2)")


def _seed_v16(conn: Connection) -> None:
    conn.execute(
        "INSERT INTO incident_status (incident_id, status, opened_at, leader_notified_at, aftercare_people)"
        " VALUES (1, '处置中', '2025-10-13T07:35', '2025-10-13T07:55', 2)"
    )


def _seed_v12(conn: Connection) -> None:
    conn.execute(
        "INSERT INTO partners (name, kind, designated, green_channel_name, green_channel_phone, updated_at)"
        " VALUES ('市第九医院', '医院', 1, '李医生', '0791-88330120', '2025-10-13T09:00:00')"
    )


def _seed_v17(conn: Connection) -> None:
    conn.execute(
        "INSERT INTO trainings (staff_id, title, held_on, hours, level, recorded_by, recorded_at)"
        " VALUES (1, '心理危机识别与干预', '2025-10-20', 12, '市级', 1, '2025-10-21T09:00:00')"
    )
    conn.execute(
        "INSERT INTO meetings (body, held_on, topic, attendees, recorded_by, recorded_at)"
        " VALUES ('心理危机干预小组', '2025-10-22', '期中研判', 7, 1, '2025-10-22T17:00:00')"
    )


def _seed_v19(conn: Connection) -> None:
    conn.execute(
        "INSERT INTO self_inspection_notes (term_id, text, updated_by, updated_at)"
        " VALUES (1, '下学期补齐初二心理课', 1, '2026-01-15T16:00:00')"
    )


def _seed_v22(conn: Connection) -> None:
    conn.execute("INSERT INTO meta (key, value) VALUES ('students_purged_up_to', '7')")  # a purge (retention)


SEEDS: dict[int, Callable[[Connection], None]] = {
    1: _seed_v1,
    2: _seed_v2,
    3: _seed_v3,
    4: _seed_v4,
    5: _seed_v5,
    6: _seed_v6,
    7: _seed_v7,
    8: _seed_v8_status_change,
    9: _seed_v9,
    16: _seed_v16,
    12: _seed_v12,
    17: _seed_v17,
    19: _seed_v19,
    22: _seed_v22,
}

# What each seed left behind, checked after the upgrade: (sql, expected first row).
SEEN_AFTER_UPGRADE: dict[int, list[tuple[str, tuple[object, ...]]]] = {
    1: [
        ("SELECT value FROM meta WHERE key = 'db_id'", ("mig-test",)),
        ("SELECT username, role FROM users", ("admin", "admin")),
        ("SELECT count(*) FROM audit_log", (1,)),
        ("SELECT text FROM drafts", ("草稿",)),
    ],
    2: [
        ("SELECT name FROM school", ("迁移中学",)),
        ("SELECT name FROM students", ("李同学",)),
        ("SELECT flag FROM student_flags WHERE flag = '留守'", ("留守",)),
        ("SELECT flag FROM student_flags WHERE flag LIKE '学习%'", ("学习困难生",)),  # S000's word since 0007
    ],
    3: [
        ("SELECT level, review_on FROM warnings", ("yellow", "2025-11-11")),
        ("SELECT total_score, answers FROM screening_results", (11.0, "[1,2,1,2,1,1,1,2,0]")),
        (
            "SELECT staff_id, started_on, ended_on FROM mentorships WHERE started_on = '2025-09-10'",
            (1, "2025-09-10", None),
        ),
        (
            "SELECT reason, status, cosigned_by FROM warning_proposals",
            ("PHQ-9 总分 22，症状程度：重度，筛查阳性。", "待确认", None),
        ),
    ],
    4: [
        ("SELECT name FROM rooms", ("个别辅导室一",)),
        ("SELECT start, end FROM opening_hours", ("12:10", "13:30")),
        ("SELECT name FROM school_days", ("寒假",)),
    ],
    5: [
        ("SELECT starts_at, type, status FROM appointments", ("2025-10-13T12:10:00", "个别辅导", "已预约")),
        ("SELECT student_id FROM appointment_students", (1,)),
        ("SELECT preferred_times, status FROM waitlist", ("周二午休", "等待")),
    ],
    6: [
        ("SELECT availability, max_per_week, max_per_term, active FROM duty_staff", ('[[0, "12:10"]]', 2, None, 1)),
        ("SELECT day, start, staff_id, published FROM duty_assignments", ("2025-10-13", "12:10", 1, 1)),
        ("SELECT reason, status FROM duty_swaps", ("外出培训", "待批准")),
        ("SELECT visitors, calls, events FROM duty_logs", (3, 1, "来访三人")),
    ],
    7: [
        ("SELECT end_reason FROM mentorships WHERE ended_on IS NOT NULL", ("更换导师",)),
        ("SELECT channel, guardian, response FROM guardian_notices", ("电话", "母亲", "同意配合")),
        ("SELECT reason FROM proposal_rejections", ("复评访谈未见异常",)),
    ],
    8: [
        (
            "SELECT c.to_status, r.reason FROM student_status_changes c JOIN status_change_reasons r ON r.change_id = c.id",
            ("休学", "因病休学一学期"),
        ),
    ],
    9: [("SELECT count FROM care_counts", (2,))],
    16: [
        ("SELECT status, leader_notified_at, aftercare_people FROM incident_status", ("处置中", "2025-10-13T07:55", 2))
    ],
    12: [("SELECT name, designated, green_channel_name, active FROM partners", ("市第九医院", 1, "李医生", 1))],
    17: [
        ("SELECT title, hours, level, kind FROM trainings", ("心理危机识别与干预", 12, "市级", "专题培训")),
        ("SELECT body, attendees FROM meetings", ("心理危机干预小组", 7)),
    ],
    19: [("SELECT term_id, text FROM self_inspection_notes", (1, "下学期补齐初二心理课"))],
    22: [
        ("SELECT value FROM meta WHERE key = 'students_purged_up_to'", ("7",)),
        (
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'students'",
            ("students_purged_ids_not_reused",),
        ),
    ],
}


def test_every_migration_has_seed_data_for_the_upgrade_tests() -> None:
    """Adding 000N_*.sql without a seed here fails, so each past version keeps a test database."""
    assert sorted(SEEDS) == SCHOOL_VERSIONS
    assert sorted(SEEN_AFTER_UPGRADE) == sorted(SEEDS)


def test_migrations_are_numbered_once_each_and_named() -> None:
    """From 0001, each number once. A number may be missing while the work it was handed to is on
    another branch (0012–0014 beside 0015–0016 of issue #11); merged, the sequence is whole again."""
    found = all_migrations()
    versions = [m.version for m in found]
    assert versions[0] == 1 and versions == sorted(set(versions))
    assert all(re.fullmatch(r"[a-z0-9_]+", m.name) and m.sql.strip() for m in found)


def test_no_migration_script_manages_its_own_transaction() -> None:
    """The runner wraps each step in BEGIN … COMMIT; a COMMIT inside would split it."""
    for m in all_migrations():
        body = re.sub(r"--[^\n]*", "", m.sql).upper()
        begin = r"\bBEGIN\s*(TRANSACTION|IMMEDIATE|DEFERRED|EXCLUSIVE|;)"
        assert not re.search(begin, body), m.name
        assert not re.search(r"\b(COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", body), m.name


# -- helpers -----------------------------------------------------------------------------


def _schema(conn: Connection) -> list[tuple[str, str, str]]:
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master"
        " WHERE name NOT LIKE 'sqlite_%' AND sql IS NOT NULL ORDER BY type, name"
    ).fetchall()
    return [(t, n, " ".join(s.split())) for t, n, s in rows]


def _version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _fresh_schema(tmp_path: Path) -> list[tuple[str, str, str]]:
    conn = create_database(tmp_path / "fresh.db", KEY)
    try:
        assert _version(conn) == LATEST
        return _schema(conn)
    finally:
        conn.close()


def _build_at(path: Path, version: int) -> list[tuple[str, str, str]]:
    """A database at `version`, built from the files, with a little data; returns its schema."""
    conn = open_encrypted(path, KEY, create=True)
    try:
        for v in [
            v for v in SCHOOL_VERSIONS if v <= version
        ]:  # each seed at its own version: later steps may drop its tables
            assert migrate(conn, target=v) == v
            conn.execute("BEGIN")
            SEEDS[v](conn)
            conn.execute("COMMIT")
        return _schema(conn)
    finally:
        conn.close()


# -- upgrading every past version --------------------------------------------------------


@pytest.mark.parametrize("version", SCHOOL_VERSIONS[:-1])
def test_past_version_upgrades_to_a_fresh_install(tmp_path: Path, version: int) -> None:
    path = tmp_path / "school.db"
    old_schema = _build_at(path, version)

    conn = open_database(path, KEY, now=FIXED_NOW)
    try:
        assert _version(conn) == LATEST
        upgraded = _schema(conn)
        for v in [v for v in SCHOOL_VERSIONS if v <= version]:
            for sql, expected in SEEN_AFTER_UPGRADE[v]:
                assert conn.execute(sql).fetchone() == expected, sql
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert upgraded == _fresh_schema(tmp_path)

    backups = sorted(tmp_path.glob(f"school.db.before-v{version + 1}-*.bak"))
    assert [b.name for b in backups] == [f"school.db.before-v{version + 1}-{BACKUP_STAMP}.bak"]
    backup = backups[0]
    assert backup.read_bytes()[:16] != b"SQLite format 3\x00"
    plain = sqlite3.connect(backup)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        plain.close()
    copy = open_encrypted(backup, KEY)
    try:
        assert _version(copy) == version
        assert _schema(copy) == old_schema
        for sql, expected in SEEN_AFTER_UPGRADE[1]:
            assert copy.execute(sql).fetchone() == expected, sql
    finally:
        copy.close()


def test_opening_a_current_database_takes_no_copy(tmp_path: Path) -> None:
    path = tmp_path / "school.db"
    create_database(path, KEY).close()
    open_database(path, KEY, now=FIXED_NOW).close()
    assert list(tmp_path.glob("*.bak")) == []


def test_a_fresh_install_takes_no_copy_and_reaches_latest(tmp_path: Path) -> None:
    path = tmp_path / "school.db"
    conn = create_database(path, KEY)
    conn.close()
    assert list(tmp_path.glob("*.bak")) == []
    conn = open_encrypted(path, KEY)
    try:
        assert _version(conn) == LATEST
    finally:
        conn.close()


def test_migrate_to_a_target_stops_there(tmp_path: Path) -> None:
    conn = open_encrypted(tmp_path / "x.db", KEY, create=True)
    try:
        assert migrate(conn, target=1) == 1
        tables = {n for _, n, _ in _schema(conn)}
        assert "users" in tables and "school" not in tables
        assert migrate(conn) == LATEST
        assert migrate(conn) == LATEST  # idempotent
    finally:
        conn.close()


# -- newer versions are refused ----------------------------------------------------------


def test_a_database_from_a_newer_program_is_refused_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "school.db"
    conn = create_database(path, KEY)
    conn.execute(f"PRAGMA user_version = {NEWEST + 1}")
    conn.close()

    with pytest.raises(SchemaTooNew) as caught:
        open_database(path, KEY, now=FIXED_NOW)
    message = caught.value.message
    assert "更新版本" in message
    assert f"结构版本 {NEWEST + 1}" in message and f"支持到 {NEWEST}" in message

    assert list(tmp_path.glob("*.bak")) == []
    conn = open_encrypted(path, KEY)
    try:
        assert _version(conn) == NEWEST + 1
    finally:
        conn.close()


# -- a failing step rolls back -----------------------------------------------------------

BROKEN_SQL = """
CREATE TABLE half_done (x INTEGER);
INSERT INTO half_done VALUES (1);
ALTER TABLE users ADD COLUMN nickname TEXT;
INSERT INTO no_such_table VALUES (1);
"""


def _add_steps(monkeypatch: pytest.MonkeyPatch, *extra: Migration) -> None:
    """From now on the program sees the real migrations plus `extra` (a newer program)."""
    real = all_migrations()
    monkeypatch.setattr(migrations, "all_migrations", lambda: [*real, *extra])


BROKEN = Migration(NEWEST + 1, "broken", BROKEN_SQL)


def _assert_untouched(conn: Connection, schema: list[tuple[str, str, str]]) -> None:
    assert _version(conn) == LATEST
    assert _schema(conn) == schema
    assert not conn.in_transaction
    columns = [r[1] for r in conn.execute("PRAGMA table_info(users)")]
    assert "nickname" not in columns


def test_a_failing_step_rolls_back_and_keeps_the_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conn = create_database(tmp_path / "school.db", KEY)
    try:
        schema = _schema(conn)
        _add_steps(monkeypatch, BROKEN)
        with pytest.raises(DatabaseError, match="no_such_table"):
            migrate(conn)
        _assert_untouched(conn, schema)
        conn.execute("INSERT INTO meta (key, value) VALUES ('still', 'writable')")
    finally:
        conn.close()


def test_a_failing_upgrade_on_open_leaves_the_file_at_its_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "school.db"
    conn = create_database(path, KEY)
    schema = _schema(conn)
    conn.close()
    _add_steps(monkeypatch, BROKEN)

    with pytest.raises((DatabaseError, CounselRoomError)):
        open_database(path, KEY, now=FIXED_NOW)

    conn = open_encrypted(path, KEY)
    try:
        _assert_untouched(conn, schema)
    finally:
        conn.close()
    # the copy was taken before the failing step
    assert [b.name for b in tmp_path.glob("*.bak")] == [f"school.db.before-v{LATEST + 1}-{BACKUP_STAMP}.bak"]


def test_a_failing_upgrade_is_reported_in_chinese_naming_the_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "school.db"
    create_database(path, KEY).close()
    _add_steps(monkeypatch, BROKEN)
    with pytest.raises(CounselRoomError) as caught:
        open_database(path, KEY, now=FIXED_NOW)
    assert str(path) in caught.value.message
    assert f"before-v{LATEST + 1}-{BACKUP_STAMP}.bak" in caught.value.message


def test_steps_after_a_good_one_roll_back_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each step commits with its own version bump: a later failure keeps earlier steps."""
    conn = create_database(tmp_path / "school.db", KEY)
    _add_steps(
        monkeypatch,
        Migration(NEWEST + 1, "good", "CREATE TABLE added_ok (x INTEGER);"),
        Migration(NEWEST + 2, "bad", BROKEN_SQL),
    )
    try:
        with pytest.raises(DatabaseError):
            migrate(conn)
        assert _version(conn) == NEWEST + 1
        names = {n for _, n, _ in _schema(conn)}
        assert "added_ok" in names and "half_done" not in names
    finally:
        conn.close()


def test_0008_gives_every_risk_answer_and_straight_lined_positive_a_proposal(tmp_path: Path) -> None:
    """Issue #8 item 1 for databases made before it: an invalid sheet with PHQ-9 item 9 = 2, and a
    GAD-7 of all 3s once rejected as 规律作答, get proposals; the latter is valid again."""
    path = tmp_path / "school.db"
    _build_at(path, 7)
    conn = open_encrypted(path, KEY)
    try:
        conn.execute(
            "INSERT INTO screening_batches (id, name, instrument, source, held_on, created_at)"
            " VALUES (2, '春季普查', 'GAD-7', '导入', '2026-03-10', '2026-03-10'),"
            " (3, '复测', 'PHQ-9', '导入', '2025-10-20', '2025-10-20')"
        )
        conn.execute(
            "INSERT INTO screening_results (id, batch_id, student_id, taken_on, total_score, positive,"
            " risk_item_flag, invalid_reason, answers) VALUES (2, 3, 1, '2025-10-20', 4, 0, 1,"
            " '作答过快（用时 5 秒，9 题至少应 18 秒）', '[0,0,0,0,0,0,0,2,2]')"
        )
        conn.execute(
            "INSERT INTO screening_results (id, batch_id, student_id, taken_on, total_score, positive,"
            " invalid_reason, answers) VALUES (3, 2, 1, '2026-03-10', 21, 1,"
            " '全部 7 题都选择了同一答案（规律作答）', '[3,3,3,3,3,3,3]')"
        )
    finally:
        conn.close()
    conn = open_database(path, KEY, now=FIXED_NOW)
    try:
        rows = conn.execute(
            "SELECT result_id, proposed_level, reason FROM warning_proposals WHERE result_id IN (2, 3) ORDER BY result_id"
        ).fetchall()
        assert [(r[0], r[1]) for r in rows] == [(2, "red"), (3, "yellow")]
        assert "风险题有作答" in rows[0][2] and "作答过快" in rows[0][2]
        assert "规律作答" in rows[1][2] and "核实" in rows[1][2]
        assert conn.execute("SELECT invalid_reason FROM screening_results WHERE id = 3").fetchone() == ("",)
        assert conn.execute("SELECT count(*) FROM warning_proposals WHERE result_id = 1").fetchone() == (1,)
    finally:
        conn.close()
