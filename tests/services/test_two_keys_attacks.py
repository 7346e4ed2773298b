"""Issue #9, tried as a principal with a Python prompt would: only the principal's password and
the key file. A rewritten audit chain is caught by the lead's check; a slot planted for the
lead's account gives no care access; a cut tail is reported until a lead acknowledges it."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import replace
from pathlib import Path

import pytest

from counselroom.domain.audit import GENESIS_HASH, AuditEntry, chain_hash
from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Permission, Role
from counselroom.services.accounts import integrity
from counselroom.services.accounts.session import Session
from counselroom.services.care import warning_list
from counselroom.store import key_slots as ks
from counselroom.store.connection import open_encrypted
from counselroom.store.key_slot_ops import make_password_slot, open_password_slot
from counselroom.store.keyfile import AuditHead, keyfile_path, load_keyfile, save_keyfile
from tests.conftest import FIXED_NOW, PASSWORD, SchoolFixture


def _school_key_of_principal(school: SchoolFixture) -> bytes:
    keyfile = load_keyfile(keyfile_path(school.path))
    slot = keyfile.password_slot("principal")
    assert slot is not None
    return open_password_slot(slot, db_id=keyfile.db_id, password=PASSWORD, device=school.keys.device).school


def _close(*sessions: Session) -> None:
    for session in sessions:
        session.db.close()


def test_a_chain_rewritten_with_the_school_key_is_reported_by_the_leads_check(
    school: SchoolFixture, sessions: dict[Role, Session]
) -> None:
    _close(*sessions.values())
    key = _school_key_of_principal(school)
    # The principal rewrites row 2, rebuilds every later hash and re-signs the key-file head.
    raw = open_encrypted(school.path, key)
    raw.execute("DROP TRIGGER audit_log_no_update")
    columns = "seq, at, user_id, username, role, action, object_type, object_id, outcome, reason, detail"
    rows = raw.execute(f"SELECT {columns} FROM audit_log ORDER BY seq").fetchall()
    previous = GENESIS_HASH
    for row in rows:
        entry = AuditEntry(*row)
        if entry.seq == 2:
            entry = replace(entry, detail="改过的记录")
        digest = chain_hash(previous, entry)
        raw.execute(
            "UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            (entry.detail, previous, digest, entry.seq),
        )
        previous = digest
    raw.close()
    keyfile = load_keyfile(keyfile_path(school.path))
    seq = rows[-1][0]
    mac = hmac.new(key, f"audit-head:{seq}:{previous}".encode(), hashlib.sha256).hexdigest()
    save_keyfile(keyfile_path(school.path), replace(keyfile, audit_head=AuditHead(seq, previous, mac)))

    principal = school.sign_in("principal")  # the key-file head agrees: nothing to see here
    assert principal.warnings == []
    principal.db.close()
    lead = school.sign_in("lead")
    try:
        assert any("锚点不符" in w for w in lead.warnings)
        report = integrity.check_database(lead.db, lead.actor, now=FIXED_NOW)
        assert not report.ok
        assert any("锚点不符" in p for p in report.problems)
    finally:
        lead.db.close()


def test_a_slot_planted_for_the_lead_gives_no_care_access(school: SchoolFixture, sessions: dict[Role, Session]) -> None:
    _close(*sessions.values())
    key = _school_key_of_principal(school)
    keyfile = load_keyfile(keyfile_path(school.path))
    real = keyfile.password_slot("lead")
    assert real is not None
    planted = make_password_slot(
        db_id=keyfile.db_id,
        school_key=key,
        user_id=real.user_id or 0,
        username="lead",
        role=Role.LEAD,
        password="principal-chose-1",
        kdf=ks.TEST_KDF,
        device=school.keys.device,
    )
    # Keep the real grant on it too: it was sealed to another key pair and opens nothing here.
    save_keyfile(keyfile_path(school.path), keyfile.with_slot(replace(planted, care_grant=real.care_grant)))
    intruder = school.sign_in("lead", "principal-chose-1")
    try:
        assert not intruder.db.has_care and not intruder.actor.can(Permission.VIEW_WARNINGS)
        with pytest.raises(AccessDenied):
            warning_list.list_warnings(intruder.db, intruder.actor, now=FIXED_NOW)
        with pytest.raises(Exception):  # noqa: B017 — whatever it is, the care store is not attached
            intruder.db.conn.execute("SELECT count(*) FROM warnings").fetchone()
        assert any("授权无法打开" in w for w in intruder.warnings)
    finally:
        intruder.db.close()


def _cut_tail(path: Path, key: bytes, rows: int) -> int:
    raw = open_encrypted(path, key)
    raw.execute("DROP TRIGGER audit_log_no_delete")
    last = raw.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    raw.execute("DELETE FROM audit_log WHERE seq > ?", (last - rows,))
    raw.close()
    return int(last - rows + 1)


def test_a_cut_tail_is_reported_until_a_lead_acknowledges_it(
    school: SchoolFixture, sessions: dict[Role, Session]
) -> None:
    _close(*sessions.values())
    first_missing = _cut_tail(school.path, _school_key_of_principal(school), rows=3)
    seen = school.sign_in("principal")  # the sign-in that notices it, and records it in the chain
    assert any(f"缺少第 {first_missing} 条" in w for w in seen.warnings)
    seen.db.close()
    school.sign_in("principal").db.close()  # one more sign-in: the key file's head has moved on
    lead = school.sign_in("lead")
    try:
        assert any("锚点不符" in w for w in lead.warnings)  # the care store's anchor was in the cut rows
        report = integrity.check_database(lead.db, lead.actor, now=FIXED_NOW)
        assert any(f"缺少第 {first_missing} 条" in p for p in report.problems), report.problems
        assert not integrity.check_database(lead.db, lead.actor, now=FIXED_NOW).ok  # still, the next time
        with pytest.raises(ValidationError):
            integrity.acknowledge_audit_breaks(lead.db, lead.actor, note=" ", now=FIXED_NOW)
        assert integrity.acknowledge_audit_breaks(lead.db, lead.actor, note="已核实：测试删除", now=FIXED_NOW) == 2
        assert integrity.check_database(lead.db, lead.actor, now=FIXED_NOW).ok
    finally:
        lead.db.close()


def test_the_principals_counts_are_rechecked_by_the_lead(school: SchoolFixture, sessions: dict[Role, Session]) -> None:
    _close(*sessions.values())
    key = _school_key_of_principal(school)
    raw = open_encrypted(school.path, key)
    raw.execute("INSERT INTO care_counts (kind, dims, count) VALUES ('warnings_open', '{\"grade\": \"初一\"}', 0)")
    raw.execute("UPDATE care_counts SET count = 7")  # a principal makes the numbers look different
    raw.close()
    lead = school.sign_in("lead")
    try:
        report = integrity.check_database(lead.db, lead.actor, now=FIXED_NOW)
        assert any("汇总统计与重新计数不符" in p for p in report.problems)
        assert integrity.check_database(lead.db, lead.actor, now=FIXED_NOW).ok  # refreshed by the first check
    finally:
        lead.db.close()


def test_a_key_file_stripped_of_its_audit_head_is_reported_at_sign_in(
    school: SchoolFixture, sessions: dict[Role, Session]
) -> None:
    _close(*sessions.values())
    keyfile = load_keyfile(keyfile_path(school.path))
    save_keyfile(keyfile_path(school.path), replace(keyfile, audit_head=None))
    session = school.sign_in("principal")
    try:
        assert any("没有审计日志头记录" in w for w in session.warnings)
    finally:
        session.db.close()
