"""What a signed-in user holds: the open database and who they are; and the key policy."""

from __future__ import annotations

from dataclasses import dataclass, field

from counselroom.domain.changes import ChangeKind
from counselroom.domain.roles import Actor
from counselroom.store.database import Database
from counselroom.store.key_slots import PRODUCTION_KDF, KdfParams
from counselroom.system.device_secrets import DeviceSecrets


@dataclass(frozen=True)
class KeyPolicy:
    """How new password slots are made: KDF cost and the device keyring (None: passwords only)."""

    kdf: KdfParams = PRODUCTION_KDF
    device: DeviceSecrets | None = None


@dataclass
class Session:
    db: Database
    actor: Actor
    warnings: list[str] = field(default_factory=list)
    must_change_password: bool = False
    new_recovery_key: str = ""  # after the upgrade to two stores: shown once, to be printed

    @property
    def is_locked(self) -> bool:
        return not self.db.is_open


@dataclass(frozen=True)
class Changes:
    """What a service changed, so the GUI refreshes the pages that show it."""

    kinds: frozenset[ChangeKind]
    summary: str = ""

    def __post_init__(self) -> None:
        # Why: a plain string (a typo, or a kind no page knows) would refresh nothing, silently.
        strays = [kind for kind in self.kinds if not isinstance(kind, ChangeKind)]
        if strays:
            raise TypeError(f"change kinds must be ChangeKind members, not {strays!r}")

    @classmethod
    def of(cls, *kinds: ChangeKind, summary: str = "") -> Changes:
        return cls(frozenset(kinds), summary)
