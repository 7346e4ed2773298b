"""A generated demo school for read-only checks, with a way to sign in to it briefly."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from counselroom.demo.generator import generate_demo_school
from counselroom.services.accounts.session import KeyPolicy, Session
from counselroom.services.accounts.sign_in import sign_in
from counselroom.store.key_slots import TEST_KDF
from counselroom.system.device_secrets import DeviceSecrets
from tests.conftest import FIXED_NOW, MemoryKeyring

PASSWORD = "demo-pass-123"


@dataclass(frozen=True)
class Demo:
    path: Path
    keys: KeyPolicy
    recovery_key: str = ""

    @contextmanager
    def session(self, username: str = "counselor", now: datetime = FIXED_NOW) -> Iterator[Session]:
        session = sign_in(self.path, username, PASSWORD, now=now, keys=self.keys)
        try:
            yield session
        finally:
            session.db.close()


def make_demo(path: Path, *, now: datetime = FIXED_NOW, **options: int) -> Demo:
    keys = KeyPolicy(kdf=TEST_KDF, device=DeviceSecrets(MemoryKeyring()))
    made = generate_demo_school(path, password=PASSWORD, now=now, keys=keys, **options)
    return Demo(path, keys, made.recovery_key)
