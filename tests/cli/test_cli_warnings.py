"""What opening the database found reaches the person at the command line (SECURITY.md 9):
each warning on stderr as 警告：…, before the command's own output, for every command that signs in."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from counselroom import cli
from counselroom.services.accounts.session import KeyPolicy
from counselroom.services.accounts.sign_in import logout
from counselroom.store.connection import open_encrypted
from tests.conftest import FIXED_NOW, PASSWORD, SchoolFixture
from tests.enrolment_files import write_gbk_csv


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch: pytest.MonkeyPatch, keys: KeyPolicy) -> None:
    monkeypatch.setattr(cli, "key_policy", lambda: keys)
    monkeypatch.setenv(cli.PASSWORD_ENV, PASSWORD)
    monkeypatch.setenv(cli.NEW_PASSWORD_ENV, "teacher-pass-1")


@pytest.fixture
def cut_tail(school: SchoolFixture) -> str:
    """The last two audit rows deleted while the program was shut; the warning sign-in gives."""
    key = school.admin.db.key
    logout(school.admin, now=FIXED_NOW)
    raw = open_encrypted(school.path, key)
    try:
        head = raw.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
        raw.execute("DROP TRIGGER audit_log_no_delete")
        raw.execute("DELETE FROM audit_log WHERE seq > ?", (head - 2,))
    finally:
        raw.close()
    return f"警告：审计日志缺少第 {head - 1} 条起的记录（密钥文件记录到第 {head} 条）"


def test_the_warning_comes_before_the_output(
    school: SchoolFixture, cut_tail: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    both = io.StringIO()  # stdout and stderr as one terminal shows them
    monkeypatch.setattr(sys, "stdout", both)
    monkeypatch.setattr(sys, "stderr", both)
    assert cli.run(["user", "list", "--db", str(school.path), "--user", "admin"]) == 0
    shown = both.getvalue()
    assert cut_tail in shown
    assert shown.index(cut_tail) < shown.index("admin\t")
    assert shown.count("警告：") == 1


@pytest.mark.parametrize("command", ["check", "user add", "import roster", "import screening", "recover"])
def test_every_command_that_signs_in_prints_it(
    command: str,
    school: SchoolFixture,
    cut_tail: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db, sheet = str(school.path), str(write_gbk_csv(tmp_path / "名单.csv"))
    monkeypatch.setenv(cli.RECOVERY_ENV, school.recovery_key)
    args = {
        "check": ["check", "--db", db, "--user", "admin"],
        "user add": ["user", "add", "--db", db, "--user", "admin", "--new-user", "wang", "--role", "心理教师"],
        "import roster": ["import", "roster", "--db", db, "--user", "admin", sheet],
        "import screening": ["import", "screening", "--db", db, "--user", "counselor", sheet],
        "recover": ["recover", "--db", db, "--user", "admin"],
    }[command]
    cli.run(args)  # the check fails and the screening import rejects a roster: the warning comes first all the same
    assert cut_tail in capsys.readouterr().err


def test_a_clean_sign_in_prints_no_warning(school: SchoolFixture, capsys: pytest.CaptureFixture[str]) -> None:
    school.admin.db.close()
    assert cli.run(["user", "list", "--db", str(school.path), "--user", "admin"]) == 0
    assert "警告" not in capsys.readouterr().err
