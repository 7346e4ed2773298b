"""Making and opening key slots for accounts and the recovery key (SECURITY.md 3–5): the sealed
records the key file keeps, built from the wrapping primitives in key_slots."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from counselroom.domain.errors import DeviceSecretMissing
from counselroom.domain.roles import Role
from counselroom.store import key_slots as ks
from counselroom.store.keyfile import Slot
from counselroom.system.device_secrets import DeviceSecrets


def make_password_slot(
    *,
    db_id: str,
    db_key: bytes,
    user_id: int,
    username: str,
    role: Role,
    password: str,
    kdf: ks.KdfParams,
    device: DeviceSecrets | None,
) -> Slot:
    salt = ks.new_salt()
    secret = device.get_or_create(db_id) if device else None
    wrapping = ks.password_wrapping_key(password, salt, kdf, secret)
    aad = ks.slot_aad(db_id, "password", user_id, username, role.value)
    nonce, ciphertext = ks.seal_keys(wrapping, {"database": db_key}, aad)
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
    )


def device_fingerprint(secret: bytes) -> str:
    """Names a device secret without revealing it, so a slot bound to an older one is told apart
    from a wrong password."""
    return hashlib.sha256(b"counselroom-device-fingerprint" + secret).hexdigest()[:16]


def open_password_slot(slot: Slot, *, db_id: str, password: str, device: DeviceSecrets | None) -> bytes:
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
    return ks.require_keys(ks.open_keys(wrapping, ks.unb64(slot.nonce), ks.unb64(slot.ciphertext), aad))


def spend_like_a_password_check(slots: Iterable[Slot], password: str) -> None:
    """The memory-hard derivation a real account's check costs, for a name with no account: an
    unknown user then takes as long as a wrong password, so timing does not tell which names exist."""
    kdf = next((s.kdf for s in slots if s.kind == "password" and s.kdf is not None), None)
    if kdf is not None:
        ks.password_wrapping_key(password, ks.new_salt(), ks.KdfParams.from_json(kdf), None)


def make_recovery_slot(*, db_id: str, db_key: bytes, payload: bytes) -> Slot:
    salt = ks.new_salt()
    aad = ks.slot_aad(db_id, "recovery", None, "", "")
    nonce, ciphertext = ks.seal_keys(ks.recovery_wrapping_key(payload, salt), {"database": db_key}, aad)
    return Slot(kind="recovery", salt=ks.b64(salt), nonce=ks.b64(nonce), ciphertext=ks.b64(ciphertext))


def open_recovery_slot(slot: Slot, *, db_id: str, payload: bytes) -> bytes:
    aad = ks.slot_aad(db_id, "recovery", None, "", "")
    wrapping = ks.recovery_wrapping_key(payload, ks.unb64(slot.salt))
    return ks.require_keys(ks.open_keys(wrapping, ks.unb64(slot.nonce), ks.unb64(slot.ciphertext), aad))
