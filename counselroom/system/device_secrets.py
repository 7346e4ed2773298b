"""A per-installation device secret kept in the OS keyring (SECURITY.md 5).

Only the system backends count: Windows Credential Locker, macOS Keychain, Secret Service.
Where none works the program runs on passwords alone and says so — it never falls back to a
file or plaintext backend.
"""

from __future__ import annotations

import base64
import os
from typing import Protocol

SERVICE = "CounselRoom"
_SYSTEM_BACKENDS = (
    "keyring.backends.Windows",
    "keyring.backends.macOS",
    "keyring.backends.SecretService",
    "keyring.backends.libsecret",
)
NO_KEYRING_NOTICE = (
    "本机没有可用的系统密钥环，账号仅凭密码保护。"
    "若要防止数据库被拷走后仅凭密码打开，请在 Windows 或装有密钥环的系统上使用。"
)


class KeyringLike(Protocol):
    def get_password(self, service: str, username: str) -> str | None: ...
    def set_password(self, service: str, username: str, password: str) -> None: ...
    def delete_password(self, service: str, username: str) -> None: ...


class DeviceSecrets:
    """Device secrets per database id, in a keyring backend."""

    def __init__(self, backend: KeyringLike):
        self._backend = backend

    @property
    def backend_name(self) -> str:
        """The keyring backend's own name, e.g. "Windows WinVaultKeyring" (shown by the self-test)."""
        return type(self._backend).__module__.rsplit(".", 1)[-1] + " " + type(self._backend).__name__

    def get(self, db_id: str) -> bytes | None:
        value = self._backend.get_password(SERVICE, db_id)
        return base64.b64decode(value) if value else None

    def get_or_create(self, db_id: str) -> bytes:
        existing = self.get(db_id)
        if existing is not None:
            return existing
        secret = os.urandom(32)
        self._backend.set_password(SERVICE, db_id, base64.b64encode(secret).decode("ascii"))
        return secret

    def forget(self, db_id: str) -> None:
        self._backend.delete_password(SERVICE, db_id)


def probe_device_secrets() -> DeviceSecrets | None:
    """The best working system keyring, or None. A round trip proves it works."""
    try:
        import keyring.backend
    except Exception:
        return None
    candidates = [
        kr
        for kr in keyring.backend.get_all_keyring()
        if type(kr).__module__.startswith(_SYSTEM_BACKENDS) and kr.priority > 0
    ]
    for backend in sorted(candidates, key=lambda kr: kr.priority, reverse=True):
        if _round_trip(backend):
            return DeviceSecrets(backend)
    return None


def _round_trip(backend: KeyringLike) -> bool:
    probe = "probe-" + base64.b32encode(os.urandom(5)).decode("ascii")
    try:
        backend.set_password(SERVICE, probe, "ok")
        ok = backend.get_password(SERVICE, probe) == "ok"
        backend.delete_password(SERVICE, probe)
        return ok
    except Exception:
        return False
