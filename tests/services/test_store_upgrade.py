"""Issue #9 item 6: a database from before the two keys (one key, one file, key file version 1)
keeps working, and at the first lead sign-in its care tables move to the new care store — after
an encrypted copy keyed so that a school-key holder cannot open it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from counselroom.domain.errors import AccessDenied, WrongPassword
from counselroom.domain.roles import Role
from counselroom.services.accounts import care_access
from counselroom.services.accounts.session import KeyPolicy
from counselroom.services.accounts.sign_in import STORES_SPLIT_NOTE, open_with_recovery_key, sign_in
from counselroom.services.care import warning_list
from counselroom.store import key_slots as ks
from counselroom.store import migrations
from counselroom.store.care_store import care_store_path
from counselroom.store.connection import open_encrypted
from counselroom.store.keyfile import KeyFile, Slot, keyfile_path, load_keyfile, save_keyfile
from counselroom.store.opening import create_owner_only
from tests.conftest import FIXED_NOW, PASSWORD
from tests.store.test_migrations import SEEDS
from tests.store.test_security_design import decrypted_pages

CANARY = "升级前的金丝雀理由"
ACCOUNTS = ((2, "lead", Role.LEAD), (3, "principal", Role.PRINCIPAL), (4, "counselor", Role.COUNSELOR))


def _legacy_slot(db_id: str, key: bytes, user_id: int, username: str, role: Role) -> Slot:
    salt = ks.new_salt()
    wrapping = ks.password_wrapping_key(PASSWORD, salt, ks.TEST_KDF, None)
    aad = ks.slot_aad(db_id, "password", user_id, username, role.value)
    nonce, sealed = ks.seal_keys(wrapping, {"database": key}, aad)
    return Slot("password", ks.b64(salt), ks.b64(nonce), ks.b64(sealed), user_id, username, role.value,
                ks.TEST_KDF.to_json())  # fmt: skip


def _legacy_school(folder: Path) -> tuple[Path, bytes, str]:
    """Schema version 8 in one file under one key, a version-1 key file; returns the old recovery key."""
    path, key = folder / "school.db", os.urandom(32)
    create_owner_only(path)
    conn = open_encrypted(path, key, create=True)
    conn.execute("PRAGMA journal_mode = WAL")  # as the old program kept it
    for version in range(1, 9):
        migrations.migrate(conn, target=version)
        conn.execute("BEGIN")
        SEEDS[version](conn)
        conn.execute("COMMIT")
    conn.execute("DROP TRIGGER audit_log_no_delete")  # the seed row has a made-up hash: start the chain afresh
    conn.execute("DELETE FROM audit_log")
    conn.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
        " BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能删除'); END"
    )
    for user_id, username, role in ACCOUNTS:
        conn.execute(
            "INSERT INTO users (id, username, display_name, role, created_at) VALUES (?, ?, ?, ?, '2025-09-01')",
            (user_id, username, username, role.value),
        )
    conn.execute("UPDATE warnings SET reason = ?", (CANARY,))
    db_id = "6f1c2a9e-3b7d-4c58-9a0e-5d2f8b41c7a3"  # a key file's db_id is a UUID
    conn.execute("UPDATE meta SET value = ? WHERE key = 'db_id'", (db_id,))
    conn.close()
    payload = os.urandom(23)
    salt = ks.new_salt()
    nonce, sealed = ks.seal_keys(
        ks.recovery_wrapping_key(payload, salt), {"database": key}, ks.slot_aad(db_id, "recovery", None, "", "")
    )
    slots = [Slot("recovery", ks.b64(salt), ks.b64(nonce), ks.b64(sealed))]
    slots += [_legacy_slot(db_id, key, 1, "admin", Role.ADMIN)]
    slots += [_legacy_slot(db_id, key, uid, name, role) for uid, name, role in ACCOUNTS]
    save_keyfile(keyfile_path(path), KeyFile(db_id, tuple(slots), version=1))
    from counselroom.domain.accounts.recovery_key import format_recovery_key

    return path, key, format_recovery_key(payload)


KEYS = KeyPolicy(kdf=ks.TEST_KDF)


def test_the_first_lead_sign_in_moves_the_care_tables_out(tmp_path: Path) -> None:
    path, key, old_recovery = _legacy_school(tmp_path)
    principal = sign_in(path, "principal", PASSWORD, now=FIXED_NOW, keys=KEYS)  # before: still works
    assert not principal.db.has_care
    with pytest.raises(AccessDenied):
        warning_list.list_warnings(principal.db, principal.actor, now=FIXED_NOW)
    principal.db.close()
    counselor = sign_in(path, "counselor", PASSWORD, now=FIXED_NOW, keys=KEYS)
    assert any("单密钥" in w for w in counselor.warnings) and not counselor.db.has_care
    counselor.db.close()

    lead = sign_in(path, "lead", PASSWORD, now=FIXED_NOW, keys=KEYS)
    try:
        assert lead.db.has_care and STORES_SPLIT_NOTE in lead.warnings and lead.new_recovery_key
        entries = warning_list.list_warnings(lead.db, lead.actor, now=FIXED_NOW)
        assert [e.reason for e in entries] == [CANARY]
        care_key = lead.db.care_key
        counselor_id = 4
    finally:
        lead.db.close()

    assert load_keyfile(keyfile_path(path)).two_stores
    assert care_store_path(path).exists()
    # The school store under the old key holds no care row, in any page, free ones included.
    school_pages = b"".join(decrypted_pages(path, key))
    assert "迁移中学".encode() in school_pages
    assert CANARY.encode() not in school_pages and "因病休学一学期".encode() not in school_pages
    # The copy taken first is keyed with the care key: the old (now school) key does not open it.
    copy = next(tmp_path.glob("school.db.before-two-keys-*.bak"))
    with pytest.raises(Exception):  # noqa: B017
        open_encrypted(copy, key)
    opened_copy = open_encrypted(copy, care_key)
    assert opened_copy.execute("SELECT reason FROM warnings").fetchone() == (CANARY,)
    opened_copy.close()
    # The old recovery key no longer opens this key file; the new one opens both stores.
    with pytest.raises(WrongPassword):
        open_with_recovery_key(path, old_recovery)

    # Others keep working on the school store and get access when a lead confirms them.
    counselor = sign_in(path, "counselor", PASSWORD, now=FIXED_NOW, keys=KEYS)
    assert not counselor.db.has_care
    counselor.db.close()
    lead = sign_in(path, "lead", PASSWORD, now=FIXED_NOW, keys=KEYS)
    care_access.confirm_care_access(lead.db, lead.actor, user_id=counselor_id, now=FIXED_NOW)  # type: ignore[arg-type]
    lead.db.close()
    counselor = sign_in(path, "counselor", PASSWORD, now=FIXED_NOW, keys=KEYS)
    try:
        assert counselor.db.has_care
    finally:
        counselor.db.close()
    data = json.loads(keyfile_path(path).read_text(encoding="utf-8"))
    principal_slot = next(s for s in data["slots"] if s.get("username") == "principal")
    assert principal_slot["care_grant"] is None
