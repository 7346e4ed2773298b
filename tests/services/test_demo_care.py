"""The demo's counseling room: screening, proposals, the warning list, 心理委员, 成长导师 and the rest,
checked for plausible rates and for the shapes the services themselves write and read."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from counselroom.domain.care.warnings import WarningLevel, WarningSource
from counselroom.domain.screening.instruments import built_in, score
from counselroom.domain.screening.screening_quality import invalid_reason, review_notes
from counselroom.domain.students.pinyin_initials import name_initials
from counselroom.services.care import mentoring, peer_reports, proposals, warning_list
from counselroom.services.registry import build_registry
from counselroom.services.students import student_records as students
from counselroom.services.students import timeline
from counselroom.store.connection import Connection
from tests.conftest import FIXED_NOW
from tests.demo_school import Demo, make_demo

TIMELINE = build_registry().timeline_sources

STUDENTS = 600
TODAY = FIXED_NOW.date()
AT_SCHOOL = "('在读', '休学', '复学')"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """One 600-student demo for the read-only checks below (it takes a third of a second)."""
    return make_demo(tmp_path_factory.mktemp("demo") / "school.db", students=STUDENTS)


def _rows(conn: Connection, sql: str, *args: object) -> list[tuple[Any, ...]]:
    return conn.execute(sql, args).fetchall()


def _one(conn: Connection, sql: str, *args: object) -> int:
    return int(conn.execute(sql, args).fetchone()[0])


# -- screening --------------------------------------------------------------------------------


def test_screening_rates_are_plausible(demo: Demo) -> None:
    with demo.session() as s:
        conn = s.db.conn
        at_school = _one(conn, f"SELECT count(*) FROM students WHERE status IN {AT_SCHOOL}")
        batches = _rows(conn, "SELECT id, name, instrument, source, held_on FROM screening_batches ORDER BY id")
        rates = {}
        for batch_id, _name, instrument, _source, _held in batches:
            screened, positive, flagged, invalid = _rows(
                conn,
                (
                    "SELECT count(*), sum(positive AND invalid_reason = ''), sum(risk_item_flag AND invalid_reason = ''),"
                    " sum(invalid_reason <> '') FROM screening_results WHERE batch_id = ?"
                ),
                batch_id,
            )[0]
            valid = screened - invalid
            rates[instrument] = (screened / at_school, positive / valid, flagged / valid, invalid / screened)
    assert {(b[1], b[2], b[3]) for b in batches} == {
        ("2025年秋季心理普查", "PHQ-9", "导入"),
        ("2025年秋季心理普查", "GAD-7", "导入"),
    }
    held = date.fromisoformat(batches[0][4])
    assert date(2025, 9, 15) <= held <= TODAY - timedelta(days=14)  # late Sep when the demo is made mid-Oct
    phq_screened, phq_positive, phq_item9, phq_invalid = rates["PHQ-9"]
    gad_screened, gad_positive, gad_flagged, gad_invalid = rates["GAD-7"]
    assert 0.92 <= phq_screened == gad_screened <= 0.98
    assert 0.10 <= phq_positive <= 0.17 and 0.06 <= gad_positive <= 0.15
    assert 0.005 <= phq_item9 <= 0.05 and gad_flagged == 0
    assert 0.01 <= phq_invalid <= 0.06 and 0.01 <= gad_invalid <= 0.06


def test_answers_rescore_to_the_stored_results(demo: Demo) -> None:
    with demo.session() as s:
        rows = _rows(
            s.db.conn,
            (
                "SELECT b.instrument, r.answers, r.total_score, r.band, r.positive, r.risk_item_flag,"
                " r.invalid_reason, r.duration_seconds, r.taken_on, b.held_on FROM screening_results r"
                " JOIN screening_batches b ON b.id = r.batch_id"
            ),
        )
    assert len(rows) > STUDENTS
    reasons: Counter[str] = Counter()
    for instrument, answers, total, band, positive, flagged, invalid, seconds, taken_on, held_on in rows:
        spec = built_in(instrument)
        assert spec is not None
        scored = score(spec, json.loads(answers))
        assert (scored.total, scored.band, scored.positive, scored.risk_flag) == (
            total,
            band,
            bool(positive),
            bool(flagged),
        )
        assert invalid == invalid_reason(item_count=spec.item_count, duration_seconds=seconds)
        assert held_on <= taken_on < TODAY.isoformat()
        reasons.update(part[:4] for part in invalid.split("；") if part)
        reasons.update(note[:4] for note in review_notes(scored.answers))
    assert reasons["作答过快"] and reasons["全部 9"] and reasons["全部 7"]  # both kinds of careless sheet


def test_proposals_follow_the_screens_and_some_wait(demo: Demo) -> None:
    with demo.session() as s:
        conn = s.db.conn
        proposed = _rows(
            conn,
            (
                "SELECT r.id, count(p.id) FROM screening_results r LEFT JOIN warning_proposals p ON p.result_id = r.id"
                " WHERE (r.positive AND r.invalid_reason = '') OR r.risk_item_flag GROUP BY r.id"
            ),
        )
        on_invalid = _one(
            conn,
            "SELECT count(*) FROM warning_proposals p JOIN screening_results r"
            " ON r.id = p.result_id WHERE r.invalid_reason <> '' AND NOT r.risk_item_flag",
        )
        decided = _rows(
            conn,
            "SELECT status, created_at, decided_at, decision_reason, decided_by"
            " FROM warning_proposals WHERE status <> '待确认'",
        )
        waiting = proposals.pending_proposals(s.db, s.actor, now=FIXED_NOW)
        confirmed_unlisted = _one(
            conn,
            (
                "SELECT count(*) FROM warning_proposals p WHERE p.status = '已确认'"
                " AND NOT EXISTS (SELECT 1 FROM warnings w WHERE w.student_id = p.student_id)"
            ),
        )
        counselors = {r[0] for r in _rows(conn, "SELECT id FROM users WHERE username IN ('lead', 'counselor')")}
    assert proposed and all(count == 1 for _, count in proposed)
    assert on_invalid == 0
    assert 10 <= len(waiting) <= 20
    assert {w.source for w in waiting} == {WarningSource.SCREENING.value, WarningSource.PEER_MONITOR.value}
    statuses = Counter(d[0] for d in decided)
    assert statuses["已驳回"] > statuses["已确认"] > 0
    assert all(
        created <= at < FIXED_NOW.isoformat() and len(reason) >= 4 and by in counselors
        for _, created, at, reason, by in decided
    )
    assert confirmed_unlisted == 0


# -- the warning list -------------------------------------------------------------------------


def test_warning_list_share_levels_sources_and_review_dates(demo: Demo) -> None:
    with demo.session() as s:
        entries = warning_list.list_warnings(s.db, s.actor, now=FIXED_NOW)
        due = warning_list.reviews_due(s.db, s.actor, now=FIXED_NOW)
        counselors = {
            r[0] for r in _rows(s.db.conn, "SELECT display_name FROM users WHERE username IN ('lead', 'counselor')")
        }
        closed = _one(s.db.conn, "SELECT count(*) FROM warnings WHERE closed_on IS NOT NULL")
    levels = Counter(e.level for e in entries)
    assert 0.02 <= len(entries) / STUDENTS <= 0.03
    assert 1 <= levels[WarningLevel.RED] <= levels[WarningLevel.ORANGE] <= levels[WarningLevel.YELLOW]
    assert levels[WarningLevel.RED] / STUDENTS <= 0.005
    assert {e.source for e in entries} <= {"筛查", "班主任报告", "心理委员报告", "谈心谈话", "家长反映"}
    assert Counter(e.source for e in entries)["筛查"] >= 3
    assert {e.counselor for e in entries} <= counselors and all(len(e.reason) >= 10 for e in entries)
    assert all(date(2025, 9, 1) <= e.opened_on < TODAY for e in entries)
    assert any(e.review_overdue for e in entries) and any(e.review_overdue for e in due)  # 今日 shows it
    assert all(TODAY - timedelta(days=14) <= e.review_on <= TODAY + timedelta(days=31) for e in entries)
    assert closed >= 3


def test_every_entry_has_a_history_from_its_listing(demo: Demo) -> None:
    with demo.session() as s:
        conn = s.db.conn
        warnings = _rows(conn, "SELECT id, level, review_on, opened_on, closed_on, created_at FROM warnings")
        history = {
            w[0]: _rows(
                conn,
                "SELECT action, from_level, to_level, review_on, changed_at, reason"
                " FROM warning_history WHERE warning_id = ? ORDER BY id",
                w[0],
            )
            for w in warnings
        }
        lines = warning_list.warning_history(s.db, s.actor, warnings[0][0], now=FIXED_NOW)
    actions: Counter[str] = Counter()
    for warning_id, level, review_on, opened_on, closed_on, created_at in warnings:
        rows = history[warning_id]
        actions.update(r[0] for r in rows)
        assert rows[0][0] == "列入" and rows[0][1] == "" and rows[0][4] == created_at
        assert rows[0][4][:10] == opened_on
        stamps = [r[4] for r in rows]
        assert stamps == sorted(stamps) and stamps[-1] < FIXED_NOW.isoformat()
        for before, after in pairwise(rows):
            assert after[1] == before[2]  # each change starts from the level the last one left
        if closed_on is None:
            assert rows[-1][0] != "解除" and rows[-1][2] == level and rows[-1][3] == review_on
        else:
            assert rows[-1][0] == "解除" and rows[-1][2] == "" and rows[-1][4][:10] == closed_on
    assert actions["列入"] == len(warnings) and actions["复评"] and actions["解除"] >= 3
    assert lines[0].action == "列入" and lines[0].who


def test_principal_counts_equal_the_open_entries(demo: Demo) -> None:
    with demo.session("principal") as s:
        shown = warning_list.warning_counts(s.db, s.actor, now=FIXED_NOW)
    with demo.session() as s:
        counts = warning_list.warning_counts(s.db, s.actor, now=FIXED_NOW)
        open_entries = _one(s.db.conn, "SELECT count(*) FROM warnings WHERE closed_on IS NULL")
    assert counts.total == open_entries == sum(counts.by_level.values())
    assert sum(n for grade in counts.by_grade.values() for n in grade.values()) == open_entries
    assert set(counts.by_grade) <= {"初一", "初二", "初三", "高一", "高二", "高三"}
    # The principal's table: each number shown is the true one, and none is from 1 to 4.
    assert shown.table is not None and set(shown.by_grade) == set(counts.by_grade)
    for grade, row in zip(shown.table.row_labels, shown.table.cells, strict=True):
        for level, cell in zip(shown.table.column_labels, row, strict=True):
            assert cell.hidden or (cell.value == counts.by_grade[grade].get(level, 0) and not 1 <= cell.value <= 4)


# -- 心理委员, reports, 成长导师, plans ---------------------------------------------------------------


def test_one_boy_and_one_girl_monitor_per_class_and_their_reports(demo: Demo) -> None:
    with demo.session() as s:
        coverage = peer_reports.monitor_coverage(s.db, s.actor, now=FIXED_NOW)
        reports = peer_reports.list_peer_reports(s.db, s.actor, now=FIXED_NOW)
        suspended_monitors = _one(
            s.db.conn,
            "SELECT count(*) FROM peer_monitors p JOIN students s ON s.id = p.student_id WHERE s.status = '休学'",
        )
        linked = _rows(
            s.db.conn,
            "SELECT p.status, r.status FROM warning_proposals p JOIN peer_reports r ON r.id = p.peer_report_id",
        )
    assert coverage and all(c.complete for c in coverage)
    assert suspended_monitors == 0
    assert 20 <= len(reports) <= 40
    assert all(r.reporter.startswith(("心理委员 ", "班主任 ")) and len(r.reporter) > 4 for r in reports)
    assert {r.status for r in reports} == {"待处理", "已处理", "已转预警"}
    assert all(r.reported_on < TODAY.isoformat() and r.concern for r in reports)
    assert any(r.student_name == "" for r in reports)  # a concern about the class as a whole
    pairs = Counter(linked)
    assert pairs[("待确认", "待处理")] >= 1 and pairs[("已驳回", "已处理")] >= 1
    assert pairs[("已确认", "已转预警")] == sum(1 for r in reports if r.status == "已转预警")


def test_mentors_plans_and_background(demo: Demo) -> None:
    with demo.session() as s:
        conn = s.db.conn
        ended = _rows(conn, "SELECT end_reason, started_on < ended_on FROM mentorships WHERE ended_on IS NOT NULL")
        positions = {
            p for (p,) in _rows(conn, "SELECT DISTINCT s.position FROM mentorships m JOIN staff s ON s.id = m.staff_id")
        }
        away = _rows(
            conn,
            "SELECT count(*) FROM mentorships m JOIN students s ON s.id = m.student_id"
            " WHERE m.ended_on IS NULL AND s.status = '休学'",
        )
        listed = {i for (i,) in _rows(conn, "SELECT student_id FROM warnings WHERE closed_on IS NULL")}
        mentored = {i for (i,) in _rows(conn, "SELECT student_id FROM mentorships WHERE ended_on IS NULL")}
        planned = {i for (i,) in _rows(conn, "SELECT student_id FROM care_plans")}
        background = {i for (i,) in _rows(conn, "SELECT student_id FROM student_background")}
        texts = _rows(conn, "SELECT goals, measures FROM care_plans") + _rows(
            conn, "SELECT growth_history, life_history, support_system FROM student_background"
        )
        coverage = mentoring.mentor_coverage(s.db, s.actor, now=FIXED_NOW)
        family = {
            i
            for (i,) in _rows(
                conn,
                "SELECT DISTINCT student_id FROM student_flags WHERE flag IN"
                " ('单亲', '离异', '留守', '随迁', '经济困难', '孤儿/事实无人抚养')",
            )
        }
    assert ended and all(reason == "更换导师" and in_order for reason, in_order in ended)  # history kept
    assert away == [(0,)]  # leaving school ends a mentorship
    assert positions <= {"班主任", "科任教师"}
    assert len(listed & mentored) / len(listed) >= 0.7
    others = family - listed
    assert 0.3 <= len(others & mentored) / len(others) <= 0.7
    assert len(listed & planned) / len(listed) >= 0.7 and len(listed & background) / len(listed) >= 0.6
    assert all(all(len(t) >= 10 for t in row) for row in texts)
    assert not any(word in t for row in texts for t in row for word in ("抑郁症", "焦虑症", "诊断"))
    assert coverage.key_students > coverage.with_mentor > 0 and coverage.rows


def test_suspended_and_resumed_students_have_their_history(demo: Demo) -> None:
    with demo.session() as s:
        conn = s.db.conn
        changes = {
            sid: _rows(
                conn,
                "SELECT c.from_status, c.to_status, c.on_date, r.reason FROM student_status_changes c"
                " LEFT JOIN status_change_reasons r ON r.change_id = c.id WHERE c.student_id = ? ORDER BY c.on_date, c.id",
                sid,
            )
            for (sid,) in _rows(conn, "SELECT id FROM students WHERE status IN ('休学', '复学')")
        }
        others = _one(
            conn,
            "SELECT count(*) FROM student_status_changes c JOIN students s ON s.id = c.student_id"
            " WHERE s.status = '在读'",
        )
    assert changes and others == 0
    for rows in changes.values():
        assert [(r[0], r[1]) for r in rows] in ([("在读", "休学")], [("在读", "休学"), ("休学", "复学")])
        assert all(r[2] < TODAY.isoformat() and len(r[3]) >= 6 for r in rows)


def test_every_student_has_initials_and_is_found_by_them(demo: Demo) -> None:
    with demo.session() as s:
        rows = _rows(s.db.conn, "SELECT id, name, name_initials FROM students")
        assert all(initials and initials == name_initials(name) for _, name, initials in rows)
        student_id, name, initials = rows[17]
        found = students.search_students(s.db, s.actor, initials, now=FIXED_NOW)
        assert student_id in {f.id for f in found}
        assert name in {f.name for f in students.search_students(s.db, s.actor, initials.upper(), now=FIXED_NOW)}


def test_a_listed_students_chronology_tells_the_story(demo: Demo) -> None:
    with demo.session() as s:
        student_id = _one(
            s.db.conn, "SELECT student_id FROM warnings WHERE source = '筛查' AND closed_on IS NULL ORDER BY id LIMIT 1"
        )
        kinds = {e.kind for e in timeline.student_timeline(s.db, s.actor, student_id, sources=TIMELINE, now=FIXED_NOW)}
    assert {"预警", "测评"} <= kinds


# -- over time, and determinism ---------------------------------------------------------------


def test_a_spring_sitting_and_older_years(tmp_path: Path) -> None:
    now = datetime(2026, 5, 20, 10, 0)
    demo = make_demo(tmp_path / "school.db", now=now, students=300, years=3)
    with demo.session(now=now) as s:
        conn = s.db.conn
        sittings = _rows(conn, "SELECT DISTINCT name, held_on FROM screening_batches ORDER BY held_on")
        per_sitting = [
            n
            for (n,) in _rows(
                conn,
                "SELECT count(*) FROM screening_results r JOIN screening_batches b"
                " ON b.id = r.batch_id WHERE b.instrument = 'PHQ-9'"
                " GROUP BY b.id ORDER BY b.held_on",
            )
        ]
        latest = sittings[-1][1]
        old_pending = _one(
            conn,
            "SELECT count(*) FROM warning_proposals p JOIN screening_results r"
            " ON r.id = p.result_id WHERE p.status = '待确认' AND r.taken_on < ?",
            latest,
        )
        stamps = _rows(
            conn,
            "SELECT max(changed_at) FROM warning_history UNION ALL SELECT max(decided_at)"
            " FROM warning_proposals UNION ALL SELECT max(recorded_at) FROM peer_reports"
            " UNION ALL SELECT max(taken_on) FROM screening_results UNION ALL SELECT max(started_on)"
            " FROM mentorships UNION ALL SELECT max(updated_at) FROM care_plans",
        )
    assert [n for n, _ in sittings] == [
        "2023年秋季心理普查",
        "2024年秋季心理普查",
        "2025年秋季心理普查",
        "2026年春季心理普查",
    ]
    assert all(date.fromisoformat(h).month in (9, 10, 3) for _, h in sittings)
    # Only the students already at the school took the earlier sittings.
    assert per_sitting[0] < per_sitting[1] < per_sitting[2] and per_sitting[3] >= per_sitting[2] * 0.95
    assert old_pending == 0
    assert all(str(stamp) < now.isoformat() for (stamp,) in stamps)


def _fingerprint(demo: Demo) -> list[list[tuple[Any, ...]]]:
    with demo.session() as s:
        conn = s.db.conn
        return [
            _rows(conn, sql)
            for sql in (
                "SELECT student_id, taken_on, answers, duration_seconds FROM screening_results ORDER BY id",
                "SELECT student_id, level, reason, source, counselor_id, opened_on, review_on, closed_on"
                " FROM warnings ORDER BY id",
                "SELECT warning_id, changed_at, action, to_level, reason FROM warning_history ORDER BY id",
                "SELECT student_id, status, decided_at, decision_reason FROM warning_proposals ORDER BY id",
                "SELECT student_id, staff_id, started_on, ended_on FROM mentorships ORDER BY id",
                "SELECT class_id, student_id, reporter, concern FROM peer_reports ORDER BY id",
                "SELECT class_id, student_id FROM peer_monitors ORDER BY class_id, student_id",
                "SELECT student_id, growth_history, support_system FROM student_background ORDER BY student_id",
            )
        ]


def test_same_seed_same_counseling_room(tmp_path: Path) -> None:
    first = _fingerprint(make_demo(tmp_path / "a.db", students=300, seed=5))
    again = _fingerprint(make_demo(tmp_path / "b.db", students=300, seed=5))
    other = _fingerprint(make_demo(tmp_path / "c.db", students=300, seed=6))
    assert first == again
    assert all(rows for rows in first)
    assert first[1] != other[1] and first[0] != other[0]
