"""manifest.json, beside the copies in a backup folder: what the backup holds and how to check it.

In the clear: what is needed to pick a backup and to read it before any key is tried (the
school's db_id, when and by which role it was made, each file's name, size, SHA-256 and how it
was copied, the audit head). Sealed (AES-256-GCM under a key derived from the store's own key):
each store's digest — row counts per table and the content hash — so a USB stick does not tell
how many cases or warnings the school has. The whole is authenticated with HMAC under the school
key: a manifest edited to match a changed copy fails before anything is compared."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from counselroom.domain.errors import DatabaseDamaged
from counselroom.store.backup.store_digest import StoreDigest

FORMAT = "counselroom-backup"
VERSION = 1
MANIFEST_NAME = "manifest.json"
SCHOOL_FILE, CARE_FILE, KEY_FILE = "school.db", "school.care.db", "school.db.keys"
EXPORTED, CIPHERTEXT_COPY = "sqlcipher_export", "ciphertext_copy"
MAX_MANIFEST_BYTES = 1 << 20


@dataclass(frozen=True)
class FileEntry:
    name: str
    size: int
    sha256: str
    method: str = ""  # EXPORTED or CIPHERTEXT_COPY for a store; "" for the key file
    sealed_digest: str = ""  # base64 nonce ‖ AES-GCM(digest JSON); "" for a ciphertext copy or the key file


@dataclass(frozen=True)
class Manifest:
    db_id: str
    made_at: str  # ISO time
    made_by_role: str
    program_version: str
    school: FileEntry
    care: FileEntry
    keys: FileEntry
    audit_seq: int
    audit_hash: str
    mac: str = ""

    @property
    def made(self) -> datetime:
        return datetime.fromisoformat(self.made_at)


def seal_digest(store_key: bytes, db_id: str, store: str, digest: StoreDigest) -> str:
    nonce = os.urandom(12)
    plain = json.dumps(digest.to_json(), sort_keys=True).encode()
    return base64.b64encode(nonce + AESGCM(_digest_key(store_key)).encrypt(nonce, plain, _aad(db_id, store))).decode()


def open_digest(store_key: bytes, db_id: str, store: str, sealed: str) -> StoreDigest:
    try:
        raw = base64.b64decode(sealed, validate=True)
        plain = AESGCM(_digest_key(store_key)).decrypt(raw[:12], raw[12:], _aad(db_id, store))
        return StoreDigest.from_json(json.loads(plain))
    except (InvalidTag, ValueError, KeyError, TypeError) as exc:
        raise DatabaseDamaged(f"备份清单中{store}的校验信息无法解开（清单被改动，或不是这所学校的备份）") from exc


def signed(manifest: Manifest, school_key: bytes) -> Manifest:
    return replace(manifest, mac=_mac(manifest, school_key))


def mac_holds(manifest: Manifest, school_key: bytes) -> bool:
    return hmac.compare_digest(manifest.mac, _mac(manifest, school_key))


def write_manifest(folder: Path, manifest: Manifest) -> None:
    data = {"format": FORMAT, "version": VERSION, **_fields(manifest), "mac": manifest.mac}
    path = folder / MANIFEST_NAME
    with path.open("w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)
        handle.flush()
        os.fsync(handle.fileno())


def read_manifest(folder: Path) -> Manifest:
    """The manifest of a backup folder, every field checked; DatabaseDamaged naming the folder."""
    path = folder / MANIFEST_NAME
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            raise ValueError("too large")
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("version") != VERSION:
            raise ValueError("format")
        entries = {k: FileEntry(**_entry(data[k])) for k in ("school", "care", "keys")}
        manifest = Manifest(
            db_id=_text(data["db_id"]),
            made_at=_text(data["made_at"]),
            made_by_role=_text(data["made_by_role"]),
            program_version=_text(data["program_version"]),
            audit_seq=_count(data["audit_seq"]),
            audit_hash=_text(data["audit_hash"]),
            mac=_text(data["mac"]),
            **entries,
        )
        manifest.made  # noqa: B018 — a time that does not parse is damage too
        return manifest
    except FileNotFoundError as exc:
        raise DatabaseDamaged(f"备份文件夹中没有清单 {MANIFEST_NAME}：{folder}") from exc
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DatabaseDamaged(f"备份清单已损坏：{path}") from exc


def _fields(manifest: Manifest) -> dict[str, Any]:
    data = dict(vars(manifest))
    data.pop("mac")
    for key in ("school", "care", "keys"):
        data[key] = dict(vars(data[key]))
    return data


def _mac(manifest: Manifest, school_key: bytes) -> str:
    canonical = json.dumps(_fields(manifest), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    return hmac.new(_derive(school_key, b"counselroom backup manifest mac v1"), canonical, hashlib.sha256).hexdigest()


def _digest_key(store_key: bytes) -> bytes:
    return _derive(store_key, b"counselroom backup digest v1")


def _derive(key: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(key)


def _aad(db_id: str, store: str) -> bytes:
    return f"{db_id}:{store}".encode()


def _entry(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict) or set(data) - {"name", "size", "sha256", "method", "sealed_digest"}:
        raise ValueError("entry")
    name = _text(data["name"])
    if name not in (SCHOOL_FILE, CARE_FILE, KEY_FILE):  # never a path that leaves the folder
        raise ValueError("name")
    return {
        "name": name,
        "size": _count(data["size"]),
        "sha256": _text(data["sha256"]),
        "method": _text(data.get("method", "")),
        "sealed_digest": _text(data.get("sealed_digest", "")),
    }


def _text(value: Any) -> str:
    if not isinstance(value, str) or len(value) > 100_000:
        raise ValueError("text")
    return value


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("count")
    return value
