"""Issue #9 acceptance, as someone else's script: docs/security-design.md followed with argon2,
cryptography and sqlcipher3 alone (none of the program's code reads the files here).

With the principal's or admin's password and the key file the script opens the school store
and not the care store; with a counselor's it opens both. Canaries planted in care records are
nowhere in the school store's decrypted pages — free pages included, decrypted page by page.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from argon2.low_level import Type, hash_secret_raw
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from counselroom.domain.care.warnings import WarningLevel, WarningSource
from counselroom.domain.roles import Role
from counselroom.domain.students.leave_return import LeaveReason
from counselroom.services.accounts.session import Session
from counselroom.services.care import warning_list
from counselroom.services.students import school_leave, student_records
from tests.conftest import FIXED_NOW, PASSWORD, SchoolFixture
from tests.full_access import both_stores
from tests.school_data import add_small_school

CANARIES = {
    "warning reason": "金丝雀预警理由甲",
    "screening answers": "金丝雀作答乙",
    "family flag": "金丝雀家庭丙",
    "background": "金丝雀成长史丁",
    "休学 reason": "金丝雀休学原因戊",
}
PAGE = 4096
RESERVE = 80  # SQLCipher 4: 16-byte IV + 64-byte HMAC-SHA512 at the end of each page


# -- the script, from the document ----------------------------------------------------------


def _b64(text: str) -> bytes:
    return base64.b64decode(text)


def _aad(bound: dict[str, Any]) -> bytes:
    return json.dumps(bound, sort_keys=True, separators=(",", ":")).encode()


def _hkdf(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(ikm)


def unwrap(keyfile: dict[str, Any], username: str, password: str, device_secret: bytes | None) -> dict[str, bytes]:
    """§3: the password slot's keys, and the care key when its grant opens."""
    slot = next(s for s in keyfile["slots"] if s["kind"] == "password" and s["username"] == username)
    kdf = slot["kdf"]
    stretched = hash_secret_raw(
        password.encode(), _b64(slot["salt"]), time_cost=kdf["t"], memory_cost=kdf["m"], parallelism=kdf["p"],
        hash_len=32, type=Type.ID,
    )  # fmt: skip
    secret = device_secret if slot["device_bound"] else None
    wrapping = _hkdf(stretched, secret or b"", b"counselroom password slot v1")
    bound = {"db": keyfile["db_id"], "kind": "password", "role": slot["role"], "user_id": slot["user_id"]}
    aad = _aad({**bound, "username": slot["username"]})
    plain = AESGCM(wrapping).decrypt(_b64(slot["nonce"]), _b64(slot["ciphertext"]), aad)
    keys = {name: _b64(value) for name, value in json.loads(plain).items()}
    grant = slot["care_grant"]
    if grant is not None:
        ephemeral, public = _b64(grant["ephemeral_public"]), _b64(slot["public_key"])
        shared = X25519PrivateKey.from_private_bytes(keys["x25519"]).exchange(
            X25519PublicKey.from_public_bytes(ephemeral)
        )
        key = _hkdf(shared, ephemeral + public, b"counselroom care grant v1")
        grant_aad = _aad(
            {**bound, "kind": "care-grant", "public_key": slot["public_key"], "username": slot["username"]}
        )
        keys["care"] = AESGCM(key).decrypt(_b64(grant["nonce"]), _b64(grant["ciphertext"]), grant_aad)
    return keys


def open_store(path: Path, key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def decrypted_pages(path: Path, key: bytes) -> list[bytes]:
    """Every page of a SQLCipher 4 file decrypted (AES-256-CBC, the raw key, the page's IV)."""
    data = path.read_bytes()
    pages = []
    for start in range(0, len(data), PAGE):
        page = data[start : start + PAGE]
        body = page[16 : PAGE - RESERVE] if start == 0 else page[: PAGE - RESERVE]  # page 1 begins with the salt
        iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        pages.append(decryptor.update(body) + decryptor.finalize())
    return pages


def keyfile_of(school: SchoolFixture) -> dict[str, Any]:
    return json.loads(school.path.with_name(school.path.name + ".keys").read_text(encoding="utf-8"))


def device_secret(school: SchoolFixture) -> bytes | None:
    device = school.keys.device
    return device.get(keyfile_of(school)["db_id"]) if device else None


# -- the checks ------------------------------------------------------------------------------


def _care_path(school: SchoolFixture) -> Path:
    return school.path.with_name("school.care.db")


@pytest.mark.parametrize("username", ["principal", "admin"])
def test_a_school_key_password_opens_the_school_store_and_not_the_care_store(
    school: SchoolFixture, username: str
) -> None:
    keys = unwrap(keyfile_of(school), username, PASSWORD, device_secret(school))
    assert set(keys) == {"school", "x25519"}  # no care key anywhere in the slot
    school_store = open_store(school.path, keys["school"])
    assert school_store.execute("SELECT name FROM school").fetchone() == ("测试中学",)
    school_store.close()
    care_store = open_store(_care_path(school), keys["school"])
    with pytest.raises(sqlcipher3.DatabaseError):
        care_store.execute("SELECT count(*) FROM sqlite_master").fetchone()
    care_store.close()


def test_a_confirmed_counselor_opens_both(school: SchoolFixture, sessions: dict[Role, Session]) -> None:
    add_small_school(sessions[Role.ADMIN])
    lead = sessions[Role.LEAD]
    warning_list.add_to_warning_list(
        lead.db, lead.actor, 1, level=WarningLevel.YELLOW, reason="测试理由", source=WarningSource.OTHER, now=FIXED_NOW
    )
    keys = unwrap(keyfile_of(school), "counselor", PASSWORD, device_secret(school))
    care_store = open_store(_care_path(school), keys["care"])
    assert care_store.execute("SELECT reason FROM warnings").fetchone() == ("测试理由",)
    care_store.close()


def test_canaries_in_care_records_are_nowhere_in_the_school_stores_pages(
    school: SchoolFixture, sessions: dict[Role, Session]
) -> None:
    add_small_school(sessions[Role.ADMIN])
    lead = sessions[Role.LEAD]
    _plant_canaries(lead)
    keys = unwrap(keyfile_of(school), "principal", PASSWORD, device_secret(school))
    school_pages = b"".join(decrypted_pages(school.path, keys["school"]))
    assert "测试中学".encode() in school_pages  # the decryption works: school data is there
    for what, canary in CANARIES.items():
        assert canary.encode() not in school_pages, f"{what} leaked into the school store"
    # Control: the same scan of the care store finds each of them.
    care = unwrap(keyfile_of(school), "counselor", PASSWORD, device_secret(school))["care"]
    care_pages = b"".join(decrypted_pages(_care_path(school), care))
    assert all(canary.encode() in care_pages for canary in CANARIES.values())


def _plant_canaries(lead: Session) -> None:
    db, actor = lead.db, lead.actor
    warning_list.add_to_warning_list(
        db, actor, 1, level=WarningLevel.ORANGE, reason=CANARIES["warning reason"], source=WarningSource.OTHER,
        now=FIXED_NOW,
    )  # fmt: skip
    student_records.save_student_background(
        db, actor, 2, growth=CANARIES["background"], life="无", support="无", now=FIXED_NOW
    )
    school_leave.take_leave(
        db, actor, 3, left_on=date(2025, 10, 1), reason_kind=LeaveReason.MENTAL_HEALTH, reason=CANARIES["休学 reason"],
        expected_return=date(2026, 2, 23), now=FIXED_NOW,
    )  # fmt: skip
    with both_stores(lead) as full, full.transaction() as conn:
        conn.execute("INSERT INTO student_flags (student_id, flag) VALUES (4, ?)", (CANARIES["family flag"],))
        conn.execute(
            "INSERT INTO screening_batches (id, name, instrument, source, held_on, created_at)"
            " VALUES (99, '普查', 'PHQ-9', '导入', '2025-10-01', '2025-10-01T08:00:00')"
        )
        conn.execute(
            "INSERT INTO screening_results (batch_id, student_id, taken_on, answers) VALUES (99, 5, '2025-10-01', ?)",
            (json.dumps([CANARIES["screening answers"]], ensure_ascii=False),),
        )


def test_the_anchor_mac_is_as_documented(school: SchoolFixture, sessions: dict[Role, Session]) -> None:
    lead = sessions[Role.LEAD]
    lead_keys = unwrap(keyfile_of(school), "lead", PASSWORD, device_secret(school))
    care = open_store(_care_path(school), lead_keys["care"])
    seq, digest, mac = care.execute("SELECT seq, hash, mac FROM audit_anchor").fetchone()
    care.close()
    anchor_key = hmac.new(lead_keys["care"], b"counselroom audit anchor v1", hashlib.sha256).digest()
    expected = hmac.new(anchor_key, f"{keyfile_of(school)['db_id']}:{seq}:{digest}".encode(), hashlib.sha256)
    assert mac == expected.hexdigest()
    assert lead.db.has_care
