"""Refused sign-ins leave a trace: failures and back-off refusals reach the audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest

from counselroom.domain.errors import LoginBackoff, WrongPassword
from counselroom.services.accounts.sign_in import sign_in
from tests.conftest import FIXED_NOW, PASSWORD, SchoolFixture


def test_backoff_refusals_are_audited_on_the_next_sign_in(school: SchoolFixture) -> None:
    school.admin.db.close()
    for i in range(3):
        with pytest.raises(WrongPassword):
            sign_in(school.path, "counselor", f"wrong-{i}", now=FIXED_NOW, keys=school.keys)
    with pytest.raises(LoginBackoff) as waiting:
        sign_in(school.path, "counselor", PASSWORD, now=FIXED_NOW + timedelta(seconds=1), keys=school.keys)
    assert waiting.value.wait_seconds == 4 and "秒后再试" in waiting.value.message

    session = sign_in(school.path, "counselor", PASSWORD, now=FIXED_NOW + timedelta(seconds=6), keys=school.keys)
    rows = session.db.conn.execute(
        "SELECT username, action, reason FROM audit_log WHERE action = 'login_failed' ORDER BY seq"
    ).fetchall()
    session.db.close()
    assert [r[0] for r in rows] == ["counselor"] * 4
    assert rows[-1][2] == "等待期内再次尝试登录"


def test_an_unknown_user_costs_a_derivation_reads_the_same_and_is_audited(
    school: SchoolFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No user enumeration: the same words, the same memory-hard work, an audit entry."""
    from counselroom.store import key_slots

    school.admin.db.close()
    derivations: list[str] = []
    real = key_slots.password_wrapping_key

    def counting(password: str, *args: object) -> bytes:
        derivations.append(password)
        return real(password, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(key_slots, "password_wrapping_key", counting)
    messages = []
    for name in ("counselor", "nobody\u202e"):
        with pytest.raises(WrongPassword) as caught:
            sign_in(school.path, name, "wrong-1", now=FIXED_NOW, keys=school.keys)
        messages.append(caught.value.message)
    assert messages[0] == messages[1] == "用户名或密码错误"
    assert derivations == ["wrong-1", "wrong-1"], "an unknown name pays for a derivation too"

    session = sign_in(school.path, "counselor", PASSWORD, now=FIXED_NOW, keys=school.keys)
    rows = session.db.conn.execute(
        "SELECT username, reason FROM audit_log WHERE action = 'login_failed' ORDER BY seq"
    ).fetchall()
    session.db.close()
    assert rows[-1] == ("nobody〈U+202E〉", "账号不存在")
