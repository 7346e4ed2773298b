"""The audit hash chain rule (SECURITY.md 9): any change of any field changes the hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, fields, replace

import pytest

from counselroom.domain.audit import (
    AUDIT_LABELS,
    GENESIS_HASH,
    AuditAction,
    AuditEntry,
    Outcome,
    chain_hash,
)

ENTRY = AuditEntry(
    seq=7,
    at="2025-10-13T09:30:00",
    user_id=3,
    username="wang",
    role="counselor",
    action="note_opened",
    object_type="note",
    object_id="42",
    outcome="ok",
    reason="复诊前查阅",
    detail="",
)
PREV = hashlib.sha256(b"previous").hexdigest()

CHANGED = {
    "seq": 8,
    "at": "2025-10-13T09:30:01",
    "user_id": None,
    "username": "wang2",
    "role": "lead",
    "action": "case_opened",
    "object_type": "case",
    "object_id": "43",
    "outcome": "denied",
    "reason": "复诊前查阅。",
    "detail": " ",
}


def test_every_field_is_covered_by_a_change_below() -> None:
    assert set(CHANGED) == {f.name for f in fields(AuditEntry)}


@pytest.mark.parametrize("name", sorted(CHANGED))
def test_changing_any_field_changes_the_hash(name: str) -> None:
    original = chain_hash(PREV, ENTRY)
    changed = replace(ENTRY, **{name: CHANGED[name]})
    assert chain_hash(PREV, changed) != original


def test_user_id_zero_and_none_differ() -> None:
    zero, none = replace(ENTRY, user_id=0), replace(ENTRY, user_id=None)
    assert chain_hash(PREV, zero) != chain_hash(PREV, none)


def test_number_and_text_of_the_same_digits_differ() -> None:
    assert chain_hash(PREV, replace(ENTRY, user_id=42)) != chain_hash(
        PREV,
        replace(ENTRY, user_id="42"),  # type: ignore[arg-type]
    )


def test_moving_text_between_fields_changes_the_hash() -> None:
    a = replace(ENTRY, reason="ab", detail="")
    b = replace(ENTRY, reason="a", detail="b")
    assert chain_hash(PREV, a) != chain_hash(PREV, b)


def test_changing_the_previous_hash_changes_the_hash() -> None:
    other_prev = PREV[:-1] + ("0" if PREV[-1] != "0" else "1")
    assert chain_hash(PREV, ENTRY) != chain_hash(other_prev, ENTRY)
    assert chain_hash(GENESIS_HASH, ENTRY) != chain_hash(PREV, ENTRY)


def test_hash_is_deterministic_sha256_hex() -> None:
    digest = chain_hash(PREV, ENTRY)
    assert digest == chain_hash(PREV, AuditEntry(**asdict(ENTRY)))
    assert len(digest) == 64 and int(digest, 16) >= 0


def test_hash_is_sha256_of_previous_hash_and_canonical_row() -> None:
    canonical = json.dumps(asdict(ENTRY), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    expected = hashlib.sha256(PREV.encode() + canonical.encode("utf-8")).hexdigest()
    assert chain_hash(PREV, ENTRY) == expected


def test_genesis_is_sixty_four_zeros() -> None:
    assert GENESIS_HASH == "0" * 64


def test_every_action_and_outcome_has_a_chinese_label() -> None:
    assert set(AUDIT_LABELS) == set(AuditAction)
    for action in AuditAction:
        assert action.label and action.label != action.value
    assert [o.label for o in Outcome] == ["成功", "拒绝", "失败"]
