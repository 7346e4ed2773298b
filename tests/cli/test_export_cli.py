"""`counselroom export stats` and `counselroom export class-list` as a school's script runs them: the same
roles, watermark and audit rows as the program; errors in Chinese (exit 1), bad usage exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from counselroom import cli
from counselroom.domain.care.warnings import WarningLevel, WarningSource
from counselroom.domain.school.terms import default_terms
from counselroom.services.accounts.session import KeyPolicy
from counselroom.services.care import warning_list
from counselroom.services.school import school_calendar
from counselroom.system import clock
from tests.conftest import FIXED_NOW, PASSWORD, SchoolFixture
from tests.school_data import add_small_school
from tests.services.export_checks import read_back


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch: pytest.MonkeyPatch, keys: KeyPolicy) -> None:
    monkeypatch.setattr(cli, "key_policy", lambda: keys)
    monkeypatch.setenv(cli.PASSWORD_ENV, PASSWORD)
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)


@pytest.fixture
def db(school: SchoolFixture) -> Path:
    admin = school.admin
    first, second = default_terms(2025)
    school_calendar.add_school_year(admin.db, admin.actor, start_year=2025, first=first, second=second, now=FIXED_NOW)
    add_small_school(admin)
    counselor = school.sign_in("counselor")
    warning_list.add_to_warning_list(
        counselor.db, counselor.actor, 2, level=WarningLevel.YELLOW, reason="情绪低落", source=WarningSource.TALK,
        now=FIXED_NOW,
    )  # fmt: skip
    counselor.db.close()
    return school.path


def exported(school: SchoolFixture) -> list[tuple[str, str]]:
    rows = school.admin.db.conn.execute(
        "SELECT object_type, reason FROM audit_log WHERE action = 'exported' ORDER BY seq"
    ).fetchall()
    return [(str(a), str(b)) for a, b in rows]


def test_the_principal_exports_the_statistics(
    db: Path, tmp_path: Path, school: SchoolFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "统计.xlsx"
    assert cli.run(["export", "stats", "--db", str(db), "--user", "principal", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "已导出心理健康工作去标识化统计 2025-2026学年第一学期" in said and "只含汇总数字" in said
    assert read_back(out).first_line.startswith("导出：张校长（校领导）")
    assert exported(school)[-1][0] == "stats"


def test_a_counselor_exports_a_terms_statistics_as_csv_with_records(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "统计.csv"
    args = ["export", "stats", "--db", str(db), "--user", "counselor", "--term", "2025-2026-1", "--out", str(out)]
    assert cli.run(args) == 0
    assert "含化名学生记录" in capsys.readouterr().out
    assert "学生记录（化名，每行一名在校学生）" in read_back(out).texts
    assert cli.run([*args[:-4], "--term", "2031-2032-1", "--out", str(out)]) == 1
    assert "没有学期“2031-2032-1”" in capsys.readouterr().err


def test_a_counselor_exports_a_class_list_for_its_head_teacher(
    db: Path, tmp_path: Path, school: SchoolFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "名单.xlsx"
    args = ["export", "class-list", "--db", str(db), "--user", "counselor", "--class", "初一（1）班"]
    assert cli.run([*args, "--reason", "请班主任日常关注", "--out", str(out)]) == 0
    assert "已导出初一(1)班 重点关注学生名单（1 人，导出编号" in capsys.readouterr().out
    found = read_back(out)
    assert (
        found.first_line.startswith("【保密】导出：王老师（心理教师）") and "用途：请班主任日常关注" in found.first_line
    )
    assert "李雨涵" in found.texts and "情绪低落" not in " ".join(found.texts)
    assert exported(school)[-1] == ("class_list", "请班主任日常关注")


def test_the_principal_may_not_export_a_class_list(
    db: Path, tmp_path: Path, school: SchoolFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "名单.csv"
    args = ["export", "class-list", "--db", str(db), "--user", "principal", "--class", "初一(1)班"]
    assert cli.run([*args, "--reason", "看看", "--out", str(out)]) == 1
    assert "校领导无权导出含学生姓名的名单" in capsys.readouterr().err
    assert not out.exists() and not exported(school)


def test_bad_usage_and_unknown_classes_are_said_in_chinese(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["export", "class-list", "--db", str(db), "--user", "counselor"]
    assert cli.run([*base, "--class", "初一(1)班", "--reason", "关注", "--out", str(tmp_path / "名单.pdf")]) == 2
    assert "--out 应以 .xlsx 或 .csv 结尾" in capsys.readouterr().err
    assert cli.run([*base, "--class", "初一(1)班", "--out", str(tmp_path / "名单.csv")]) == 2
    assert "--reason" in capsys.readouterr().err
    assert cli.run([*base, "--class", "高三(9)班", "--reason", "关注", "--out", str(tmp_path / "名单.csv")]) == 1
    assert "没有班级“高三(9)班”" in capsys.readouterr().err
    assert not list(tmp_path.glob("名单.*"))
