"""`counselroom import roster` as a school's IT person runs it: summary in Chinese, exit codes,
--dry-run and --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from counselroom import cli
from counselroom.services.accounts.session import KeyPolicy
from tests.enrolment_files import bad_rows, write_gbk_csv, write_xlsx

PASSWORD = "cli-pass-123"


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch: pytest.MonkeyPatch, keys: KeyPolicy) -> None:
    monkeypatch.setattr(cli, "key_policy", lambda: keys)
    monkeypatch.setenv(cli.PASSWORD_ENV, PASSWORD)


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "school.db"
    assert cli.run(["init", "--db", str(path), "--school", "测试中学", "--admin", "admin"]) == 0
    capsys.readouterr()
    return path


def import_roster(db: Path, sheet: Path, *options: str, user: str = "admin") -> int:
    return cli.run(["import", "roster", "--db", str(db), "--user", user, str(sheet), *options])


def counts(db: Path, sheet: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    """What a dry run says about `sheet` now (reads the database without changing it)."""
    capsys.readouterr()
    import_roster(db, sheet, "--dry-run", "--json")
    return dict(json.loads(capsys.readouterr().out))


def test_import_prints_a_chinese_summary_and_reimport_changes_nothing(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = write_xlsx(tmp_path / "名单.xlsx")
    assert import_roster(db, sheet) == 0
    out = capsys.readouterr().out
    assert "已导入名单“名单.xlsx”：新增 8，更新 0，不变 0" in out
    assert "初一(3)班" in out and "以下列未导入：备注" in out
    assert import_roster(db, sheet) == 0
    assert "新增 0，更新 0，不变 8" in capsys.readouterr().out


def test_dry_run_only_reports(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = write_gbk_csv(tmp_path / "名单.csv")
    assert import_roster(db, sheet, "--dry-run") == 0
    assert "试运行（未写入任何数据）名单“名单.csv”：新增 8" in capsys.readouterr().out
    assert counts(db, sheet, capsys)["new"] == 8  # still all new: nothing was written


def test_bad_rows_are_listed_and_nothing_is_imported(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows, wrong = bad_rows()
    bad = write_xlsx(tmp_path / "有错.xlsx", rows)
    assert import_roster(db, bad) == 1
    out = capsys.readouterr().out
    assert "3 处错误，未导入任何学生" in out
    for row, column in wrong.items():
        assert f"第 {row} 行“{column}”：" in out
    assert "第 5 行" not in out and "第 7 行" not in out
    assert counts(db, write_xlsx(tmp_path / "好.xlsx"), capsys)["new"] == 8


def test_json_lists_the_errors_with_exit_1(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows, wrong = bad_rows()
    assert import_roster(db, write_xlsx(tmp_path / "有错.xlsx", rows), "--json") == 1
    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in ("new", "updated", "unchanged")} == {"new": 0, "updated": 0, "unchanged": 0}
    assert {(e["row"], e["column"]) for e in data["errors"]} == set(wrong.items())
    assert all(e["message"] for e in data["errors"])
    good = write_xlsx(tmp_path / "好.xlsx")
    assert import_roster(db, good, "--json") == 0
    assert json.loads(capsys.readouterr().out) == {"new": 8, "updated": 0, "unchanged": 0, "errors": []}
    assert counts(db, good, capsys) == {"new": 0, "updated": 0, "unchanged": 8, "errors": []}


def test_a_counselor_may_not_import(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(cli.NEW_PASSWORD_ENV, "teacher-pass-1")
    assert (
        cli.run(["user", "add", "--db", str(db), "--user", "admin", "--new-user", "wang", "--role", "counselor"]) == 0
    )
    monkeypatch.setenv(cli.PASSWORD_ENV, "teacher-pass-1")
    capsys.readouterr()
    assert import_roster(db, write_xlsx(tmp_path / "名单.xlsx"), user="wang") == 1
    assert "无权导入学生名单" in capsys.readouterr().err


def test_file_problems_and_usage(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert import_roster(db, tmp_path / "没有.xlsx") == 1
    assert "找不到文件" in capsys.readouterr().err
    old = tmp_path / "旧.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    assert import_roster(db, old) == 1
    assert "另存为" in capsys.readouterr().err
    assert cli.run(["import", "roster", "--db", str(db), "--user", "admin"]) == 2
    assert "错误：缺少必需的参数：名单文件" in capsys.readouterr().err
