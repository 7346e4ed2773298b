"""Students' pseudonyms in de-identified exports (SECURITY.md 11).

pseudonym = the first 12 hex digits (48 bits) of HMAC-SHA256(secret, "student:<id>"), upper case,
in three groups of four: `3F9A-0C12-7B44`. The secret is 32 random bytes kept in the care store
(`care_meta.pseudonym_secret`, hex), so the same student has the same pseudonym in every export
of this school, and nobody without the care key — a principal, an admin, the district reading the
file — can compute one from a name or an id. 48 bits leave a collision among 50,000 students at
about 1 in 200,000 (n² / 2·2⁴⁸); the export checks and says so if it ever happens.
"""

from __future__ import annotations

import hashlib
import hmac

SECRET_BYTES = 32
DIGITS = 12


def pseudonym(secret: bytes, student_id: int) -> str:
    if len(secret) != SECRET_BYTES:
        raise ValueError("the pseudonym secret must be 32 bytes")
    digest = hmac.new(secret, f"student:{int(student_id)}".encode(), hashlib.sha256).hexdigest().upper()
    short = digest[:DIGITS]
    return "-".join(short[i : i + 4] for i in range(0, DIGITS, 4))
