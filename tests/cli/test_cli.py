"""The command line as a school's IT person uses it: Chinese messages, exit codes, no traceback."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from counselroom import __version__, cli
from counselroom.services.accounts.session import KeyPolicy
from counselroom.store.connection import open_encrypted
from counselroom.store.keyfile import keyfile_path, load_keyfile, save_keyfile
from tests.canary import files_containing

PASSWORD = "cli-pass-123"
KEY_PATTERN = re.compile(r"[A-Z2-7]{4}(?:-[A-Z2-7]{4}){9}")


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch: pytest.MonkeyPatch, keys: KeyPolicy) -> None:
    monkeypatch.setattr(cli, "key_policy", lambda: keys)
    monkeypatch.setenv(cli.PASSWORD_ENV, PASSWORD)


def run(*args: str) -> int:
    return cli.run(list(args))


@pytest.fixture
def initialised(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    db = tmp_path / "x.db"
    assert run("init", "--db", str(db), "--school", "测试中学", "--admin", "admin") == 0
    out = capsys.readouterr().out
    match = KEY_PATTERN.search(out)
    assert match, out
    return db, match.group(0)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run("--version")
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_init_writes_an_encrypted_database_without_the_school_name(
    initialised: tuple[Path, str], tmp_path: Path
) -> None:
    db, _key = initialised
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(db).execute("SELECT * FROM sqlite_master").fetchall()
    assert files_containing(tmp_path, ["测试中学"]) == []
    assert keyfile_path(db).exists()


def test_recovery_key_unlocks_after_password_slots_are_removed(
    initialised: tuple[Path, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db, recovery_key = initialised
    kf_path = keyfile_path(db)
    kf = load_keyfile(kf_path)
    from dataclasses import replace

    save_keyfile(kf_path, replace(kf, slots=tuple(s for s in kf.slots if s.kind == "recovery")))
    assert run("check", "--db", str(db), "--user", "admin") == 1  # no slot: cannot sign in

    monkeypatch.setenv(cli.RECOVERY_ENV, recovery_key.lower())  # typed in lowercase still works
    monkeypatch.setenv(cli.NEW_PASSWORD_ENV, "brand-new-pass-1")
    assert run("recover", "--db", str(db), "--user", "admin") == 0
    monkeypatch.setenv(cli.PASSWORD_ENV, "brand-new-pass-1")
    capsys.readouterr()
    assert run("check", "--db", str(db), "--user", "admin") == 0
    assert "检查通过" in capsys.readouterr().out


def test_recovery_key_with_a_typo_is_caught(
    initialised: tuple[Path, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db, recovery_key = initialised
    typo = ("B" if recovery_key[0] != "B" else "C") + recovery_key[1:]
    monkeypatch.setenv(cli.RECOVERY_ENV, typo)
    monkeypatch.setenv(cli.NEW_PASSWORD_ENV, "brand-new-pass-1")
    assert run("recover", "--db", str(db), "--user", "admin") == 1
    assert "校验不通过" in capsys.readouterr().err


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_wrong_password_exits_1_in_chinese_and_changes_no_byte(
    initialised: tuple[Path, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _ = initialised
    before = _digest(db)
    monkeypatch.setenv(cli.PASSWORD_ENV, "wrong-password")
    assert run("check", "--db", str(db), "--user", "admin") == 1
    err = capsys.readouterr().err
    assert "密码错误" in err and "Traceback" not in err
    assert _digest(db) == before


def test_damaged_page_is_reported_as_damage_not_a_wrong_password(
    initialised: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    db, _ = initialised
    data = bytearray(db.read_bytes())
    assert len(data) >= 3 * 4096
    data[2 * 4096 : 3 * 4096] = bytes(range(256)) * 16
    db.write_bytes(bytes(data))
    assert run("check", "--db", str(db), "--user", "admin") == 1
    err = capsys.readouterr().err
    assert "损坏" in err and str(db) in err and "密码错误" not in err


def test_check_names_the_changed_audit_row(
    initialised: tuple[Path, str], keys: KeyPolicy, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _ = initialised
    assert run("check", "--db", str(db), "--user", "admin", "--json") == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True

    from counselroom.store.key_slot_ops import open_password_slot

    kf = load_keyfile(keyfile_path(db))
    key = open_password_slot(kf.password_slot("admin"), db_id=kf.db_id, password=PASSWORD, device=keys.device).school
    raw = open_encrypted(db, key)
    raw.execute("DROP TRIGGER audit_log_no_update")
    raw.execute("UPDATE audit_log SET reason = '改过' WHERE seq = 2")
    raw.close()

    assert run("check", "--db", str(db), "--user", "admin", "--json") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["first_bad_audit_row"] == 2
    assert run("check", "--db", str(db), "--user", "admin") == 1
    assert "第 2 条" in capsys.readouterr().out


def test_user_add_and_list(
    initialised: tuple[Path, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _ = initialised
    monkeypatch.setenv(cli.NEW_PASSWORD_ENV, "teacher-pass-1")
    assert (
        run(
            "user",
            "add",
            "--db",
            str(db),
            "--user",
            "admin",
            "--new-user",
            "wang",
            "--role",
            "心理教师",
            "--name",
            "王老师",
        )
        == 0
    )
    assert run("user", "list", "--db", str(db), "--user", "admin") == 0
    out = capsys.readouterr().out
    assert "wang\t王老师\t心理教师" in out
    monkeypatch.setenv(cli.PASSWORD_ENV, "teacher-pass-1")
    assert run("user", "list", "--db", str(db), "--user", "wang") == 1
    assert "无权" in capsys.readouterr().err


def test_unknown_role_and_bad_usage(initialised: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    db, _ = initialised
    assert run("user", "add", "--db", str(db), "--user", "admin", "--new-user", "x", "--role", "校长") == 2
    assert "未知角色" in capsys.readouterr().err
    assert run("init", "--db", str(db)) == 2
    assert "错误：缺少必需的参数" in capsys.readouterr().err
    assert run("no-such-command") == 2


def test_init_refuses_an_existing_school(initialised: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    db, _ = initialised
    before = _digest(db)
    assert run("init", "--db", str(db), "--school", "另一所", "--admin", "admin") == 1
    assert "已有一所学校" in capsys.readouterr().err
    assert _digest(db) == before


def test_missing_database_is_not_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "nothing.db"
    assert run("check", "--db", str(db), "--user", "admin") == 1
    assert "找不到" in capsys.readouterr().err
    assert not db.exists()


def test_real_entry_point_prints_chinese_without_traceback(tmp_path: Path) -> None:
    """The installed program, in its own process: a wrong database path is a user error."""
    result = subprocess.run(
        [sys.executable, "-m", "counselroom", "check", "--db", str(tmp_path / "none.db"), "--user", "admin"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={
            "COUNSELROOM_PASSWORD": "x",
            "PATH": "",
            "PYTHONIOENCODING": "utf-8",
            "COUNSELROOM_DATA_DIR": str(tmp_path),
        },
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "找不到" in result.stderr and "Traceback" not in result.stderr


def test_check_reports_a_key_file_without_its_recovery_slot(
    initialised: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    db, _ = initialised
    kf_path = keyfile_path(db)
    kf = load_keyfile(kf_path)
    from dataclasses import replace

    save_keyfile(kf_path, replace(kf, slots=tuple(s for s in kf.slots if s.kind != "recovery")))
    capsys.readouterr()
    assert run("check", "--db", str(db), "--user", "admin") == 1
    assert "密钥文件中没有恢复密钥槽" in capsys.readouterr().out
