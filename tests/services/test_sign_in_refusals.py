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
