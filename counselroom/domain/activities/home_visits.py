"""家访: in person, by phone or 微信 (S004 "通过实地或电话、微信等方式家访"), and what a visit covers.

S001 counts families ("每学期对每个家庭至少家访 1 次": siblings at the school share one visit),
S004 counts students ("班主任及任课教师团队每学期至少…家访 1 次"). Which one a school works to is its
profile's rule `home_visits.count` (its `per`). A family is recognised by its primary guardian's
phone number: two students whose 第一监护人 has the same number are one family."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping


class VisitMode(enum.StrEnum):
    IN_PERSON = "实地"
    PHONE = "电话"
    WECHAT = "微信"


class VisitUnit(enum.StrEnum):
    FAMILY = "家庭"
    STUDENT = "学生"


_DIGITS = re.compile(r"\D")


def family_key(student_id: int, primary_phone: str | None) -> str:
    """The family a student belongs to: their primary guardian's phone digits, or the student
    alone when no phone is on file (never merged with another family by an empty number)."""
    digits = _DIGITS.sub("", primary_phone or "")
    return f"tel:{digits}" if len(digits) >= 7 else f"student:{student_id}"


def families(phones: Mapping[int, str | None]) -> dict[str, set[int]]:
    """student id → phone, grouped into families (family key → the students in it)."""
    found: dict[str, set[int]] = {}
    for student_id, phone in phones.items():
        found.setdefault(family_key(student_id, phone), set()).add(student_id)
    return found


def visited_units(unit: VisitUnit, members: Mapping[str, set[int]], visited: Iterable[int]) -> set[str]:
    """Which units (family keys, or student ids as text) a set of visited students covers."""
    seen = set(visited)
    if unit is VisitUnit.STUDENT:
        return {str(s) for students in members.values() for s in students if s in seen}
    return {key for key, students in members.items() if students & seen}
