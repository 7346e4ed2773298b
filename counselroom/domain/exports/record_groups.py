"""Per-student records in a de-identified export: who a line could point at (SECURITY.md 11).

A record names no one, but its 学段, 年级 and 性别 narrow it down: in a grade with three girls, a
reader who knows one of them is on the warning list finds her line. So every group of records
that share what the file shows about them must hold more than the threshold (k = threshold + 1,
the usual k-anonymity), and where one would not, the file shows less — the same way for the whole
grade, so the hidden lines do not stand out as the small group:

1. a grade whose students of one gender (any of its genders present) are k or fewer shows no
   性别 for any of its records;
2. a grade of k or fewer students shows neither 年级 nor 性别; its records count towards their
   学段 — and when all such records of a 学段 are still k or fewer, the 学段 is not shown either.

The record never carries the class (a class and a level is a name to that class's teachers) or a
date. Counts on a record (sessions, talks) are given in bands (`count_band`): the exact number of
visits is itself a fingerprint. Threshold 0 generalises nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

HIDDEN = "不显示"
BANDS = ((0, 0, "无"), (1, 2, "1–2 次"), (3, 5, "3–5 次"), (6, 10, "6–10 次"))
ABOVE = "10 次以上"


@dataclass(frozen=True)
class Placement:
    """Where a record sits: what the file shows of it."""

    stage: str  # 初中; HIDDEN
    grade: str  # 初一; HIDDEN
    gender: str  # 男 / 女; HIDDEN


def generalised(places: Sequence[Placement], threshold: int) -> list[Placement]:
    """The placements as the file shows them, in the same order (see the module's rules)."""
    if threshold <= 0:
        return list(places)
    in_grade = Counter((p.stage, p.grade) for p in places)
    by_gender = Counter((p.stage, p.grade, p.gender) for p in places)
    shy_grades = {(s, g) for (s, g, _x), n in by_gender.items() if n <= threshold}
    merged = Counter(p.stage for p in places if in_grade[(p.stage, p.grade)] <= threshold)
    found = []
    for p in places:
        if in_grade[(p.stage, p.grade)] <= threshold:
            stage = p.stage if merged[p.stage] > threshold else HIDDEN
            found.append(Placement(stage, HIDDEN, HIDDEN))
        elif (p.stage, p.grade) in shy_grades:
            found.append(Placement(p.stage, p.grade, HIDDEN))
        else:
            found.append(p)
    return found


def count_band(n: int) -> str:
    """无, 1–2 次, 3–5 次, 6–10 次, 10 次以上."""
    if n < 0:
        raise ValueError(f"a count cannot be negative: {n}")
    return next((label for low, high, label in BANDS if low <= n <= high), ABOVE)
