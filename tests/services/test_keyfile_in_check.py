"""`counselroom check` reports what the key file lacks (SECURITY.md 27): the recovery slot, without
which a lost password is data loss, and the audit head, without which a cut tail does not show."""

from __future__ import annotations

import json
from dataclasses import replace

from counselroom.services.accounts.integrity import NO_AUDIT_HEAD, NO_RECOVERY_SLOT, check_database
from counselroom.store.keyfile import keyfile_path, load_keyfile, save_keyfile
from tests.conftest import FIXED_NOW, SchoolFixture


def _without_head(school: SchoolFixture) -> None:
    path = keyfile_path(school.path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["audit_head"] is not None
    data["audit_head"] = None
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_an_intact_key_file_gives_neither_problem(school: SchoolFixture) -> None:
    report = check_database(school.admin.db, school.admin.actor, now=FIXED_NOW)
    assert report.ok, report.problems
    session = school.sign_in("lead")
    try:
        report = check_database(session.db, session.actor, now=FIXED_NOW)
    finally:
        session.db.close()
    assert report.ok, report.problems


def test_a_missing_recovery_slot_is_reported(school: SchoolFixture) -> None:
    path = keyfile_path(school.path)
    keyfile = load_keyfile(path)
    save_keyfile(path, replace(keyfile, slots=tuple(s for s in keyfile.slots if s.kind != "recovery")))
    report = check_database(school.admin.db, school.admin.actor, now=FIXED_NOW)
    assert not report.ok
    assert NO_RECOVERY_SLOT in report.problems
    assert NO_AUDIT_HEAD not in report.problems


def test_an_audit_head_missing_at_sign_in_is_reported_although_the_sign_in_wrote_one(school: SchoolFixture) -> None:
    """The session's first write puts a head back: check must still say the key file had none."""
    school.admin.db.close()
    _without_head(school)
    session = school.sign_in("admin")
    try:
        assert load_keyfile(keyfile_path(school.path)).audit_head is not None  # written again by the sign-in
        report = check_database(session.db, session.actor, now=FIXED_NOW)
    finally:
        session.db.close()
    assert not report.ok
    assert NO_AUDIT_HEAD in report.problems
    assert NO_RECOVERY_SLOT not in report.problems


def test_an_audit_head_removed_during_a_session_is_reported(school: SchoolFixture) -> None:
    _without_head(school)
    report = check_database(school.admin.db, school.admin.actor, now=FIXED_NOW)
    assert not report.ok
    assert NO_AUDIT_HEAD in report.problems
