"""The printed recovery key (SECURITY.md 3): base32 groups with a checksum that catches typos."""

from __future__ import annotations

import base64
import os
import re

import pytest

from counselroom.domain.accounts.recovery_key import (
    PAYLOAD_BYTES,
    format_recovery_key,
    parse_recovery_key,
)
from counselroom.domain.errors import ValidationError

# Fixed payloads keep the typo sweep deterministic (a 16-bit checksum could, for some
# random key, let one of the 1,240 single-character typos through by chance).
FIXED_PAYLOADS = [
    bytes(range(PAYLOAD_BYTES)),
    bytes.fromhex("9f" * PAYLOAD_BYTES),
    bytes(PAYLOAD_BYTES),
]
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
LOOKALIKE_OF = {"O": "0", "I": "1", "B": "8"}


@pytest.mark.parametrize("payload", [*FIXED_PAYLOADS, os.urandom(PAYLOAD_BYTES)])
def test_round_trip(payload: bytes) -> None:
    text = format_recovery_key(payload)
    assert parse_recovery_key(text) == payload


def test_shape_is_ten_groups_of_four_base32_characters() -> None:
    text = format_recovery_key(os.urandom(PAYLOAD_BYTES))
    assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){9}", text), text


def test_different_payloads_give_different_keys() -> None:
    assert format_recovery_key(FIXED_PAYLOADS[0]) != format_recovery_key(FIXED_PAYLOADS[1])


@pytest.mark.parametrize("size", [0, PAYLOAD_BYTES - 1, PAYLOAD_BYTES + 1])
def test_format_refuses_a_payload_of_the_wrong_size(size: int) -> None:
    with pytest.raises(ValueError):
        format_recovery_key(bytes(size))


@pytest.mark.parametrize("payload", FIXED_PAYLOADS)
def test_a_typo_in_any_one_character_is_caught(payload: bytes) -> None:
    text = format_recovery_key(payload)
    positions = [i for i, ch in enumerate(text) if ch != "-"]
    assert len(positions) == 40
    tried = 0
    for i in positions:
        for wrong in B32:
            if wrong == text[i]:
                continue
            typo = text[:i] + wrong + text[i + 1 :]
            with pytest.raises(ValidationError) as caught:
                parse_recovery_key(typo)
            assert "校验" in caught.value.message, (i, wrong)
            assert caught.value.field == "恢复密钥"
            tried += 1
    assert tried == 40 * 31


def test_two_swapped_groups_are_caught() -> None:
    groups = format_recovery_key(FIXED_PAYLOADS[0]).split("-")
    assert groups[0] != groups[1]
    groups[0], groups[1] = groups[1], groups[0]
    with pytest.raises(ValidationError, match="校验"):
        parse_recovery_key("-".join(groups))


def _payload_with_lookalikes() -> bytes:
    """A fixed payload whose key contains O, I and B (found by a deterministic search)."""
    for n in range(10_000):
        payload = n.to_bytes(4, "big") * 5 + b"OIB"
        text = format_recovery_key(payload)
        if all(ch in text for ch in "OIB"):
            return payload
    raise AssertionError("no payload found")


def test_lookalike_digits_0_1_8_are_read_as_O_I_B() -> None:
    payload = _payload_with_lookalikes()
    text = format_recovery_key(payload)
    typed = "".join(LOOKALIKE_OF.get(ch, ch) for ch in text)
    assert typed != text
    assert all(d in typed for d in "018")
    assert parse_recovery_key(typed) == payload


def test_lowercase_missing_dashes_and_spaces_are_accepted() -> None:
    payload = FIXED_PAYLOADS[0]
    text = format_recovery_key(payload)
    assert parse_recovery_key(text.lower()) == payload
    assert parse_recovery_key(text.replace("-", "")) == payload
    assert parse_recovery_key(text.replace("-", " ")) == payload
    assert parse_recovery_key(f"  {text.lower().replace('-', '')}\n") == payload


@pytest.mark.parametrize("cut", [1, 4])
def test_too_short_says_how_long_it_should_be_in_chinese(cut: int) -> None:
    text = format_recovery_key(FIXED_PAYLOADS[0]).replace("-", "")[:-cut]
    with pytest.raises(ValidationError) as caught:
        parse_recovery_key(text)
    message = caught.value.message
    assert "恢复密钥应为 40 个字符" in message
    assert f"现在是 {40 - cut} 个" in message
    assert caught.value.field == "恢复密钥"


def test_too_long_is_refused_with_the_length() -> None:
    text = format_recovery_key(FIXED_PAYLOADS[0]) + "-AAAA"
    with pytest.raises(ValidationError, match="现在是 44 个"):
        parse_recovery_key(text)


def test_empty_input_is_refused() -> None:
    with pytest.raises(ValidationError, match="现在是 0 个"):
        parse_recovery_key("")


@pytest.mark.parametrize("bad", ["9", "全"])
def test_characters_outside_base32_are_refused_in_chinese(bad: str) -> None:
    text = format_recovery_key(FIXED_PAYLOADS[0]).replace("-", "")
    with pytest.raises(ValidationError) as caught:
        parse_recovery_key(bad + text[1:])
    assert "无效字符" in caught.value.message


def test_decoding_matches_plain_base32_with_checksum_appended() -> None:
    payload = FIXED_PAYLOADS[1]
    raw = base64.b32decode(format_recovery_key(payload).replace("-", ""))
    assert len(raw) == PAYLOAD_BYTES + 2
    assert raw[:PAYLOAD_BYTES] == payload
