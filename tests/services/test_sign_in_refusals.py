"""Refused sign-ins leave a trace: failures and back-off refusals reach the audit log — and the
records the key file keeps of them are untrusted (SECURITY.md 27)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from counselroom.domain.accounts.failure_records import (
    REFUSED_WHILE_WAITING,
    UNKNOWN_ACCOUNT,
    UNRECOGNISED_REASON,
    WRONG_LOGIN,
)
from counselroom.domain.accounts.login_policy import MAX_WAIT_SECONDS, backoff_seconds
from counselroom.domain.errors import DatabaseDamaged, LoginBackoff, WrongPassword
from counselroom.services.accounts.sign_in import sign_in
from counselroom.store import audit_log
from counselroom.store.keyfile import keyfile_path
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


# -- failure records in the key file are untrusted (SECURITY.md 27) ------------------------------


def _edit_keys(school: SchoolFixture, change: Callable[[dict[str, Any]], None]) -> None:
    path = keyfile_path(school.path)
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _edit_counselor_slot(school: SchoolFixture, **changes: Any) -> None:
    def change(data: dict[str, Any]) -> None:
        next(s for s in data["slots"] if s.get("username") == "counselor").update(changes)

    _edit_keys(school, change)


def test_forged_failure_records_reach_the_audit_log_only_as_fixed_codes(school: SchoolFixture) -> None:
    """Whoever can write the key file cannot put words or times of their choosing into the log."""
    school.admin.db.close()  # every row so far was written at FIXED_NOW
    later = FIXED_NOW + timedelta(hours=1)
    forged = [
        {"username": "counselor", "at": (FIXED_NOW + timedelta(minutes=10)).isoformat(), "reason": "已核实，无需处理"},
        {"username": "evil\u202e" + "x" * 200, "at": "2099-01-01T00:00:00"},
        {"username": "counselor", "at": "2001-01-01T00:00:00", "reason": UNKNOWN_ACCOUNT},
        {"username": "lead", "at": (FIXED_NOW + timedelta(minutes=20)).isoformat(), "reason": REFUSED_WHILE_WAITING},
    ]
    _edit_keys(school, lambda data: data.update(pending_failures=forged))

    session = sign_in(school.path, "counselor", PASSWORD, now=later, keys=school.keys)
    try:
        rows = session.db.conn.execute(
            "SELECT at, username, reason FROM audit_log WHERE action = 'login_failed' ORDER BY seq"
        ).fetchall()
        assert audit_log.verify(session.db.conn).first_bad_seq is None
    finally:
        session.db.close()
    stamp = lambda moment: moment.isoformat(timespec="seconds")  # noqa: E731
    assert [tuple(r) for r in rows] == [
        (stamp(FIXED_NOW + timedelta(minutes=10)), "counselor", UNRECOGNISED_REASON),
        (stamp(later), ("evil〈U+202E〉" + "x" * 200)[:64], WRONG_LOGIN),  # from the future: now
        (stamp(FIXED_NOW), "counselor", UNKNOWN_ACCOUNT),  # before the last audit row: that row's time
        (stamp(FIXED_NOW + timedelta(minutes=20)), "lead", REFUSED_WHILE_WAITING),
    ]


def test_a_last_failure_stamped_a_year_ahead_does_not_lock_the_account_until_then(school: SchoolFixture) -> None:
    school.admin.db.close()
    _edit_counselor_slot(school, failures=5, last_failure=(FIXED_NOW + timedelta(days=365)).isoformat())
    with pytest.raises(LoginBackoff) as waiting:
        sign_in(school.path, "counselor", PASSWORD, now=FIXED_NOW, keys=school.keys)
    assert waiting.value.wait_seconds == backoff_seconds(5)
    # counted from the refusal, not from the stamp: the wait ends
    at = FIXED_NOW + timedelta(seconds=waiting.value.wait_seconds)
    sign_in(school.path, "counselor", PASSWORD, now=at, keys=school.keys).db.close()


def test_a_last_failure_at_the_end_of_time_is_a_bounded_wait_not_a_traceback(school: SchoolFixture) -> None:
    school.admin.db.close()
    _edit_counselor_slot(school, failures=10**6, last_failure="9999-12-31T23:59:59")
    with pytest.raises(LoginBackoff) as waiting:
        sign_in(school.path, "counselor", PASSWORD, now=FIXED_NOW, keys=school.keys)
    assert waiting.value.wait_seconds == MAX_WAIT_SECONDS
    at = FIXED_NOW + timedelta(seconds=MAX_WAIT_SECONDS)
    sign_in(school.path, "counselor", PASSWORD, now=at, keys=school.keys).db.close()


def test_a_memory_cost_in_terabytes_is_damage_before_any_derivation(
    school: SchoolFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A huge Argon2 memory cost is a denial of service: sign-in would try to allocate it."""
    from counselroom.store import key_slots

    def no_derivation(*_args: object) -> bytes:
        raise AssertionError("the KDF ran with parameters from a damaged key file")

    school.admin.db.close()
    _edit_counselor_slot(school, kdf={"t": 1, "m": 2**40, "p": 1})
    monkeypatch.setattr(key_slots, "password_wrapping_key", no_derivation)
    for name in ("counselor", "nobody"):
        with pytest.raises(DatabaseDamaged) as caught:
            sign_in(school.path, name, PASSWORD, now=FIXED_NOW, keys=school.keys)
        assert "密钥文件已损坏" in caught.value.message and "kdf.m" in caught.value.message
