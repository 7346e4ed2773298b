"""Wrapping the database key (SECURITY.md 3–5).

The 32-byte database key is stored only wrapped with AES-256-GCM:
- a password slot per account, under Argon2id(password) mixed (HKDF) with this PC's device
  secret from the OS keyring when one is usable;
- one recovery slot, under HKDF of the printed recovery key (already 184 random bits).
The associated data binds database id, slot kind, user id, user name and role, so a slot
copied to another account, database or role no longer opens. A slot holds a map of named
keys: "school" (the school store), an X25519 private key, and in the recovery slot "care".

The care key reaches an account by being *sealed* to the slot's X25519 public key (an
ephemeral key pair, ECDH, HKDF, AES-GCM — a sealed box): a lead grants access without
knowing the other person's password, and a school-key holder cannot make a grant at all.
docs/security-design.md gives the exact format.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from counselroom.domain.errors import ValidationError, WrongPassword


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. Production costs ~0.5–1 s; tests inject a cheap one."""

    time_cost: int = 4
    memory_kib: int = 256 * 1024
    parallelism: int = 2

    def to_json(self) -> dict[str, int]:
        return {"t": self.time_cost, "m": self.memory_kib, "p": self.parallelism}

    @classmethod
    def from_json(cls, data: dict[str, int]) -> KdfParams:
        return cls(time_cost=int(data["t"]), memory_kib=int(data["m"]), parallelism=int(data["p"]))


PRODUCTION_KDF = KdfParams()
# The smallest Argon2id allows; only for tests and never chosen by the program itself.
TEST_KDF = KdfParams(time_cost=1, memory_kib=8, parallelism=1)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def _hkdf(material: bytes, *, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(material)


def password_wrapping_key(password: str, salt: bytes, params: KdfParams, device_secret: bytes | None) -> bytes:
    stretched = hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )
    return _hkdf(stretched, salt=device_secret or b"", info=b"counselroom password slot v1")


def recovery_wrapping_key(recovery_payload: bytes, salt: bytes) -> bytes:
    return _hkdf(recovery_payload, salt=salt, info=b"counselroom recovery slot v1")


def slot_aad(db_id: str, kind: str, user_id: int | None, username: str, role: str) -> bytes:
    bound = {"db": db_id, "kind": kind, "user_id": user_id, "username": username, "role": role}
    return json.dumps(bound, sort_keys=True, separators=(",", ":")).encode("utf-8")


def seal_keys(wrapping_key: bytes, keys: dict[str, bytes], aad: bytes) -> tuple[bytes, bytes]:
    """Encrypt a map of named keys; returns (nonce, ciphertext)."""
    nonce = os.urandom(12)
    plain = json.dumps({name: b64(value) for name, value in keys.items()}).encode("ascii")
    return nonce, AESGCM(wrapping_key).encrypt(nonce, plain, aad)


def open_keys(wrapping_key: bytes, nonce: bytes, ciphertext: bytes, aad: bytes) -> dict[str, bytes]:
    """Decrypt a slot; a wrong secret or any edit of the slot is a WrongPassword."""
    try:
        plain = AESGCM(wrapping_key).decrypt(nonce, ciphertext, aad)
    except InvalidTag as exc:
        raise WrongPassword("密码错误") from exc
    return {name: unb64(value) for name, value in json.loads(plain).items()}


def new_salt() -> bytes:
    return os.urandom(16)


def new_database_key() -> bytes:
    return os.urandom(32)


@dataclass(frozen=True)
class SlotKeys:
    """What an opened slot gives: always the school key; the X25519 private key of a password
    slot; the care key when the slot holds it (the recovery slot) or a grant was opened."""

    school: bytes
    private: bytes | None = None
    care: bytes | None = None


def require_keys(keys: dict[str, bytes]) -> SlotKeys:
    """Check an opened slot's map. "database" is the single key of a version-1 key file, which
    becomes the school key when the care tables move to their own store."""
    school = keys.get("school", keys.get("database"))
    if school is None or len(school) != 32:
        raise ValidationError("密钥槽内容不完整")
    private, care = keys.get("x25519"), keys.get("care")
    if (private is not None and len(private) != 32) or (care is not None and len(care) != 32):
        raise ValidationError("密钥槽内容不完整")
    return SlotKeys(school=school, private=private, care=care)


# -- X25519 sealing (the care grant) ---------------------------------------------------------


def new_keypair() -> tuple[bytes, bytes]:
    """(private, public), 32 raw bytes each."""
    private = X25519PrivateKey.generate()
    return private.private_bytes_raw(), private.public_key().public_bytes_raw()


def public_of(private: bytes) -> bytes:
    return X25519PrivateKey.from_private_bytes(private).public_key().public_bytes_raw()


def _sealing_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return _hkdf(shared, salt=ephemeral_public + recipient_public, info=b"counselroom care grant v1")


def seal_to(recipient_public: bytes, secret: bytes, aad: bytes) -> tuple[bytes, bytes, bytes]:
    """Encrypt `secret` so only the holder of the matching private key opens it.
    Returns (ephemeral public key, nonce, ciphertext)."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    nonce = os.urandom(12)
    sealed = AESGCM(_sealing_key(shared, ephemeral_public, recipient_public)).encrypt(nonce, secret, aad)
    return ephemeral_public, nonce, sealed


def open_sealed(private: bytes, ephemeral_public: bytes, nonce: bytes, ciphertext: bytes, aad: bytes) -> bytes:
    """Open a sealed secret; an edited or misdirected grant raises WrongPassword."""
    me = X25519PrivateKey.from_private_bytes(private)
    shared = me.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    key = _sealing_key(shared, ephemeral_public, me.public_key().public_bytes_raw())
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, aad)
    except InvalidTag as exc:
        raise WrongPassword("授权无法打开") from exc
