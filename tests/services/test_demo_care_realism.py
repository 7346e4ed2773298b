"""Issue #8 item 11 (and the demo's share of items 4, 5, 9): graduated cohorts and classes as the
rollover leaves them, 国家助学金 only where it is paid, parents told about listings, red
rejections co-signed, and 学习压力大 apart from 学习困难生."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from counselroom.demo import care_texts
from counselroom.domain.students.student_facts import StudentFlag
from counselroom.services.care import warning_list
from counselroom.services.school import school_info
from tests.conftest import FIXED_NOW
from tests.demo_school import Demo, make_demo


@pytest.fixture(scope="module")
def three_years(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return make_demo(tmp_path_factory.mktemp("demo3") / "school.db", students=600, years=3)


def _rows(demo: Demo, sql: str) -> list[tuple[Any, ...]]:
    with demo.session() as s:
        return s.db.conn.execute(sql).fetchall()


def test_a_multi_year_demo_has_graduated_cohorts_and_classes(three_years: Demo) -> None:
    classes = _rows(
        three_years,
        "SELECT c.name, g.year_in_stage, c.graduated_on, c.head_teacher_id IS NOT NULL,"
        " (SELECT count(*) FROM students s WHERE s.class_id = c.id),"
        " (SELECT count(*) FROM students s WHERE s.class_id = c.id AND s.status = '毕业' AND s.left_on = c.graduated_on)"
        " FROM classes c JOIN grades g ON g.id = c.grade_id WHERE c.graduated_on IS NOT NULL",
    )
    current = _rows(three_years, "SELECT count(*) FROM classes WHERE graduated_on IS NULL AND name LIKE '%三%'")
    assert {day for _n, _y, day, *_ in classes} == {"2024-07-10", "2025-07-10"}  # end of each past year
    assert len(classes) == 2 * current[0][0]  # 初三 and 高三 of both past years
    assert all(name.startswith(("初三", "高三")) and year == 3 and head for name, year, _d, head, _n, _g in classes)
    assert all(40 <= students == graduates for *_rest, students, graduates in classes)
    changes = _rows(
        three_years,
        "SELECT c.from_status, c.to_status, c.on_date = s.left_on FROM student_status_changes c"
        " JOIN students s ON s.id = c.student_id WHERE s.status = '毕业'",
    )
    graduates = _rows(
        three_years, "SELECT count(*), min(student_no), max(enrolled_on) FROM students WHERE status = '毕业'"
    )
    assert len(changes) == graduates[0][0] and set(changes) == {("在读", "毕业", 1)}
    assert graduates[0][2] <= "2022-09-01"  # 初三 of 2024-2025 came in 2022
    at_school = _rows(three_years, "SELECT count(*) FROM students WHERE status IN ('在读', '休学', '复学')")
    assert at_school == [(600,)]  # the students asked for are the ones at school now
    with three_years.session("admin") as s:  # 设置 counts the classes at school, not the graduated ones
        overview = school_info.school_overview(s.db, s.actor, now=FIXED_NOW)
    assert overview.classes == _rows(three_years, "SELECT count(*) FROM classes")[0][0] - len(classes)


def test_one_year_demo_has_no_graduates(tmp_path: Path) -> None:
    demo = make_demo(tmp_path / "one.db", students=120)
    assert _rows(demo, "SELECT count(*) FROM classes WHERE graduated_on IS NOT NULL") == [(0,)]


def test_national_grants_only_in_senior_high(three_years: Demo) -> None:
    lives = _rows(
        three_years,
        "SELECT g.stage, b.life_history FROM student_background b JOIN students s ON s.id = b.student_id"
        " JOIN classes c ON c.id = s.class_id JOIN grades g ON g.id = c.grade_id WHERE b.life_history LIKE '%经济%'",
    )
    assert all(stage in ("高中", "中职") for stage, life in lives if "国家助学金" in life)
    assert all("国家助学金" not in life for stage, life in lives if stage == "初中")
    # The demo writes few backgrounds, so a family in hardship among them is luck: the texts themselves.
    hardship = frozenset({StudentFlag.LOW_INCOME.value})
    for stage, aid in (("初中", "生活补助"), ("高中", "国家助学金"), ("中职", "国家助学金")):
        life = care_texts.background(random.Random(1), hardship, ("母亲",), stage)[1]
        assert aid in life and (stage != "初中" or "国家助学金" not in life)


def test_parents_are_told_and_red_rejections_are_cosigned(three_years: Demo) -> None:
    told = _rows(
        three_years,
        "SELECT w.level, n.channel, n.told_by, n.guardian, n.response, n.told_at >= w.opened_on"
        " FROM guardian_notices n JOIN warnings w ON w.id = n.warning_id",
    )
    reds = _rows(
        three_years,
        "SELECT id FROM warnings WHERE level = 'red' OR id IN (SELECT warning_id FROM warning_history WHERE to_level = 'red')",
    )
    assert told and all(
        ch in ("电话", "面谈", "家访", "微信") and by and who and said and after
        for _l, ch, by, who, said, after in told
    )
    assert all(
        str(when) < FIXED_NOW.isoformat() for (when,) in _rows(three_years, "SELECT told_at FROM guardian_notices")
    )
    with three_years.session() as s:
        entry = next(e for e in warning_list.list_warnings(s.db, s.actor, now=FIXED_NOW) if e.level.value == "red")
        history = warning_list.warning_history(s.db, s.actor, entry.id, now=FIXED_NOW)
    assert reds and any(line.action == "告知家长" for line in history)
    cosigned = _rows(
        three_years,
        "SELECT p.decided_by, p.cosigned_by, q.requested_by FROM warning_proposals p"
        " JOIN proposal_rejections q ON q.proposal_id = p.id WHERE p.proposed_level = 'red'",
    )
    lead = _rows(three_years, "SELECT id FROM users WHERE username = 'lead'")[0][0]
    uncosigned = _rows(
        three_years,
        f"SELECT count(*) FROM warning_proposals WHERE proposed_level = 'red' AND status = '已驳回'"
        f" AND decided_by != {lead} AND cosigned_by IS NULL",
    )
    assert all(by == asked and cosigner == lead for by, cosigner, asked in cosigned)
    assert uncosigned == [(0,)]


def test_learning_pressure_is_its_own_flag(three_years: Demo) -> None:
    flags = dict(_rows(three_years, "SELECT flag, count(*) FROM student_flags GROUP BY flag"))
    assert flags.get("学习压力大", 0) > 0 and flags.get("学习困难生", 0) > 0
    assert not {"学习困难", "生理困难", "心理困难", "就业困难", "其他困难"} & set(flags)
    assert date(2025, 7, 10) < FIXED_NOW.date()
