"""`counselroom import lessons` as a counselor runs it: the preview per class in Chinese, asked
before importing (or --yes), --dry-run and --json, row errors, and a second import adding nothing."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest

from counselroom import cli
from counselroom.domain.school.terms import TermDates
from counselroom.services.accounts.session import KeyPolicy
from counselroom.services.school import school_calendar
from counselroom.system import clock
from tests.conftest import FIXED_NOW, PASSWORD, SchoolFixture
from tests.school_data import add_small_school
from tests.timetable_files import write_messy_timetable, write_timetable


class Terminal(io.StringIO):
    """What the user types at a terminal."""

    def isatty(self) -> bool:
        return True


TODAY = datetime(2025, 11, 20, 16, 0)  # lessons are imported up to this day, never later


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch: pytest.MonkeyPatch, keys: KeyPolicy) -> None:
    monkeypatch.setattr(cli, "key_policy", lambda: keys)
    monkeypatch.setenv(cli.PASSWORD_ENV, PASSWORD)
    monkeypatch.setattr(clock, "now", lambda: TODAY)


@pytest.fixture
def db(school: SchoolFixture) -> Path:
    admin = school.admin
    first, second = (
        TermDates(1, date(2025, 9, 1), date(2026, 1, 20)),
        TermDates(2, date(2026, 2, 20), date(2026, 7, 10)),
    )
    school_calendar.add_school_year(admin.db, admin.actor, start_year=2025, first=first, second=second, now=FIXED_NOW)
    add_small_school(admin)
    return school.path


def import_lessons(db: Path, sheet: Path, *options: str, user: str = "counselor") -> int:
    return cli.run(
        ["import", "lessons", "--db", str(db), "--user", user, str(sheet), "--term", "2025-2026-1", *options]
    )


def lesson_count(db: Path, capsys: pytest.CaptureFixture[str], sheet: Path) -> dict[str, object]:
    capsys.readouterr()
    import_lessons(db, sheet, "--dry-run", "--json", "--from", "2025-09-01")
    return dict(json.loads(capsys.readouterr().out))


def test_preview_then_import_with_yes_and_again(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = write_timetable(tmp_path / "课表.xlsx")
    assert import_lessons(db, sheet, "--yes") == 0
    out = capsys.readouterr().out
    assert "课表“课表.xlsx”，2025-2026学年第一学期，2025-09-01 至 2025-11-20：" in out
    assert "初一(1)班：每周 1 节，新增" in out and "初三(1)班" in out
    assert "已从课表导入 2025-2026学年第一学期 2025-09-01 至 2025-11-20 的心理课：新增" in out
    counts = lesson_count(db, capsys, sheet)
    assert counts["new"] == 0 and int(str(counts["unchanged"])) > 25 and counts["errors"] == []
    assert import_lessons(db, sheet, "--yes") == 0
    assert "课表中的心理课都已记录，无需导入。" in capsys.readouterr().out


def test_asked_at_the_terminal(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = write_timetable(tmp_path / "课表.xlsx")
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    assert import_lessons(db, sheet) == 0
    captured = capsys.readouterr()
    assert "节心理课？输入 y 确认" in captured.err and "未导入任何心理课。" in captured.out
    new = lesson_count(db, capsys, sheet)["new"]
    assert isinstance(new, int) and new > 25
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    assert import_lessons(db, sheet, "--from", "2025-11-03") == 0
    assert "2025-11-03 至 2025-11-20" in capsys.readouterr().out
    assert 0 < int(str(lesson_count(db, capsys, sheet)["unchanged"])) < new


def test_a_script_must_say_yes(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = write_timetable(tmp_path / "课表.xlsx")
    assert import_lessons(db, sheet) == 2  # no terminal to ask on (pytest's stdin is not one)
    assert "请加 --yes" in capsys.readouterr().err
    assert import_lessons(db, sheet, "--dry-run") == 0
    assert "试运行：未写入任何数据。" in capsys.readouterr().out
    assert lesson_count(db, capsys, sheet)["unchanged"] == 0


def test_errors_are_listed_and_nothing_is_imported(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    messy = write_messy_timetable(tmp_path / "课表.xlsx")
    assert import_lessons(db, messy, "--yes") == 1
    out = capsys.readouterr().out
    assert "3 处错误，未导入任何心理课" in out and "第 6 行“班 级”：" in out and "初一(9)班" in out
    assert import_lessons(db, messy, "--yes", "--json") == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["new"], data["unchanged"]) == (0, 0) and [e["row"] for e in data["errors"]] == [6, 7, 8]
    assert lesson_count(db, capsys, write_timetable(tmp_path / "好.xlsx"))["unchanged"] == 0


def test_a_sheet_without_lessons(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "空课表.csv"
    empty.write_text("班级,星期,节次,课题\n", encoding="utf-8")
    assert import_lessons(db, empty, "--yes") == 0
    assert "没有可导入的心理课" in capsys.readouterr().out


def test_term_and_role(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = write_timetable(tmp_path / "课表.xlsx")
    assert (
        cli.run(["import", "lessons", "--db", str(db), "--user", "counselor", str(sheet), "--term", "2024-2025-2"]) == 1
    )
    assert "没有学期“2024-2025-2”。已有的学期：2025-2026-1、2025-2026-2" in capsys.readouterr().err
    assert import_lessons(db, sheet, "--yes", user="principal") == 1
    assert "无权记录心理健康教育活动" in capsys.readouterr().err
    assert cli.run(["import", "lessons", "--db", str(db), "--user", "counselor", str(sheet)]) == 2
    assert "--term" in capsys.readouterr().err
