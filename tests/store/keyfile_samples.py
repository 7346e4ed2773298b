"""A well-formed key file for the key-file tests: every field as the program writes it."""

from __future__ import annotations

from datetime import datetime

from counselroom.store.key_slots import TEST_KDF, b64
from counselroom.store.keyfile import AuditHead, CareGrant, KeyFile, Slot

AT = datetime(2025, 10, 13, 9, 30, 0)
DB_ID = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
OTHER_DB_ID = "6f1c2a9e-8d3b-4c55-9a0e-2b7d4f1e8c03"


def b64_of(size: int, fill: int) -> str:
    """Base64 of `size` bytes, as the program writes a salt, nonce, ciphertext or key."""
    return b64(bytes([fill]) * size)


def sample_keyfile() -> KeyFile:
    return KeyFile(
        db_id=DB_ID,
        slots=(
            Slot(kind="recovery", salt=b64_of(16, 1), nonce=b64_of(12, 2), ciphertext=b64_of(80, 3)),
            Slot(
                kind="password",
                salt=b64_of(16, 4),
                nonce=b64_of(12, 5),
                ciphertext=b64_of(96, 6),
                user_id=1,
                username="admin",
                role="admin",
                kdf=TEST_KDF.to_json(),
                device_bound=True,
                device_fingerprint="0123456789abcdef",
                failures=2,
                last_failure=AT.isoformat(),
                public_key=b64_of(32, 7),
            ),
            Slot(
                kind="password",
                salt=b64_of(16, 8),
                nonce=b64_of(12, 9),
                ciphertext=b64_of(96, 10),
                user_id=2,
                username="王老师",
                role="counselor",
                kdf={"t": 4, "m": 262144, "p": 2},
                public_key=b64_of(32, 11),
                care_grant=CareGrant(
                    ephemeral_public=b64_of(32, 12),
                    nonce=b64_of(12, 13),
                    ciphertext=b64_of(48, 14),
                    granted_by=1,
                    granted_at=AT.isoformat(timespec="seconds"),
                ),
            ),
        ),
        audit_head=AuditHead(seq=12, hash="ab" * 32, mac="cd" * 32),
        pending_failures=({"username": "admin", "at": AT.isoformat()},),
    )
