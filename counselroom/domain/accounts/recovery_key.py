"""The printed recovery key: random bytes shown as base32 groups with a checksum.

A typo is caught by the checksum before any key derivation runs, so the teacher is told
"抄错了" rather than "密钥错误".
"""

from __future__ import annotations

import base64
import hashlib

from counselroom.domain.errors import ValidationError

PAYLOAD_BYTES = 23  # 184 bits of entropy
CHECKSUM_BYTES = 2  # 25 bytes in all -> exactly 40 base32 characters, 10 groups of 4
GROUP = 4

# Characters a person may read or type for a base32 one (no 0, 1, 8 in the alphabet).
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def _checksum(payload: bytes) -> bytes:
    return hashlib.sha256(b"counselroom-recovery" + payload).digest()[:CHECKSUM_BYTES]


def format_recovery_key(payload: bytes) -> str:
    """Render payload bytes as `ABCD-EFGH-…` with the checksum folded in."""
    if len(payload) != PAYLOAD_BYTES:
        raise ValueError("recovery payload must be 23 bytes")
    text = base64.b32encode(payload + _checksum(payload)).decode("ascii")
    return "-".join(text[i : i + GROUP] for i in range(0, len(text), GROUP))


def parse_recovery_key(text: str) -> bytes:
    """Return the payload bytes of a typed recovery key, or raise a Chinese error."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_LOOKALIKES)
    expected = (PAYLOAD_BYTES + CHECKSUM_BYTES) * 8 // 5
    if len(cleaned) != expected:
        raise ValidationError(
            f"恢复密钥应为 {expected} 个字符（10 组，每组 4 个），现在是 {len(cleaned)} 个",
            field="恢复密钥",
        )
    try:
        raw = base64.b32decode(cleaned)
    except ValueError as exc:
        raise ValidationError("恢复密钥含有无效字符，只应有字母 A–Z 和数字 2–7", field="恢复密钥") from exc
    payload, checksum = raw[:PAYLOAD_BYTES], raw[PAYLOAD_BYTES:]
    if _checksum(payload) != checksum:
        raise ValidationError("恢复密钥校验不通过，请逐组核对是否抄错", field="恢复密钥")
    return payload
