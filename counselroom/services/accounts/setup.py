"""First run: a new school database, its first admin and the printed recovery key."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from counselroom.domain.accounts.login_policy import check_new_password, check_username
from counselroom.domain.accounts.recovery_key import PAYLOAD_BYTES, format_recovery_key
from counselroom.domain.audit import AuditAction
from counselroom.domain.errors import AlreadyExists, ValidationError
from counselroom.domain.roles import Actor, Role, UserId
from counselroom.services.accounts.session import KeyPolicy, Session
from counselroom.store import audit_log, settings, users
from counselroom.store.care_store import care_store_path
from counselroom.store.database import Database
from counselroom.store.key_slot_ops import make_password_slot, make_recovery_slot
from counselroom.store.key_slots import new_database_key
from counselroom.store.keyfile import KeyFile, keyfile_path, save_keyfile
from counselroom.store.opening import create_stores
from counselroom.store.school import school

FIRST_USER_ID = UserId(1)


@dataclass
class NewSchool:
    session: Session
    recovery_key: str  # shown and printed once; the program never writes it to disk


def create_school(
    db_path: Path,
    *,
    school_name: str,
    admin_username: str,
    admin_password: str,
    admin_display_name: str = "",
    now: datetime,
    keys: KeyPolicy,
) -> NewSchool:
    """Create the encrypted database and key file; the admin is signed in on return."""
    name = school_name.strip()
    if not name:
        raise ValidationError("请填写学校名称", field="学校名称")
    username = check_username(admin_username)
    check_new_password(admin_password, username=username)
    kf_path = keyfile_path(db_path)
    for existing in (db_path, kf_path, care_store_path(db_path)):
        if existing.exists():
            raise AlreadyExists(f"这里已有一所学校的数据：{existing}。请换一个位置，或直接登录。")

    db_id, payload = str(uuid.uuid4()), os.urandom(PAYLOAD_BYTES)
    school_key, care_key = new_database_key(), new_database_key()
    display = admin_display_name.strip() or username
    keyfile = KeyFile(
        db_id=db_id,
        slots=(
            # Only the recovery slot holds the care key at first: a lead gets it through the
            # recovery key, then confirms colleagues (services/accounts/care_access).
            make_recovery_slot(db_id=db_id, school_key=school_key, care_key=care_key, payload=payload),
            make_password_slot(
                db_id=db_id,
                school_key=school_key,
                user_id=FIRST_USER_ID,
                username=username,
                role=Role.ADMIN,
                password=admin_password,
                kdf=keys.kdf,
                device=keys.device,
            ),
        ),
    )
    db_path.parent.mkdir(parents=True, exist_ok=True)
    save_keyfile(kf_path, keyfile)
    try:
        db = Database(db_path, create_stores(db_path, school_key, care_key, db_id=db_id), school_key, keyfile)
        actor = Actor(FIRST_USER_ID, username, display, Role.ADMIN)
        with db.transaction() as conn:
            settings.set_meta(conn, "db_id", db_id)
            school.insert_school(conn, name=name, now=now)
            user_id = users.insert(conn, username=username, display_name=display, role=Role.ADMIN, now=now)
            assert user_id == FIRST_USER_ID
            audit_log.append(conn, at=now, actor=actor, action=AuditAction.SCHOOL_CREATED)
            audit_log.append(
                conn, at=now, actor=actor, action=AuditAction.ACCOUNT_CREATED, object_type="user", object_id=user_id
            )
    except BaseException:
        # Only what this call created is removed; nothing existed here before.
        for created in (
            db_path,
            kf_path,
            *_sidecars(db_path),
            care_store_path(db_path),
            *_sidecars(care_store_path(db_path)),
        ):
            created.unlink(missing_ok=True)
        raise
    return NewSchool(Session(db, actor), format_recovery_key(payload))


def _sidecars(db_path: Path) -> list[Path]:
    return [db_path.with_name(db_path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]
