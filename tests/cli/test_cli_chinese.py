"""What a school's IT person sees first: help and usage errors in Chinese, the GUI and --demo
named in --help, a missing database said as such, and the environment variable to set when
there is no terminal to type a password (issue 8, item 20)."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from counselroom import cli
from counselroom.cli_chinese import ChineseArgumentParser

ENGLISH = ("usage:", "error:", "positional arguments", "options:", "show this help", "required:", "invalid choice")


def _help(*args: str, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        cli.run([*args, "--help"])
    assert exit_info.value.code == 0
    return capsys.readouterr().out


def test_help_is_chinese_and_names_the_gui_and_demo(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys=capsys)
    assert text.startswith("用法：counselroom")
    assert "打开程序" in text and "--demo" in text and "演示学校" in text and "COUNSELROOM_PASSWORD" in text
    assert "选项：" in text and "命令：" in text and "显示本帮助并退出" in text
    assert not [word for word in ENGLISH if word in text]


@pytest.mark.parametrize("command", [("init",), ("user", "add"), ("import", "screening"), ("check",)])
def test_every_command_help_is_chinese(command: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(*command, capsys=capsys)
    assert text.startswith(f"用法：counselroom {' '.join(command)}") and "--db 文件" in text
    assert not [word for word in ENGLISH if word in text]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["init", "--db", "x.db"], "缺少必需的参数：--school, --admin"),
        (["no-such-command"], "无效的选项 'no-such-command'"),
        (["demo", "--db", "x.db", "--students", "很多"], "参数 --students：应为整数，而不是“很多”"),
        (["check", "--db", "x.db", "--user", "a", "--colour"], "无法识别的参数：--colour"),
        (["user", "add", "--db", "x", "--user", "a", "--new-user", "b", "--role", "校长"], "未知角色“校长”"),
        ([], "不带任何参数运行 counselroom 即打开程序窗口"),
    ],
)
def test_usage_errors_are_chinese_and_exit_2(args: list[str], said: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(args) == 2  # SPEC §6: bad usage exits 2, a bad --role included
    err = capsys.readouterr().err
    assert said in err
    assert not [word for word in ENGLISH if word in err]
    if args:
        assert err.startswith("用法：") and "：错误：" in err and "--help` 查看用法" in err


def test_the_translation_is_confined_to_our_parsers(capsys: pytest.CaptureFixture[str]) -> None:
    cli.build_parser()
    plain = argparse.ArgumentParser(prog="other")
    assert plain.format_usage().startswith("usage:")  # pytest's and the GUI's own parsers stay as they are
    assert ChineseArgumentParser(prog="x").format_usage().startswith("用法：")


def test_check_on_a_missing_database_says_the_database_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "不存在.db"
    assert cli.run(["check", "--db", str(db), "--user", "admin"]) == 1
    err = capsys.readouterr().err
    assert "找不到数据库文件" in err and str(db) in err and "密钥文件" not in err
    assert not db.exists()


def test_without_a_terminal_the_message_names_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "school.db"
    db.write_bytes(b"")  # exists: the password is asked before the file is opened
    monkeypatch.delenv(cli.PASSWORD_ENV, raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert cli.run(["check", "--db", str(db), "--user", "admin"]) == 1
    assert "COUNSELROOM_PASSWORD" in capsys.readouterr().err
    monkeypatch.delenv(cli.RECOVERY_ENV, raising=False)
    assert cli.run(["recover", "--db", str(db), "--user", "admin"]) == 1
    assert "COUNSELROOM_RECOVERY_KEY" in capsys.readouterr().err
