"""`counselroom backup` and `counselroom restore` as a school's scheduled task and its IT person
run them: a checked backup folder; restored to a new folder with the recovery key alone; a
pulled USB stick or a wrong recovery key is said in Chinese with exit code 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from counselroom import cli
from counselroom.services.accounts.session import KeyPolicy
from counselroom.services.accounts.sign_in import sign_in
from counselroom.system import clock
from tests.conftest import FIXED_NOW, PASSWORD, SchoolFixture

NEW_PASSWORD = "restored-pass-1"


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch: pytest.MonkeyPatch, keys: KeyPolicy) -> None:
    monkeypatch.setattr(cli, "key_policy", lambda: keys)
    monkeypatch.setenv(cli.PASSWORD_ENV, PASSWORD)
    monkeypatch.setenv(cli.NEW_PASSWORD_ENV, NEW_PASSWORD)
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)


def backup(school: SchoolFixture, folder: Path, user: str = "admin") -> int:
    return cli.run(["backup", "--db", str(school.path), "--user", user, "--to", str(folder)])


def test_backup_then_restore_on_a_new_machine(
    school: SchoolFixture,
    tmp_path: Path,
    keys: KeyPolicy,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    assert backup(school, usb) == 0
    out = capsys.readouterr().out
    assert "已备份并检查通过" in out and "原样复制" in out  # the admin holds no care key
    (made,) = list(usb.iterdir())
    monkeypatch.setenv(cli.RECOVERY_ENV, school.recovery_key)
    target = tmp_path / "new-pc" / "school.db"
    target.parent.mkdir()
    assert cli.run(["restore", str(made), "--to", str(target)]) == 0
    out = capsys.readouterr().out
    assert f"恢复到 {target}" in out and "已为 admin 设置新密码" in out
    session = sign_in(target, "admin", NEW_PASSWORD, now=FIXED_NOW, keys=keys)
    session.db.close()
    monkeypatch.setenv(cli.PASSWORD_ENV, NEW_PASSWORD)
    assert cli.run(["check", "--db", str(target), "--user", "admin"]) == 0, capsys.readouterr()


def test_a_pulled_stick_and_a_wrong_recovery_key_are_said(
    school: SchoolFixture, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert backup(school, tmp_path / "gone") == 1
    assert "找不到备份文件夹" in capsys.readouterr().err
    assert backup(school, tmp_path, user="lead") == 0
    (made,) = [p for p in tmp_path.iterdir() if p.name.startswith("counselroom-")]
    monkeypatch.setenv(cli.RECOVERY_ENV, "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567-ABCD-EFGH")
    assert cli.run(["restore", str(made), "--to", str(tmp_path / "x.db")]) == 1
    assert "恢复密钥" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()
