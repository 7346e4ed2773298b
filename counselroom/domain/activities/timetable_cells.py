"""One timetable cell at a time: the ways schools write 星期 and 节次, and the free-text columns.

Each `parse_*` returns the clean value or raises BadValue with a Chinese reason that the importer
attaches to the row and column (the same BadValue as the student list's cells)."""

from __future__ import annotations

import re

from counselroom.domain.school.class_names import cn_number
from counselroom.domain.students.enrolment_values import BadValue, clean, half_width

__all__ = ["BadValue", "parse_period", "parse_text", "parse_weekday"]

WEEKDAY_NAMES = "一二三四五"
MAX_PERIOD = 12  # lessons.period CHECK (1–12)
MAX_TOPIC = 60
MAX_TEACHER = 30
_PREFIX = re.compile(r"^(星期|礼拜|周)")
_WEEKEND = ("六", "日", "天", "6", "7")


def parse_weekday(text: str) -> int:
    """一 / 周一 / 星期一 / 礼拜一 / 1 → 1 (Monday) … 5 (Friday)."""
    value = _compact(text)
    if not value:
        raise BadValue("星期为空")
    day = _PREFIX.sub("", value)
    if day in _WEEKEND:
        raise BadValue(f"“{text.strip()}”是周末：课表只导入周一至周五的课")
    if len(day) == 1 and day in WEEKDAY_NAMES:
        return WEEKDAY_NAMES.index(day) + 1
    if day.isdigit() and 1 <= int(day) <= 5:
        return int(day)
    raise BadValue(f"无法识别的星期“{text.strip()}”，请填 一至五、周一 或 1–5")


def parse_period(text: str) -> int:
    """第3节 / 3 / 第三节 / 3节 → 3; one 节次 a row (连堂 as two rows)."""
    value = _compact(text)
    if not value:
        raise BadValue("节次为空")
    if re.search(r"\d\s*[-~～、,，至到]\s*\d", value):
        raise BadValue(f"“{text.strip()}”含有多节：每行只填一节，连堂请分成两行")
    number = re.fullmatch(r"第?(\d{1,2}|[一二三四五六七八九十]{1,3})节?课?", value)
    period = cn_number(number[1]) if number else -1
    if not 1 <= period <= MAX_PERIOD:
        raise BadValue(f"无法识别的节次“{text.strip()}”，请填 1–{MAX_PERIOD} 或 第3节 的形式")
    return period


def parse_text(text: str, *, label: str, longest: int) -> str:
    """课题 and 任课教师: trimmed; refused when too long or when it would be a formula in a
    spreadsheet the program writes later (a cell that starts with =)."""
    value = clean(text)
    if value.startswith("="):
        raise BadValue(f"{label}“{value[:20]}”像是 Excel 公式，请改为文字（或删去开头的 =）")
    if len(value) > longest:
        raise BadValue(f"{label}过长（{len(value)} 个字，最多 {longest} 个）")
    return value


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", half_width(text))
