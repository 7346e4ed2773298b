"""Role-matrix rows for confirming and revoking care access (SECURITY.md 3a)."""

from __future__ import annotations

import itertools
from typing import Any

from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts import accounts, care_access, integrity
from counselroom.services.accounts.session import Session
from counselroom.services.accounts.sign_in import sign_in
from counselroom.store import users
from tests.conftest import FIXED_NOW, PASSWORD
from tests.full_access import RECOVERY_KEYS

_names = itertools.count()


def throwaway_counselor(admin: Session, keys: Any) -> tuple[int, str]:
    """A new counselor account with a temporary password: (user id, user name)."""
    name = f"colleague{next(_names)}"
    accounts.add_account(
        admin.db, admin.actor, username=name, display_name=name, role=Role.COUNSELOR, password=PASSWORD,
        now=FIXED_NOW, keys=keys,
    )  # fmt: skip
    row = users.by_username(admin.db.conn, name)
    assert row is not None
    return row.id, name


def colleague_with_own_password(all_: dict[Role, Session], keys: Any) -> int:
    """A counselor account whose owner has set their own password: ready to be confirmed."""
    admin = all_[Role.ADMIN]
    user_id, name = throwaway_counselor(admin, keys)
    own = sign_in(admin.db.path, name, PASSWORD, now=FIXED_NOW, keys=keys)
    accounts.change_own_password(
        own.db, own.actor, old_password=PASSWORD, new_password=PASSWORD + "-own", now=FIXED_NOW, keys=keys
    )
    own.db.close()
    for session in all_.values():
        session.db.reload_keyfile()
    return user_id


def _confirm(s: Session, all_: dict[Role, Session], keys: Any) -> object:
    return care_access.confirm_care_access(
        s.db, s.actor, user_id=colleague_with_own_password(all_, keys), now=FIXED_NOW
    )


def _confirm_with_recovery(s: Session, all_: dict[Role, Session], keys: Any) -> object:
    user_id = colleague_with_own_password(all_, keys)
    key = RECOVERY_KEYS[s.db.path]
    return care_access.confirm_with_recovery_key(s.db, s.actor, user_id=user_id, recovery_key=key, now=FIXED_NOW)


def _revoke(s: Session, all_: dict[Role, Session], keys: Any) -> object:
    user_id = colleague_with_own_password(all_, keys)
    lead = all_[Role.LEAD]
    care_access.confirm_care_access(lead.db, lead.actor, user_id=user_id, now=FIXED_NOW)
    s.db.reload_keyfile()
    return care_access.revoke_care_access(s.db, s.actor, user_id=user_id, now=FIXED_NOW)


def _acknowledge(s: Session, all_: dict[Role, Session], keys: Any) -> object:
    try:
        return integrity.acknowledge_audit_breaks(s.db, s.actor, note="已核实", now=FIXED_NOW)
    except ValidationError:  # allowed, with nothing to acknowledge
        return None


CARE_ACCESS_MATRIX = {
    "accounts.own_keys": (frozenset(Role), lambda s, all_, k: accounts.own_keys(s.db, s.actor, now=FIXED_NOW)),
    "integrity.acknowledge_audit_breaks": (frozenset({Role.LEAD}), _acknowledge),
    "care_access.confirm_care_access": (frozenset({Role.LEAD}), _confirm),
    "care_access.confirm_with_recovery_key": (frozenset({Role.ADMIN, Role.LEAD}), _confirm_with_recovery),
    "care_access.revoke_care_access": (frozenset({Role.LEAD}), _revoke),
}
