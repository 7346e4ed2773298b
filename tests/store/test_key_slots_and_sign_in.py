"""Key slots, sign-in and the audit head, through the services (SECURITY.md 3–6, 9, 10, 22)."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from counselroom.domain.accounts.recovery_key import PAYLOAD_BYTES, format_recovery_key
from counselroom.domain.errors import (
    AccessDenied,
    DatabaseDamaged,
    DeviceSecretMissing,
    LoginBackoff,
    ValidationError,
    WrongPassword,
)
from counselroom.domain.roles import Role, UserId
from counselroom.services.accounts import accounts
from counselroom.services.accounts.integrity import check_database
from counselroom.services.accounts.session import KeyPolicy, Session
from counselroom.services.accounts.setup import create_school
from counselroom.services.accounts.sign_in import recover_account, sign_in
from counselroom.store import audit_log, key_slots, users
from counselroom.store.care_store import care_store_path
from counselroom.store.connection import open_encrypted
from counselroom.store.key_slots import TEST_KDF
from counselroom.store.keyfile import keyfile_path
from counselroom.system.device_secrets import SERVICE, DeviceSecrets
from tests.conftest import FIXED_NOW, PASSWORD, MemoryKeyring, SchoolFixture

PAGE = 4096
NEW_PASSWORD = "new-pass-456"


# -- helpers -------------------------------------------------------------------------------


def _sha(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def _sidecar(db_path: Path, suffix: str) -> Path:
    return db_path.with_name(db_path.name + suffix)


def _keys_json(db_path: Path) -> dict[str, Any]:
    return json.loads(keyfile_path(db_path).read_text(encoding="utf-8"))


def _write_keys_json(db_path: Path, data: dict[str, Any]) -> None:
    keyfile_path(db_path).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _slot(data: dict[str, Any], username: str) -> dict[str, Any]:
    return next(s for s in data["slots"] if s["kind"] == "password" and s["username"] == username)


def _edit_slot(db_path: Path, who: str, **changes: Any) -> None:
    data = _keys_json(db_path)
    _slot(data, who).update(changes)
    _write_keys_json(db_path, data)


def _close_all(school: SchoolFixture) -> bytes:
    """Close the admin session (the last connection: SQLite checkpoints and drops the WAL);
    return the database key for tests that need to reach under the services."""
    key = school.admin.db.key
    school.admin.db.close()
    assert not _sidecar(school.path, "-wal").exists()
    return key


def _audit(session: Session) -> list[tuple[Any, ...]]:
    return session.db.conn.execute("SELECT seq, at, username, action, outcome FROM audit_log ORDER BY seq").fetchall()


def _sign_in_at(school: SchoolFixture, username: str, password: str, at: datetime) -> Session:
    return sign_in(school.path, username, password, now=at, keys=school.keys)


@pytest.fixture
def kdf_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts every run of the password KDF."""
    calls: list[str] = []
    real = key_slots.password_wrapping_key

    def counting(password: str, *args: Any, **kwargs: Any) -> bytes:
        calls.append(password)
        return real(password, *args, **kwargs)

    monkeypatch.setattr(key_slots, "password_wrapping_key", counting)
    return calls


# -- wrong password is not damage ------------------------------------------------------------


def test_right_password_opens_every_role(school: SchoolFixture) -> None:
    for username, role in (
        ("admin", Role.ADMIN),
        ("lead", Role.LEAD),
        ("counselor", Role.COUNSELOR),
        ("principal", Role.PRINCIPAL),
    ):
        session = school.sign_in(username)
        try:
            assert session.actor.role is role
            assert session.db.key == school.admin.db.key
        finally:
            session.db.close()


@pytest.mark.parametrize("username", ["counselor", "nobody"])
def test_wrong_password_leaves_the_open_database_untouched(school: SchoolFixture, username: str) -> None:
    files = [school.path, care_store_path(school.path)]
    assert all(f.exists() for f in files)
    before = [_sha(f) for f in files]
    with pytest.raises(WrongPassword) as caught:
        school.sign_in(username, "wrong-password-1")
    assert caught.value.message == "用户名或密码错误"
    assert [_sha(f) for f in files] == before


def test_wrong_password_on_a_closed_database_creates_no_wal(school: SchoolFixture) -> None:
    _close_all(school)
    before = _sha(school.path)
    keys_before = _keys_json(school.path)
    with pytest.raises(WrongPassword):
        school.sign_in("counselor", "wrong-password-1")
    assert _sha(school.path) == before
    assert not _sidecar(school.path, "-wal").exists()
    assert not _sidecar(school.path, "-shm").exists()
    # only the failure counter in the key file moved
    assert _slot(_keys_json(school.path), "counselor")["failures"] == 1
    assert _slot(keys_before, "counselor")["failures"] == 0


@pytest.mark.parametrize("page", [1, 3])
def test_a_damaged_page_is_damage_not_a_wrong_password(school: SchoolFixture, page: int) -> None:
    _close_all(school)
    size = school.path.stat().st_size
    assert size >= 4 * PAGE and size % PAGE == 0
    with school.path.open("r+b") as handle:
        handle.seek((page - 1) * PAGE)
        handle.write(os.urandom(PAGE))
    damaged = school.path.read_bytes()

    with pytest.raises(DatabaseDamaged) as caught:
        school.sign_in("admin")
    assert str(school.path) in caught.value.message
    assert "备份" in caught.value.message
    assert school.path.read_bytes() == damaged  # never replaced by a new database
    assert _slot(_keys_json(school.path), "admin")["failures"] == 0  # the password was right


def test_a_missing_database_is_damage_and_is_not_recreated(school: SchoolFixture) -> None:
    _close_all(school)
    school.path.unlink()
    with pytest.raises(DatabaseDamaged) as caught:
        school.sign_in("admin")
    assert str(school.path) in caught.value.message
    assert not school.path.exists()


def test_a_zero_byte_database_is_damage_and_stays_as_it_was(school: SchoolFixture) -> None:
    """A truncated file is reported as such — never filled with a new empty schema."""
    _close_all(school)
    school.path.write_bytes(b"")
    with pytest.raises(DatabaseDamaged) as caught:
        school.sign_in("admin")
    assert str(school.path) in caught.value.message
    assert "0 字节" in caught.value.message
    assert school.path.stat().st_size == 0
    assert not _sidecar(school.path, "-wal").exists()


def test_a_missing_key_file_is_damage(school: SchoolFixture) -> None:
    _close_all(school)
    keyfile_path(school.path).unlink()
    with pytest.raises(DatabaseDamaged, match="找不到密钥文件"):
        school.sign_in("admin")


# -- slots are bound to database, account and role --------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "sign_in_as"),
    [
        ("role", "admin", "counselor"),
        ("role", "lead", "counselor"),
        ("user_id", 99, "counselor"),  # an id no other slot has: another account's id is damage
        ("username", "counselor2", "counselor2"),
    ],
)
def test_editing_a_slot_in_the_key_file_makes_it_fail(
    school: SchoolFixture, field: str, value: Any, sign_in_as: str
) -> None:
    school.sign_in("counselor").db.close()  # control: the slot works before the edit
    _edit_slot(school.path, "counselor", **{field: value})
    with pytest.raises(WrongPassword):
        school.sign_in(sign_in_as)


def test_a_key_file_with_another_db_id_opens_nothing(school: SchoolFixture, memory_keyring: MemoryKeyring) -> None:
    data = _keys_json(school.path)
    other_id = "00000000-0000-0000-0000-000000000000"
    # the device secret follows the new id, so only the slots' associated data can refuse
    memory_keyring.entries[(SERVICE, other_id)] = memory_keyring.entries[(SERVICE, data["db_id"])]
    data["db_id"] = other_id
    _write_keys_json(school.path, data)
    for username in ("admin", "counselor"):
        with pytest.raises(WrongPassword):
            school.sign_in(username)


@pytest.mark.parametrize(("source", "target"), [("admin", "counselor"), ("counselor", "admin")])
def test_a_slot_copied_onto_another_account_fails(school: SchoolFixture, source: str, target: str) -> None:
    """Both accounts share PASSWORD: only the associated data stops the copy."""
    data = _keys_json(school.path)
    copied = {k: _slot(data, source)[k] for k in ("salt", "nonce", "ciphertext", "kdf", "device_bound")}
    _slot(data, target).update(copied)
    _write_keys_json(school.path, data)
    with pytest.raises(WrongPassword):
        school.sign_in(target)
    school.sign_in(source).db.close()  # the original still works


# -- changing a password rewrites one slot ---------------------------------------------------


def test_changing_a_password_rewrites_only_that_slot(school: SchoolFixture) -> None:
    counselor = school.sign_in("counselor")
    before = _keys_json(school.path)
    try:
        accounts.change_own_password(
            counselor.db,
            counselor.actor,
            old_password=PASSWORD,
            new_password=NEW_PASSWORD,
            now=FIXED_NOW,
            keys=school.keys,
        )
    finally:
        counselor.db.close()
    after = _keys_json(school.path)

    assert after["db_id"] == before["db_id"]
    others = [s for s in before["slots"] if s.get("username") != "counselor"]
    assert len(others) == 4  # recovery + admin, lead, principal
    for slot in others:
        assert slot in after["slots"]
    old, new = _slot(before, "counselor"), _slot(after, "counselor")
    assert {k: new[k] for k in ("user_id", "username", "role")} == {k: old[k] for k in ("user_id", "username", "role")}
    for part in ("salt", "nonce", "ciphertext"):
        assert new[part] != old[part]
    assert len(after["slots"]) == len(before["slots"])

    with pytest.raises(WrongPassword):
        school.sign_in("counselor", PASSWORD)
    session = school.sign_in("counselor", NEW_PASSWORD)
    try:
        assert session.db.key == school.admin.db.key  # same data key: nothing re-encrypted
        assert session.db.has_care  # they re-sealed their own care access to the new key pair
        changed = [r for r in _audit(session) if r[3] == "password_changed"]
        assert changed[-1][2] == "counselor"
    finally:
        session.db.close()


def test_a_wrong_old_password_changes_nothing(school: SchoolFixture) -> None:
    counselor = school.sign_in("counselor")
    before = _keys_json(school.path)["slots"]
    try:
        with pytest.raises(WrongPassword, match="原密码不正确"):
            accounts.change_own_password(
                counselor.db,
                counselor.actor,
                old_password="not-my-password",
                new_password=NEW_PASSWORD,
                now=FIXED_NOW,
                keys=school.keys,
            )
    finally:
        counselor.db.close()
    assert _keys_json(school.path)["slots"] == before
    school.sign_in("counselor").db.close()


def test_an_admin_reset_rewrites_only_that_slot_and_asks_for_a_change(school: SchoolFixture) -> None:
    before = _keys_json(school.path)
    lead_id = users.by_username(school.admin.db.conn, "lead").id  # type: ignore[union-attr]
    accounts.reset_password(
        school.admin.db, school.admin.actor, user_id=lead_id, new_password=NEW_PASSWORD, now=FIXED_NOW, keys=school.keys
    )
    after = _keys_json(school.path)
    for slot in before["slots"]:
        if slot.get("username") != "lead":
            assert slot in after["slots"]
    assert _slot(after, "lead")["ciphertext"] != _slot(before, "lead")["ciphertext"]
    with pytest.raises(WrongPassword):
        school.sign_in("lead", PASSWORD)
    session = school.sign_in("lead", NEW_PASSWORD)
    session.db.close()
    assert session.must_change_password


# -- the recovery key ------------------------------------------------------------------------


def test_recovery_key_re_enrols_after_every_password_slot_is_gone(school: SchoolFixture) -> None:
    _close_all(school)
    data = _keys_json(school.path)
    data["slots"] = [s for s in data["slots"] if s["kind"] == "recovery"]
    _write_keys_json(school.path, data)
    with pytest.raises(WrongPassword):
        school.sign_in("admin")

    typed = school.recovery_key.lower().replace("-", " ")
    session = recover_account(school.path, typed, "admin", NEW_PASSWORD, now=FIXED_NOW, keys=school.keys)
    try:
        assert session.actor.role is Role.ADMIN
        actions = [row[3] for row in _audit(session)[-3:]]
        assert actions == ["recovery_unlock", "password_reset", "device_enrolled"]
    finally:
        session.db.close()
    assert _slot(_keys_json(school.path), "admin")["device_bound"] is True
    school.sign_in("admin", NEW_PASSWORD).db.close()
    with pytest.raises(WrongPassword):
        school.sign_in("counselor")  # only the named account was re-enrolled


def test_a_well_formed_but_foreign_recovery_key_is_refused(school: SchoolFixture) -> None:
    before = _keys_json(school.path)
    foreign = format_recovery_key(bytes(PAYLOAD_BYTES))
    with pytest.raises(WrongPassword, match="不是这所学校的恢复密钥"):
        recover_account(school.path, foreign, "admin", NEW_PASSWORD, now=FIXED_NOW, keys=school.keys)
    assert _keys_json(school.path) == before


def test_a_mistyped_recovery_key_is_caught_before_anything_opens(school: SchoolFixture, kdf_calls: list[str]) -> None:
    good = school.recovery_key
    typo = ("B" if good[0] != "B" else "C") + good[1:]
    with pytest.raises(ValidationError, match="校验"):
        recover_account(school.path, typo, "admin", NEW_PASSWORD, now=FIXED_NOW, keys=school.keys)
    assert kdf_calls == []


def test_recovery_refuses_an_unknown_account(school: SchoolFixture) -> None:
    with pytest.raises(AccessDenied):
        recover_account(school.path, school.recovery_key, "nobody", NEW_PASSWORD, now=FIXED_NOW, keys=school.keys)


# -- the device secret in the keyring ----------------------------------------------------------


def _forget_device(school: SchoolFixture, memory_keyring: MemoryKeyring) -> None:
    db_id = _keys_json(school.path)["db_id"]
    assert (SERVICE, db_id) in memory_keyring.entries
    del memory_keyring.entries[(SERVICE, db_id)]


def test_slots_are_device_bound_when_a_keyring_works(school: SchoolFixture) -> None:
    data = _keys_json(school.path)
    assert all(s["device_bound"] for s in data["slots"] if s["kind"] == "password")
    assert all(not s["device_bound"] for s in data["slots"] if s["kind"] == "recovery")


def test_a_lost_keyring_entry_is_device_missing_and_recovery_fixes_it(
    school: SchoolFixture, memory_keyring: MemoryKeyring
) -> None:
    _close_all(school)
    _forget_device(school, memory_keyring)
    with pytest.raises(DeviceSecretMissing, match="恢复密钥"):
        school.sign_in("counselor")
    assert _slot(_keys_json(school.path), "counselor")["failures"] == 0  # not a wrong password

    session = recover_account(
        school.path, school.recovery_key, "counselor", NEW_PASSWORD, now=FIXED_NOW, keys=school.keys
    )
    session.db.close()
    assert len(memory_keyring.entries) == 1  # a new device secret was enrolled
    school.sign_in("counselor", NEW_PASSWORD).db.close()


def test_a_copy_taken_to_another_pc_needs_more_than_the_password(school: SchoolFixture) -> None:
    other_pc = KeyPolicy(kdf=TEST_KDF, device=DeviceSecrets(MemoryKeyring()))
    with pytest.raises(DeviceSecretMissing):
        sign_in(school.path, "admin", PASSWORD, now=FIXED_NOW, keys=other_pc)
    no_keyring = KeyPolicy(kdf=TEST_KDF, device=None)
    with pytest.raises(DeviceSecretMissing):
        sign_in(school.path, "admin", PASSWORD, now=FIXED_NOW, keys=no_keyring)


def test_other_accounts_are_told_to_re_enrol_after_the_device_secret_changed(
    school: SchoolFixture, memory_keyring: MemoryKeyring
) -> None:
    """Regression: a correct password on a slot bound to the replaced device secret used to be
    reported as 用户名或密码错误 and counted towards back-off."""
    _close_all(school)
    _forget_device(school, memory_keyring)
    admin = recover_account(school.path, school.recovery_key, "admin", NEW_PASSWORD, now=FIXED_NOW, keys=school.keys)
    try:
        for _ in range(4):  # never backs off: these are not wrong passwords
            with pytest.raises(DeviceSecretMissing):
                school.sign_in("counselor")  # the right password, bound to the old secret
        assert _slot(_keys_json(school.path), "counselor")["failures"] == 0
        # the admin, re-enrolled, gives the counselor a temporary password on this PC
        accounts.reset_password(
            admin.db,
            admin.actor,
            user_id=_user_id(school, "counselor", admin),
            new_password=NEW_PASSWORD,
            now=FIXED_NOW,
            keys=school.keys,
        )
    finally:
        admin.db.close()
    school.sign_in("counselor", NEW_PASSWORD).db.close()


def test_without_a_keyring_slots_are_not_device_bound_and_still_work(
    tmp_path: Path, memory_keyring: MemoryKeyring, keys: KeyPolicy
) -> None:
    path = tmp_path / "nodevice" / "school.db"
    plain = KeyPolicy(kdf=TEST_KDF, device=None)
    created = create_school(
        path, school_name="测试中学", admin_username="admin", admin_password=PASSWORD, now=FIXED_NOW, keys=plain
    )
    accounts.add_account(
        created.session.db,
        created.session.actor,
        username="counselor",
        display_name="王老师",
        role=Role.COUNSELOR,
        password=PASSWORD,
        now=FIXED_NOW,
        keys=plain,
    )
    created.session.db.close()
    data = _keys_json(path)
    assert [s["device_bound"] for s in data["slots"] if s["kind"] == "password"] == [False, False]
    assert memory_keyring.entries == {}

    for policy in (plain, keys):  # a keyring that appears later is not needed for old slots
        for username in ("admin", "counselor"):
            sign_in(path, username, PASSWORD, now=FIXED_NOW, keys=policy).db.close()
    assert memory_keyring.entries == {}


# -- failed sign-ins back off and are audited ---------------------------------------------------


def test_failed_logins_back_off_without_running_the_kdf(school: SchoolFixture, kdf_calls: list[str]) -> None:
    t0 = FIXED_NOW + timedelta(minutes=1)
    for i in range(3):
        with pytest.raises(WrongPassword):
            _sign_in_at(school, "counselor", f"wrong-{i}", t0)
    assert len(kdf_calls) == 3

    with pytest.raises(LoginBackoff) as caught:
        _sign_in_at(school, "counselor", PASSWORD, t0)  # even the right password waits
    assert caught.value.wait_seconds == 5
    assert "5 秒后再试" in caught.value.message
    with pytest.raises(LoginBackoff) as caught:
        _sign_in_at(school, "counselor", PASSWORD, t0 + timedelta(seconds=4))
    assert caught.value.wait_seconds == 1
    assert len(kdf_calls) == 3  # no key derivation while backing off
    assert _slot(_keys_json(school.path), "counselor")["failures"] == 3  # waits are not failures

    # another account is not held up
    _sign_in_at(school, "lead", PASSWORD, t0).db.close()


def test_back_off_doubles_and_ends(school: SchoolFixture) -> None:
    t = FIXED_NOW
    for _ in range(4):
        with pytest.raises(WrongPassword):
            _sign_in_at(school, "counselor", "wrong-password", t)
        t += timedelta(seconds=5)
    # four failures: the last at t - 5 s, so ten seconds from then
    with pytest.raises(LoginBackoff) as caught:
        _sign_in_at(school, "counselor", PASSWORD, t)
    assert caught.value.wait_seconds == 5
    _sign_in_at(school, "counselor", PASSWORD, t + timedelta(seconds=5)).db.close()
    assert _slot(_keys_json(school.path), "counselor")["failures"] == 0


def test_no_permanent_lock_out(school: SchoolFixture) -> None:
    _edit_slot(school.path, "counselor", failures=1000, last_failure=FIXED_NOW.isoformat())
    with pytest.raises(LoginBackoff) as caught:
        school.sign_in("counselor")
    assert caught.value.wait_seconds == 300
    _sign_in_at(school, "counselor", PASSWORD, FIXED_NOW + timedelta(seconds=300)).db.close()


def test_failed_logins_are_audited_at_the_next_sign_in(school: SchoolFixture) -> None:
    times = [FIXED_NOW + timedelta(seconds=s) for s in (10, 11, 12)]
    for at in times:
        with pytest.raises(WrongPassword):
            _sign_in_at(school, "counselor", "wrong-password", at)
    assert [r for r in _audit(school.admin) if r[3] == "login_failed"] == []  # db was shut
    assert len(_keys_json(school.path)["pending_failures"]) == 3

    session = _sign_in_at(school, "counselor", PASSWORD, FIXED_NOW + timedelta(minutes=5))
    try:
        rows = _audit(session)
    finally:
        session.db.close()
    failed = [r for r in rows if r[3] == "login_failed"]
    assert [(r[1], r[2], r[4]) for r in failed] == [
        (at.isoformat(timespec="seconds"), "counselor", "failed") for at in times
    ]
    assert rows[-1][2:5] == ("counselor", "login", "ok")
    assert rows.index(failed[-1]) < len(rows) - 1
    assert _keys_json(school.path)["pending_failures"] == []

    again = school.sign_in("lead")  # flushed once, not again
    try:
        assert len([r for r in _audit(again) if r[3] == "login_failed"]) == 3
    finally:
        again.db.close()


# -- the audit head in the key file ------------------------------------------------------------


def _head(db_path: Path) -> dict[str, Any]:
    head = _keys_json(db_path)["audit_head"]
    assert head is not None
    return head


def test_the_audit_head_tracks_the_last_row(school: SchoolFixture) -> None:
    conn = school.admin.db.conn
    last = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    head = _head(school.path)
    assert (head["seq"], head["hash"]) == tuple(last)
    assert head["mac"] == school.admin.db.head_mac(head["seq"], head["hash"])

    school.sign_in("counselor").db.close()
    newer = _head(school.path)
    assert newer["seq"] > head["seq"]
    last = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert (newer["seq"], newer["hash"]) == tuple(last)


def _cut_tail(conn: Any, rows: int) -> None:
    conn.execute("DROP TRIGGER audit_log_no_delete")
    top = conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    conn.execute("DELETE FROM audit_log WHERE seq > ?", (top - rows,))


def test_a_cut_tail_shows_in_check_database(school: SchoolFixture) -> None:
    head_seq = _head(school.path)["seq"]
    _cut_tail(school.admin.db.conn, 2)
    report = check_database(school.admin.db, school.admin.actor, now=FIXED_NOW)
    assert not report.ok
    assert report.first_bad_audit_row is None  # the rows left still chain…
    assert any(f"第 {head_seq} 条" in p and "删去" in p for p in report.problems)  # …but the head


def test_an_intact_database_checks_clean(school: SchoolFixture) -> None:
    report = check_database(school.admin.db, school.admin.actor, now=FIXED_NOW)
    assert report.ok and report.problems == ()
    assert report.audit_rows == _head(school.path)["seq"] - 1  # the check's own row is after


def _cut_tail_while_closed(school: SchoolFixture, rows: int) -> None:
    key = _close_all(school)
    conn = open_encrypted(school.path, key)
    try:
        _cut_tail(conn, rows)
    finally:
        conn.close()


def test_a_cut_tail_shows_in_sign_in_warnings_and_stays_in_the_chain(school: SchoolFixture) -> None:
    """Regression: sign-in's own login row used to move the head on before it was compared,
    so a cut tail was never reported and the evidence was overwritten."""
    head_seq = _head(school.path)["seq"]
    _cut_tail_while_closed(school, 2)
    session = school.sign_in("admin")
    try:
        assert any(f"第 {head_seq} 条" in w for w in session.warnings), session.warnings
        rows = session.db.conn.execute("SELECT action, outcome, reason FROM audit_log ORDER BY seq").fetchall()
        assert ("integrity_check", "failed", session.warnings[0]) in rows
        assert audit_log.verify(session.db.conn).first_bad_seq is None
    finally:
        session.db.close()
    later = school.sign_in("lead")  # the finding is kept in the chain for later readers
    try:
        reasons = [r[0] for r in later.db.conn.execute("SELECT reason FROM audit_log WHERE action = 'integrity_check'")]
        assert any(f"第 {head_seq} 条" in r for r in reasons)
    finally:
        later.db.close()


def test_a_cut_tail_shows_in_check_database_after_sign_in(school: SchoolFixture) -> None:
    head_seq = _head(school.path)["seq"]
    _cut_tail_while_closed(school, 2)
    session = school.sign_in("admin")
    try:
        report = check_database(session.db, session.actor, now=FIXED_NOW)
    finally:
        session.db.close()
    assert not report.ok
    assert any(f"第 {head_seq} 条" in p for p in report.problems), report.problems


def test_a_cut_tail_shows_when_unlocking_with_the_recovery_key(school: SchoolFixture) -> None:
    head_seq = _head(school.path)["seq"]
    _cut_tail_while_closed(school, 1)
    session = recover_account(
        school.path, school.recovery_key, "counselor", NEW_PASSWORD, now=FIXED_NOW, keys=school.keys
    )
    session.db.close()
    assert any(f"第 {head_seq} 条" in w for w in session.warnings), session.warnings


def test_a_forged_head_in_the_key_file_is_reported(school: SchoolFixture) -> None:
    """Moving the head needs the database key (HMAC): an edited head is named at sign-in."""
    _close_all(school)
    data = _keys_json(school.path)
    data["audit_head"]["seq"] -= 1
    _write_keys_json(school.path, data)
    session = school.sign_in("admin")
    session.db.close()
    assert any("校验码不符" in w for w in session.warnings), session.warnings


def test_a_clean_sign_in_has_no_warnings(school: SchoolFixture) -> None:
    session = school.sign_in("admin")
    session.db.close()
    assert session.warnings == []


# -- deactivating accounts ------------------------------------------------------------------


def _user_id(school: SchoolFixture, username: str, via: Session | None = None) -> UserId:
    row = users.by_username((via or school.admin).db.conn, username)
    assert row is not None
    return row.id


def test_deactivating_an_account_removes_its_slot(school: SchoolFixture) -> None:
    before = _keys_json(school.path)["slots"]
    counselor_id = _user_id(school, "counselor")
    accounts.deactivate_account(school.admin.db, school.admin.actor, user_id=counselor_id, now=FIXED_NOW)
    after = _keys_json(school.path)["slots"]
    assert after == [s for s in before if s.get("username") != "counselor"]
    assert not users.by_id(school.admin.db.conn, counselor_id).active  # type: ignore[union-attr]
    assert _audit(school.admin)[-1][3:5] == ("account_deactivated", "ok")

    with pytest.raises(WrongPassword):
        school.sign_in("counselor")
    with pytest.raises(AccessDenied):
        recover_account(school.path, school.recovery_key, "counselor", NEW_PASSWORD, now=FIXED_NOW, keys=school.keys)


def test_an_admin_cannot_deactivate_themself(school: SchoolFixture) -> None:
    before = _keys_json(school.path)["slots"]
    with pytest.raises(ValidationError, match="不能停用自己"):
        accounts.deactivate_account(
            school.admin.db, school.admin.actor, user_id=school.admin.actor.user_id, now=FIXED_NOW
        )
    assert _keys_json(school.path)["slots"] == before


def test_a_deactivated_admins_open_session_loses_its_rights(school: SchoolFixture) -> None:
    accounts.add_account(
        school.admin.db,
        school.admin.actor,
        username="admin2",
        display_name="副管理员",
        role=Role.ADMIN,
        password=PASSWORD,
        now=FIXED_NOW,
        keys=school.keys,
    )
    admin2 = school.sign_in("admin2")
    try:
        accounts.deactivate_account(admin2.db, admin2.actor, user_id=school.admin.actor.user_id, now=FIXED_NOW)
        before = _keys_json(school.path)["slots"]
        # the first admin's session is still open, but the account behind it is stopped
        with pytest.raises(AccessDenied, match="已停用"):
            accounts.deactivate_account(
                school.admin.db, school.admin.actor, user_id=admin2.actor.user_id, now=FIXED_NOW
            )
        assert _keys_json(school.path)["slots"] == before
        assert users.count_active_admins(admin2.db.conn) == 1
        # and the one admin left cannot leave the school without an admin
        with pytest.raises(ValidationError, match="至少要保留一个在用的管理员账号"):
            accounts.deactivate_account(admin2.db, admin2.actor, user_id=school.admin.actor.user_id, now=FIXED_NOW)
    finally:
        admin2.db.close()
    school.sign_in("admin2").db.close()


@pytest.mark.parametrize("username", ["lead", "counselor", "principal"])
def test_only_an_admin_deactivates(school: SchoolFixture, username: str) -> None:
    session = school.sign_in(username)
    before = _keys_json(school.path)["slots"]
    try:
        with pytest.raises(AccessDenied):
            accounts.deactivate_account(session.db, session.actor, user_id=_user_id(school, "admin"), now=FIXED_NOW)
        assert _audit(session)[-1][3:5] == ("access_denied", "denied")
    finally:
        session.db.close()
    assert _keys_json(school.path)["slots"] == before
