"""SECURITY.md 21 on the command line: a command that changes data needs the data folder to
itself, as the GUI does; a command that only reads (and audits its reading) runs beside it."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest

from counselroom import cli
from counselroom.gui.app import acquire_instance_lock
from counselroom.services.accounts.session import KeyPolicy
from tests.conftest import PASSWORD, SchoolFixture
from tests.enrolment_files import write_gbk_csv

IN_USE = "错误：心理辅导室工作台正在使用此数据文件夹（另一个窗口或命令正在运行），请先关闭它再执行此命令。"

DECLARED = {
    ("init",): "creates",
    ("demo",): "creates",
    ("user", "add"): "changes",
    ("user", "list"): "reads",
    ("user", "confirm"): "changes",
    ("check",): "reads",
    ("import", "roster"): "changes",
    ("import", "screening"): "changes",
    ("import", "lessons"): "changes",
    ("report", "self-inspection"): "reads",  # reads, and writes a file and its audit row
    ("report", "talks"): "reads",
    ("export", "stats"): "reads",  # reads, and writes a file and its audit row
    ("export", "class-list"): "reads",
    ("recover",): "changes",
    ("backup",): "changes",
    ("restore",): "creates",
}


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch: pytest.MonkeyPatch, keys: KeyPolicy) -> None:
    monkeypatch.setattr(cli, "key_policy", lambda: keys)
    monkeypatch.setenv(cli.PASSWORD_ENV, PASSWORD)
    monkeypatch.setenv(cli.NEW_PASSWORD_ENV, "teacher-pass-1")


@pytest.fixture
def gui_open(school: SchoolFixture) -> Iterator[SchoolFixture]:
    """The program window is open on the school's data folder."""
    held = acquire_instance_lock(school.path)
    assert held is not None
    yield school
    held.unlock()


def _audit_rows(school: SchoolFixture) -> int:
    return int(school.admin.db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def _changing_commands(school: SchoolFixture, tmp_path: Path) -> dict[str, list[str]]:
    db = str(school.path)
    sheet = str(write_gbk_csv(tmp_path / "名单.csv"))
    return {
        "user add": ["user", "add", "--db", db, "--user", "admin", "--new-user", "wang", "--role", "心理教师"],
        "import roster": ["import", "roster", "--db", db, "--user", "admin", sheet],
        "import screening": ["import", "screening", "--db", db, "--user", "counselor", sheet],
        "recover": ["recover", "--db", db, "--user", "admin"],
    }


@pytest.mark.parametrize("command", ["user add", "import roster", "import screening", "recover"])
def test_a_command_that_changes_data_is_refused_while_the_gui_is_open(
    command: str,
    gui_open: SchoolFixture,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(cli.RECOVERY_ENV, gui_open.recovery_key)
    before = _audit_rows(gui_open)
    assert cli.run(_changing_commands(gui_open, tmp_path)[command]) == 1
    out, err = capsys.readouterr()
    assert IN_USE in err and str(gui_open.path) in err and out == ""
    assert _audit_rows(gui_open) == before  # refused before signing in: not even a login row


@pytest.mark.parametrize(
    "command",
    [["init", "--school", "测试中学", "--admin", "admin"], ["demo", "--students", "50"]],
    ids=["init", "demo"],
)
def test_creating_a_school_is_refused_while_the_gui_is_open_on_that_folder(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "school" / "new.db"
    wizard = acquire_instance_lock(db)  # the first-run wizard is open on it
    assert wizard is not None
    try:
        assert cli.run([*command, "--db", str(db)]) == 1
        assert IN_USE in capsys.readouterr().err
        assert [p.name for p in db.parent.iterdir()] == ["new.db.lock"]  # the wizard's, nothing else
    finally:
        wizard.unlock()


def test_reading_commands_run_beside_the_gui(
    gui_open: SchoolFixture, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, sheet = str(gui_open.path), str(write_gbk_csv(tmp_path / "名单.csv"))
    assert cli.run(["user", "list", "--db", db, "--user", "admin"]) == 0
    assert "counselor\t王老师\t心理教师" in capsys.readouterr().out
    assert cli.run(["check", "--db", db, "--user", "admin"]) == 0
    assert "检查通过" in capsys.readouterr().out
    assert cli.run(["import", "roster", "--db", db, "--user", "admin", sheet, "--dry-run"]) == 0
    assert "试运行（未写入任何数据）" in capsys.readouterr().out


def test_a_changing_command_holds_the_lock_while_it_runs_and_releases_it(
    school: SchoolFixture, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[bool] = []
    real = cli.cmd_user_add

    def add_and_look(args: argparse.Namespace) -> int:
        seen.append(acquire_instance_lock(school.path) is None)  # a GUI started now is refused
        return real(args)

    monkeypatch.setattr(cli, "cmd_user_add", add_and_look)
    db = str(school.path)
    assert cli.run(["user", "add", "--db", db, "--user", "admin", "--new-user", "wang", "--role", "心理教师"]) == 0
    assert seen == [True]
    assert not school.path.with_name(school.path.name + ".lock").exists()
    gui = acquire_instance_lock(school.path)  # and once it is done, the GUI starts
    assert gui is not None
    gui.unlock()


def test_a_missing_database_is_named_before_any_lock_is_taken(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "typo" / "school.db"
    assert cli.run(["user", "add", "--db", str(db), "--user", "admin", "--new-user", "w", "--role", "心理教师"]) == 1
    assert "找不到数据库文件" in capsys.readouterr().err
    assert not db.parent.exists()


def _leaves(
    parser: argparse.ArgumentParser, words: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        yield words, parser
    for action in subparsers:
        for name, child in action.choices.items():
            yield from _leaves(child, (*words, name))


def test_every_command_declares_whether_it_changes_data() -> None:
    """A new command must say what it does to the data; check, listing users and a dry run read."""
    declared = {
        words: getattr(leaf.get_default("data_use"), "value", None) for words, leaf in _leaves(cli.build_parser())
    }
    assert declared == DECLARED
