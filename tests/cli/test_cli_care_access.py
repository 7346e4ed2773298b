"""`counselroom user confirm`: the first lead with the recovery key, a counselor by the lead."""

from __future__ import annotations

from pathlib import Path

import pytest

from counselroom import cli
from counselroom.services.accounts import accounts
from tests.conftest import FIXED_NOW, PASSWORD, SchoolFixture


def run(argv: list[str]) -> int:
    return cli.run(argv)


def test_the_lead_confirms_a_colleague_from_the_command_line(
    school: SchoolFixture, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    admin = school.admin
    accounts.add_account(
        admin.db, admin.actor, username="zhao", display_name="赵老师", role=accounts.Role.COUNSELOR,
        password=PASSWORD, now=FIXED_NOW, keys=school.keys,
    )  # fmt: skip
    zhao = school.sign_in("zhao")
    accounts.change_own_password(
        zhao.db, zhao.actor, old_password=PASSWORD, new_password="zhao-own-pass-1", now=FIXED_NOW, keys=school.keys
    )
    zhao.db.close()
    admin.db.close()
    monkeypatch.setattr(cli, "key_policy", lambda: school.keys)
    monkeypatch.setenv(cli.PASSWORD_ENV, PASSWORD)
    db = str(Path(school.path))
    assert run(["user", "list", "--db", db, "--user", "lead"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("zhao"))
    assert "心理档案：待确认" in line
    fingerprint = line.split("\t")[-1]
    assert (
        run(
            [
                "user",
                "confirm",
                "--db",
                db,
                "--user",
                "lead",
                "--account",
                "zhao",
                "--fingerprint",
                "0000-0000-0000-0000",
            ]
        )
        == 1
    )
    assert "密钥已经变化" in capsys.readouterr().err
    assert (
        run(["user", "confirm", "--db", db, "--user", "lead", "--account", "zhao", "--fingerprint", fingerprint]) == 0
    )
    session = school.sign_in("zhao", "zhao-own-pass-1")
    try:
        assert session.db.has_care
    finally:
        session.db.close()
