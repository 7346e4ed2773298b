"""The columns of another platform's screening export, and how to recognise them.

Platforms (赣鄱心理平台 and others) name columns differently: 学号/学籍号/考号, 用时/作答时长,
item columns as 1, 题1, 第1题, Q1 or "1.做事时提不起劲…". A suggested mapping is only a start:
the counselor checks it, and the one they use is saved for files with the same header row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date

from counselroom.domain.errors import ValidationError
from counselroom.domain.screening.instruments import BUILT_IN, InstrumentSpec

FIELD_NO = "学号"
FIELD_NAME = "姓名"
FIELD_TOTAL = "总分"
FIELD_DURATION = "用时"
FIELD_VALIDITY = "测谎/效度"
FIELD_DATE = "测评日期"
BASE_FIELDS = (FIELD_NO, FIELD_NAME, FIELD_TOTAL, FIELD_DURATION, FIELD_VALIDITY, FIELD_DATE)
MAX_ITEMS = 30

ALIASES: dict[str, tuple[str, ...]] = {
    FIELD_NO: ("学号", "学籍号", "考号", "学生学号", "学生编号", "学生号", "学号/工号"),
    FIELD_NAME: ("姓名", "学生姓名", "名字", "真实姓名"),
    FIELD_TOTAL: ("总分", "总得分", "量表总分", "得分", "总粗分", "原始总分", "分数", "测评得分"),
    FIELD_DURATION: ("用时", "作答时长", "答题时长", "作答用时", "答题用时", "测评用时", "耗时", "时长"),
    FIELD_VALIDITY: ("测谎", "测谎分", "测谎题", "效度", "效度量表", "有效性", "是否有效", "作答有效性", "问卷有效性"),
    FIELD_DATE: ("测评日期", "测试日期", "测评时间", "提交时间", "完成时间", "作答日期", "交卷时间", "日期"),
}


def item_field(number: int) -> str:
    return f"第{number}题"


def item_fields(spec: InstrumentSpec | None) -> tuple[str, ...]:
    """The item fields to map for an instrument (none for a hand-scored scale)."""
    return tuple(item_field(n) for n in range(1, spec.item_count + 1)) if spec else ()


def fields_for(spec: InstrumentSpec | None) -> tuple[str, ...]:
    return BASE_FIELDS + item_fields(spec)


def item_number_of_field(field: str) -> int | None:
    match = re.fullmatch(r"第(\d+)题", field)
    return int(match.group(1)) if match else None


def _plain(header: str) -> str:
    """Compare headers without width, case, spaces, punctuation or a unit in brackets."""
    text = unicodedata.normalize("NFKC", header).upper().replace(" ", "")
    return re.sub(r"\((?:秒|S|分钟|分|MIN)\)$", "", text).rstrip(":*")


_ITEM_PATTERNS = (
    re.compile(r"^第?(\d{1,2})题?$"),
    re.compile(r"^(?:题目?|Q|T|ITEM|题号)[_\-.]?(\d{1,2})$"),
    re.compile(r"^(\d{1,2})[.、:_\-)](?!\d).+"),  # "1.做事时提不起劲或没有兴趣"
)


def item_number(header: str) -> int | None:
    """The item a column holds, from headers like 1, 题1, 第1题, Q1, 1.做事时…"""
    text = _plain(header)
    for pattern in _ITEM_PATTERNS:
        match = pattern.match(text)
        if match and 1 <= int(match.group(1)) <= MAX_ITEMS:
            return int(match.group(1))
    return None


def known_headers() -> set[str]:
    """Every alias, for finding the header row below a title."""
    return {alias for names in ALIASES.values() for alias in names}


def suggest_mapping(headers: Sequence[str]) -> dict[str, str]:
    """field -> header, from the usual names; the first matching column wins."""
    mapping: dict[str, str] = {}
    for field, names in ALIASES.items():
        wanted = {_plain(n) for n in names}
        found = next((h for h in headers if h and _plain(h) in wanted), None)
        if found is not None:
            mapping[field] = found
    for header in headers:
        number = item_number(header) if header and header not in mapping.values() else None
        if number is not None:
            mapping.setdefault(item_field(number), header)
    return mapping


_NAMES = {"PHQ9": "PHQ-9", "GAD7": "GAD-7", "ASQ": "ASQ"}


def guess_instrument(texts: Iterable[str], item_count: int) -> str:
    """A built-in instrument named in the title rows, else one with this many item columns."""
    squashed = unicodedata.normalize("NFKC", " ".join(texts)).upper().replace("-", "").replace(" ", "")
    for key, name in _NAMES.items():
        if key in squashed:
            return name
    by_count = {spec.item_count: spec.code.value for spec in BUILT_IN.values()}
    return by_count.get(item_count, "")


_DATE = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")


def parse_taken_on(text: str, *, today: date) -> date | None:
    """测评日期 as platforms write it (2025-10-09, 2025/10/9 14:03, 2025年10月9日); '' is unknown."""
    cell = unicodedata.normalize("NFKC", text).strip()
    if not cell:
        return None
    match = _DATE.match(cell)
    try:
        day = date(*(int(g) for g in match.groups())) if match else None
    except ValueError:
        day = None
    if day is None:
        raise ValidationError(f"无法识别的日期“{text}”，应如 2025-10-09", field=FIELD_DATE)
    if day > today:
        raise ValidationError(f"测评日期 {day.isoformat()} 晚于今天", field=FIELD_DATE)
    return day
