"""Shared fixtures. Qt runs offscreen; no socket may open; the keyring is in memory."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before anything loads Qt

import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from counselroom.domain.roles import Actor, Role
from counselroom.services.accounts.accounts import add_account, change_own_password
from counselroom.services.accounts.care_access import confirm_care_access, confirm_with_recovery_key
from counselroom.services.accounts.session import KeyPolicy, Session
from counselroom.services.accounts.setup import create_school
from counselroom.services.accounts.sign_in import sign_in
from counselroom.store import users
from counselroom.store.key_slots import TEST_KDF
from counselroom.system import device_secrets
from tests.full_access import RECOVERY_KEYS

FIXED_NOW = datetime(2025, 10, 13, 9, 30, 0)  # 2025年10月13日 周一, 2025-2026 学年第一学期
PASSWORD = "test-pass-123"


class NetworkUsed(AssertionError):
    pass


def _refuse(*_args: object, **_kwargs: object) -> None:
    raise NetworkUsed("a test tried to use the network (SECURITY.md 17)")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every socket operation that could reach anything fails the test."""
    for name in ("connect", "connect_ex", "bind", "sendto", "listen"):
        monkeypatch.setattr(socket.socket, name, _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)


class MemoryKeyring:
    """An in-memory stand-in for the OS keyring (the same three calls)."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture(autouse=True)
def injected_keyring(monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring) -> MemoryKeyring:
    """The program's keyring probe finds the in-memory keyring, never the OS one."""
    monkeypatch.setattr(device_secrets, "probe_device_secrets", lambda: device_secrets.DeviceSecrets(memory_keyring))
    return memory_keyring


@pytest.fixture(autouse=True)
def isolated_dirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Data folder, HOME and temp files all under the test's own folder (for canary scans)."""
    home = tmp_path / "home"
    (home / "tmp").mkdir(parents=True)
    monkeypatch.setenv("COUNSELROOM_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("TMPDIR", str(home / "tmp"))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(home / "tmp"))
    return home


@pytest.fixture
def keys(memory_keyring: MemoryKeyring) -> KeyPolicy:
    return KeyPolicy(kdf=TEST_KDF, device=device_secrets.DeviceSecrets(memory_keyring))


@pytest.fixture
def now() -> datetime:
    return FIXED_NOW


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "school.db"


@dataclass
class SchoolFixture:
    path: Path
    recovery_key: str
    admin: Session
    keys: KeyPolicy

    def sign_in(self, username: str, password: str = PASSWORD) -> Session:
        return sign_in(self.path, username, password, now=FIXED_NOW, keys=self.keys)


@pytest.fixture
def school(db_path: Path, keys: KeyPolicy) -> SchoolFixture:
    """A new school with one account per role (admin, lead, counselor, principal)."""
    created = create_school(
        db_path,
        school_name="测试中学",
        admin_username="admin",
        admin_password=PASSWORD,
        admin_display_name="管理员",
        now=FIXED_NOW,
        keys=keys,
    )
    admin = created.session
    RECOVERY_KEYS[db_path] = created.recovery_key
    for username, role, name in (
        ("lead", Role.LEAD, "李主任"),
        ("counselor", Role.COUNSELOR, "王老师"),
        ("principal", Role.PRINCIPAL, "张校长"),
    ):
        add_account(
            admin.db,
            admin.actor,
            username=username,
            display_name=name,
            role=role,
            password=PASSWORD,
            now=FIXED_NOW,
            keys=keys,
        )
    for username in ("lead", "counselor"):
        _set_own_password(db_path, username, keys)
    lead_id = users.by_username(admin.db.conn, "lead").id  # type: ignore[union-attr]
    # The first lead is confirmed with the recovery key; the lead confirms the counselor.
    confirm_with_recovery_key(admin.db, admin.actor, user_id=lead_id, recovery_key=created.recovery_key, now=FIXED_NOW)
    lead = sign_in(db_path, "lead", PASSWORD, now=FIXED_NOW, keys=keys)
    counselor_id = users.by_username(lead.db.conn, "counselor").id  # type: ignore[union-attr]
    confirm_care_access(lead.db, lead.actor, user_id=counselor_id, now=FIXED_NOW)
    lead.db.close()
    admin.db.reload_keyfile()
    return SchoolFixture(db_path, created.recovery_key, admin, keys)


def _set_own_password(db_path: Path, username: str, keys: KeyPolicy) -> None:
    """As a new colleague does at first sign-in: a password (and key pair) the admin never knew.
    The test password is kept, so tests sign in with PASSWORD as before."""
    session = sign_in(db_path, username, PASSWORD, now=FIXED_NOW, keys=keys)
    for old, new in ((PASSWORD, PASSWORD + "-tmp"), (PASSWORD + "-tmp", PASSWORD)):
        change_own_password(session.db, session.actor, old_password=old, new_password=new, now=FIXED_NOW, keys=keys)
    session.db.close()


@pytest.fixture
def sessions(school: SchoolFixture) -> dict[Role, Session]:
    """One signed-in session per role, all on the same database file."""
    result = {Role.ADMIN: school.admin}
    for username, role in (("lead", Role.LEAD), ("counselor", Role.COUNSELOR), ("principal", Role.PRINCIPAL)):
        result[role] = school.sign_in(username)
    yield result
    for session in result.values():
        session.db.close()


def actor_of(session: Session) -> Actor:
    return session.actor
