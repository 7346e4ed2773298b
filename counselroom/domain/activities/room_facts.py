"""Room facts (SPEC §2; S001, S004 心理咨询室的建设): the functional areas and their sizes, the four
rules a room keeps in force and on the wall, and the budget line per school year."""

from __future__ import annotations

import enum
import re

from counselroom.domain.errors import ValidationError


class RoomRuleName(enum.StrEnum):
    """The rules the seeds ask a room to have (制度上墙), in this order."""

    GUIDELINES = "辅导规程"
    TEACHER_CODE = "教师守则"
    CRISIS_REFERRAL = "危机干预转介流程"
    CONFIDENTIALITY = "信息保密制度"


# Functional areas the seeds name, offered in the entry form; free text is allowed.
AREA_SUGGESTIONS = ("个体辅导室", "团体辅导室", "心理测评室", "宣泄室", "放松室", "沙盘室", "办公接待区", "阅览区")
AREA_SIZE = (1, 2000)  # m²
MAX_AMOUNT = 100_000_000  # 元
_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


def check_year_name(text: str) -> str:
    """A school year as 2025-2026 (the budget's key)."""
    match = _YEAR.match(text.strip())
    if not match or int(match[2]) != int(match[1]) + 1:
        raise ValidationError(f"学年应写成 2025-2026 的形式，而不是“{text.strip()}”", field="学年")
    return match[0]
