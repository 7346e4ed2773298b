"""Upgrading a single-key database (key file version 1) to two stores at the first lead sign-in
(issue #9 item 6, docs/security-design.md §6).

Order matters, so that no step can lose the care data or leave it readable with the school key:
1. an encrypted copy of the whole database first, keyed with the new care key (it holds care
   data: a school-key holder must not open it); earlier upgrade copies are rekeyed the same way;
2. the key file (version 2): the lead's slot with a key pair and a grant, and a recovery slot
   holding both keys under a new recovery key — written before any row moves, so the care key
   is never only in memory;
3. one transaction over both files moves the care tables (store/care_store.py), then the school
   store is vacuumed. A crash between 2 and 3 is finished at the next care-key sign-in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from counselroom.domain.accounts.recovery_key import PAYLOAD_BYTES, format_recovery_key
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import KeyPolicy
from counselroom.store import migrations
from counselroom.store.connection import Connection
from counselroom.store.key_slot_ops import grant_care, make_password_slot, make_recovery_slot
from counselroom.store.key_slots import KdfParams, new_database_key
from counselroom.store.keyfile import VERSION, KeyFile, Slot, keyfile_path, save_keyfile
from counselroom.store.opening import attach_care, export_encrypted_copy, rekey_copy


@dataclass(frozen=True)
class Upgraded:
    care_key: bytes
    recovery_key: str  # shown once, to be printed: the old one no longer opens this key file
    copy: Path


def split_single_key_database(
    conn: Connection,
    db_path: Path,
    keyfile: KeyFile,
    *,
    school_key: bytes,
    lead_slot: Slot,
    password: str,
    keys: KeyPolicy,
    now: datetime,
) -> Upgraded:
    """Steps 1–3 above on an open, migrated single-key database; the lead's password rebuilds
    their slot. Returns the new recovery key and the care key (the session keeps it)."""
    care_key, payload = new_database_key(), os.urandom(PAYLOAD_BYTES)
    copy = db_path.with_name(f"{db_path.name}.before-two-keys-{now.strftime('%Y%m%d-%H%M%S')}.bak")
    export_encrypted_copy(conn, copy, care_key, migrations.schema_version(conn))
    _rekey_older_copies(db_path, school_key, care_key, keep=copy)
    slot = make_password_slot(
        db_id=keyfile.db_id,
        school_key=school_key,
        user_id=lead_slot.user_id or 0,
        username=lead_slot.username,
        role=Role.LEAD,
        password=password,
        kdf=KdfParams.from_json(lead_slot.kdf) if lead_slot.kdf else keys.kdf,
        device=keys.device if lead_slot.device_bound else None,
    )
    slot = grant_care(slot, db_id=keyfile.db_id, care_key=care_key, granted_by=None, at=now)
    recovery = make_recovery_slot(db_id=keyfile.db_id, school_key=school_key, care_key=care_key, payload=payload)
    others = tuple(s for s in keyfile.slots if s.kind == "password" and s.user_id != lead_slot.user_id)
    save_keyfile(
        keyfile_path(db_path),
        KeyFile(keyfile.db_id, (recovery, *others, slot), VERSION, keyfile.audit_head, keyfile.pending_failures),
    )
    attach_care(conn, db_path, care_key, db_id=keyfile.db_id)  # moves the tables, then vacuums
    return Upgraded(care_key, format_recovery_key(payload), copy)


def _rekey_older_copies(db_path: Path, school_key: bytes, care_key: bytes, *, keep: Path) -> None:
    """Copies taken before schema upgrades hold care data under what is now the school key."""
    for old in sorted(db_path.parent.glob(f"{db_path.name}.before-*.bak")):
        if old != keep:
            rekey_copy(old, school_key, care_key)
