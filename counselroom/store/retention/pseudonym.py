"""A student's pseudonym: HMAC-SHA256 of their id under the care store's pseudonym secret.

Only a holder of the care key can compute it, and it says nothing of the student to anyone else:
the audit row of a purge names the student this way (SECURITY.md 25), never by name or id.
"""

from __future__ import annotations

import hashlib
import hmac

from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_one


def student_pseudonym(conn: Connection, student_id: int) -> str:
    row = fetch_one(conn, "SELECT value FROM care.care_meta WHERE name = 'pseudonym_secret'")
    if row is None:
        raise RuntimeError("care store has no pseudonym secret")
    digest = hmac.new(bytes.fromhex(str(row["value"])), f"student:{int(student_id)}".encode(), hashlib.sha256)
    return digest.hexdigest()[:16]
