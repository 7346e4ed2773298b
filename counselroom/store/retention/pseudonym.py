"""A student's pseudonym in a purge's audit row: the same as in the de-identified exports
(domain/pseudonyms.py — HMAC-SHA256 of the id under the care store's pseudonym secret), so a purged
student reads alike in both. Only a holder of the care key can compute it, and it says nothing of the
student to anyone else (SECURITY.md 25): never a name or an id.
"""

from __future__ import annotations

from counselroom.domain.pseudonyms import pseudonym
from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_one


def student_pseudonym(conn: Connection, student_id: int) -> str:
    row = fetch_one(conn, "SELECT value FROM care.care_meta WHERE name = 'pseudonym_secret'")
    if row is None:
        raise RuntimeError("care store has no pseudonym secret")
    return pseudonym(bytes.fromhex(str(row["value"])), student_id)
