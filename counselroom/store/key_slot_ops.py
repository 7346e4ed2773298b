"""Making and opening key slots for accounts and the recovery key (SECURITY.md 3–5, 3a): the sealed
records the key file keeps, built from the wrapping primitives in key_slots.

A password slot seals the school key and the account's X25519 private key under its password;
its public key is in the clear, so a lead can seal the care key to it (`grant_care`) without
knowing the password. The recovery slot seals both store keys.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from counselroom.domain.errors import DeviceSecretMissing, WrongPassword
from counselroom.domain.roles import Role
from counselroom.store import key_slots as ks
from counselroom.store.key_slots import SlotKeys
from counselroom.store.keyfile import CareGrant, Slot
from counselroom.system.device_secrets import DeviceSecrets


def make_password_slot(
    *,
    db_id: str,
    school_key: bytes,
    user_id: int,
    username: str,
    role: Role,
    password: str,
    kdf: ks.KdfParams,
    device: DeviceSecrets | None,
) -> Slot:
    """A new slot with a new key pair: whoever knew an earlier password (an admin who set a
    temporary one) cannot open a grant made to this one. It holds no care grant yet."""
    salt = ks.new_salt()
    secret = device.get_or_create(db_id) if device else None
    wrapping = ks.password_wrapping_key(password, salt, kdf, secret)
    aad = ks.slot_aad(db_id, "password", user_id, username, role.value)
    private, public = ks.new_keypair()
    nonce, ciphertext = ks.seal_keys(wrapping, {"school": school_key, "x25519": private}, aad)
    return Slot(
        kind="password",
        salt=ks.b64(salt),
        nonce=ks.b64(nonce),
        ciphertext=ks.b64(ciphertext),
        user_id=user_id,
        username=username,
        role=role.value,
        kdf=kdf.to_json(),
        device_bound=secret is not None,
        device_fingerprint=device_fingerprint(secret) if secret else "",
        public_key=ks.b64(public),
    )


def device_fingerprint(secret: bytes) -> str:
    """Names a device secret without revealing it, so a slot bound to an older one is told apart
    from a wrong password."""
    return hashlib.sha256(b"counselroom-device-fingerprint" + secret).hexdigest()[:16]


def open_password_slot(slot: Slot, *, db_id: str, password: str, device: DeviceSecrets | None) -> SlotKeys:
    """The slot's keys, with the care key when the slot carries a grant that opens."""
    secret = None
    if slot.device_bound:
        secret = device.get(db_id) if device else None
        if secret is None:
            raise DeviceSecretMissing(
                "本机密钥环中缺少此数据库的设备密钥（可能重装了系统或换了电脑）。请用恢复密钥解锁并重新登记本机。"
            )
        if slot.device_fingerprint and slot.device_fingerprint != device_fingerprint(secret):
            raise DeviceSecretMissing(
                "本机已用恢复密钥重新登记，您的账号需要重新设置密码：请管理员为您设置临时密码，"
                "或用恢复密钥为自己设置新密码。"
            )
    assert slot.kdf is not None
    wrapping = ks.password_wrapping_key(password, ks.unb64(slot.salt), ks.KdfParams.from_json(slot.kdf), secret)
    aad = ks.slot_aad(db_id, "password", slot.user_id, slot.username, slot.role)
    keys = ks.require_keys(ks.open_keys(wrapping, ks.unb64(slot.nonce), ks.unb64(slot.ciphertext), aad))
    return replace(keys, care=open_care_grant(slot, db_id=db_id, private=keys.private))


def spend_like_a_password_check(slots: Iterable[Slot], password: str) -> None:
    """The memory-hard derivation a real account's check costs, for a name with no account: an
    unknown user then takes as long as a wrong password, so timing does not tell which names exist."""
    kdf = next((s.kdf for s in slots if s.kind == "password" and s.kdf is not None), None)
    if kdf is not None:
        ks.password_wrapping_key(password, ks.new_salt(), ks.KdfParams.from_json(kdf), None)


def make_recovery_slot(*, db_id: str, school_key: bytes, care_key: bytes, payload: bytes) -> Slot:
    """The printed recovery key opens both stores."""
    salt = ks.new_salt()
    aad = ks.slot_aad(db_id, "recovery", None, "", "")
    keys = {"school": school_key, "care": care_key}
    nonce, ciphertext = ks.seal_keys(ks.recovery_wrapping_key(payload, salt), keys, aad)
    return Slot(kind="recovery", salt=ks.b64(salt), nonce=ks.b64(nonce), ciphertext=ks.b64(ciphertext))


def open_recovery_slot(slot: Slot, *, db_id: str, payload: bytes) -> SlotKeys:
    aad = ks.slot_aad(db_id, "recovery", None, "", "")
    wrapping = ks.recovery_wrapping_key(payload, ks.unb64(slot.salt))
    return ks.require_keys(ks.open_keys(wrapping, ks.unb64(slot.nonce), ks.unb64(slot.ciphertext), aad))


# -- care grants -------------------------------------------------------------------------------


def grant_aad(db_id: str, slot: Slot) -> bytes:
    """A grant is bound to the database, the account and the very public key it was sealed to."""
    bound = {
        "db": db_id,
        "kind": "care-grant",
        "user_id": slot.user_id,
        "username": slot.username,
        "role": slot.role,
        "public_key": slot.public_key,
    }
    return json.dumps(bound, sort_keys=True, separators=(",", ":")).encode("utf-8")


def grant_care(slot: Slot, *, db_id: str, care_key: bytes, granted_by: int | None, at: datetime) -> Slot:
    """The slot with the care key sealed to its public key (a lead's 确认)."""
    if not slot.public_key:
        raise ValueError("slot has no public key")
    ephemeral, nonce, sealed = ks.seal_to(ks.unb64(slot.public_key), care_key, grant_aad(db_id, slot))
    grant = CareGrant(ks.b64(ephemeral), ks.b64(nonce), ks.b64(sealed), granted_by, at.isoformat(timespec="seconds"))
    return replace(slot, care_grant=grant)


def open_care_grant(slot: Slot, *, db_id: str, private: bytes | None) -> bytes | None:
    """The care key from the slot's grant; None when there is none, or it was not sealed to this
    slot's key pair (a planted or edited grant gives nothing)."""
    grant = slot.care_grant
    if grant is None or private is None or not slot.public_key:
        return None
    if ks.public_of(private) != ks.unb64(slot.public_key):
        return None  # the public key beside the slot was swapped: the grant was not made for us
    try:
        care = ks.open_sealed(
            private,
            ks.unb64(grant.ephemeral_public),
            ks.unb64(grant.nonce),
            ks.unb64(grant.ciphertext),
            grant_aad(db_id, slot),
        )
    except WrongPassword:
        return None
    return care if len(care) == 32 else None


def key_fingerprint(public_key_b64: str) -> str:
    """Four groups a lead reads out to the colleague before confirming (like Bitwarden's
    fingerprint phrase): a public key swapped in the key file shows a different one."""
    digest = hashlib.sha256(b"counselroom-public-key" + ks.unb64(public_key_b64)).hexdigest().upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))
