"""Is a questionnaire worth reading? Checks for invalid answer sheets (无效问卷), and notes
for the counselor on sheets that are valid but worth a second look.

An invalid result is kept, with its reason, so the counselor can see it and re-test the
student; its total is not promoted to a warning proposal — but a risk answer on it still is
(instruments.propose_level): a risk answer always reaches a person. The checks are simple and
explainable to a teacher: answered too fast, a failed lie/validity item where the platform's
file has one.

The same answer throughout is *not* a reason to reject a sheet: the built-in scales (PHQ-9,
GAD-7) have no reversed items, so all 0 (no complaints, as most of a school honestly answers)
and all 3 (every symptom nearly every day) are both possible. Both directions get the same
review note the counselor sees (`review_notes`), and neither is invalid.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence

from counselroom.domain.errors import ValidationError

MIN_SECONDS_PER_ITEM = 2  # reading a PHQ-9 item and choosing takes longer than this
STRAIGHT_LINE_MIN_ITEMS = 7  # on shorter forms the same answer throughout is plausible

# Words platforms write in a 测谎/效度 column. "是/否" is read as an answer to 是否有效.
_VALID_WORDS = frozenset({"有效", "通过", "正常", "合格", "可信", "无异常", "是"})
_INVALID_WORDS = frozenset({"无效", "未通过", "不通过", "不合格", "不可信", "可疑", "异常", "废卷", "作答无效", "否"})


def min_duration(item_count: int) -> int:
    return item_count * MIN_SECONDS_PER_ITEM


def too_fast(duration_seconds: int | None, item_count: int) -> str:
    if duration_seconds is None or item_count <= 0:
        return ""
    least = min_duration(item_count)
    if duration_seconds < least:
        return f"作答过快（用时 {duration_seconds} 秒，{item_count} 题至少应 {least} 秒）"
    return ""


def straight_lined(answers: Sequence[int | None]) -> str:
    """A review note when every item has the same answer on a form long enough for that to be
    worth a look — in both directions (all 0 and all 3 alike); '' otherwise."""
    if len(answers) < STRAIGHT_LINE_MIN_ITEMS or any(a is None for a in answers):
        return ""
    if len(set(answers)) == 1:
        return f"全部 {len(answers)} 题都选择了同一答案（规律作答），请核实是否认真作答"
    return ""


def review_notes(answers: Sequence[int | None]) -> tuple[str, ...]:
    """What the counselor should check on a sheet that is still valid (shown, never rejecting)."""
    note = straight_lined(answers)
    return (note,) if note else ()


def validity_failed(value: str, *, lie_max: float | None = None) -> str:
    """A platform's 测谎/效度 cell: a word (有效/无效, 通过/未通过…) or a lie score."""
    cell = unicodedata.normalize("NFKC", value).strip()
    if not cell or cell in _VALID_WORDS:
        return ""
    if cell in _INVALID_WORDS:
        return f"测谎/效度题未通过（“{cell}”）"
    score = _number(cell)
    if score is None:
        raise ValidationError(f"无法识别的效度值“{value}”，应为 有效/无效、通过/未通过 或测谎分", field="测谎/效度")
    if lie_max is None:
        raise ValidationError("效度列是分数：请给出测谎分的上限（高于上限为无效问卷）", field="测谎/效度")
    return f"测谎分 {cell} 高于上限 {lie_max:g}" if score > lie_max else ""


def invalid_reason(
    *,
    item_count: int,
    duration_seconds: int | None = None,
    validity: str = "",
    lie_max: float | None = None,
) -> str:
    """'' for a valid questionnaire, else every reason it is not, joined for display."""
    reasons = [too_fast(duration_seconds, item_count), validity_failed(validity, lie_max=lie_max)]
    return "；".join(r for r in reasons if r)


_CLOCK = re.compile(r"^(?:(\d+):)?(\d+):(\d{1,2})$")
_WORDED = re.compile(r"^(?:(\d+)(?:小时|时))?(?:(\d+)(?:分钟|分))?(?:(\d+)秒?)?$")


def parse_duration(text: str, *, minutes: bool = False) -> int | None:
    """用时 in seconds, as platforms write it: 95, 95秒, 1:35, 00:01:35, 1分35秒; '' is unknown.
    A bare number counts as minutes when the column says so (用时(分钟))."""
    cell = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if not cell:
        return None
    number = _number(cell.removesuffix("s"))
    if number is not None and number >= 0:
        return round(number * 60 if minutes else number)
    match = _CLOCK.match(cell) or _WORDED.match(cell)
    if match is None or not any(match.groups()):
        raise ValidationError(f"无法识别的用时“{text}”，应为秒数或 分:秒（如 95 或 1:35）", field="用时")
    hours, mins, seconds = (int(g) if g else 0 for g in match.groups())
    return hours * 3600 + mins * 60 + seconds


def _number(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None
