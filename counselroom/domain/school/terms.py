"""学年 and 学期: names, codes (2025-2026-1, as the CLI takes them) and sensible default dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from counselroom.domain.errors import ValidationError

TERM_NAMES = {1: "第一学期", 2: "第二学期"}
_CODE = re.compile(r"^(\d{4})-(\d{4})-([12])$")


@dataclass(frozen=True)
class TermDates:
    number: int
    start: date
    end: date


def year_name(start_year: int) -> str:
    return f"{start_year}-{start_year + 1}"


def term_label(year: str, number: int) -> str:
    return f"{year}学年{TERM_NAMES[number]}"


def term_code(year: str, number: int) -> str:
    return f"{year}-{number}"


def parse_term_code(code: str) -> tuple[str, int]:
    match = _CODE.match(code.strip())
    if not match or int(match[2]) != int(match[1]) + 1:
        raise ValidationError(f"学期应写成 2025-2026-1 的形式（学年-第几学期），而不是“{code}”", field="学期")
    return f"{match[1]}-{match[2]}", int(match[3])


def default_terms(start_year: int) -> tuple[TermDates, TermDates]:
    """Typical dates; the school corrects them to its own calendar."""
    return (
        TermDates(1, date(start_year, 9, 1), date(start_year + 1, 1, 20)),
        TermDates(2, date(start_year + 1, 2, 20), date(start_year + 1, 7, 10)),
    )


def check_terms(first: TermDates, second: TermDates, start_year: int) -> None:
    for term in (first, second):
        if term.end <= term.start:
            raise ValidationError(f"{TERM_NAMES[term.number]}的结束日期应晚于开始日期", field="学期日期")
    if second.start <= first.end:
        raise ValidationError("第二学期应在第一学期结束之后开始", field="学期日期")
    if not (date(start_year, 7, 1) <= first.start <= date(start_year, 10, 31)):
        raise ValidationError(f"第一学期应在 {start_year} 年秋季开始", field="学期日期")
