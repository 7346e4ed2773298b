"""合作机构: the hospitals and agencies the school refers to (S003 item 24: 定点合作, 绿色通道; S004:
专业心理咨询机构或医学心理诊治部门). School information, not about students."""

from __future__ import annotations

import enum


class PartnerKind(enum.StrEnum):
    """The words partners.kind keeps (its CHECK constraint lists the same two)."""

    HOSPITAL = "医院"
    AGENCY = "机构"


DESIGNATED_LABEL = "定点合作"
GREEN_CHANNEL_LABEL = "绿色通道"


def partner_label(name: str, *, designated: bool, contact: str, phone: str) -> str:
    """How a choice list and a referral show a partner: 某医院（定点合作，绿色通道：李医生 0791-…）."""
    marks = [DESIGNATED_LABEL] if designated else []
    if contact or phone:
        marks.append(f"{GREEN_CHANNEL_LABEL}：{contact} {phone}".strip())
    return f"{name}（{'，'.join(marks)}）" if marks else name
