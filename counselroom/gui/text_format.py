"""Dates as the teachers write them (UX.md): 2025年9月1日 周一 in text, 2025-09-01 in tables; moments
to the minute (2025-09-01 14:05), never with seconds, though the stores keep some to the second."""

from __future__ import annotations

from datetime import date

_WEEKDAYS = "一二三四五六日"


def long_date(day: date | None) -> str:
    if day is None:
        return "—"
    return f"{day.year}年{day.month}月{day.day}日 周{_WEEKDAYS[day.weekday()]}"


def short_date(day: date | None) -> str:
    return day.isoformat() if day else ""


def minute_text(iso: str) -> str:
    """A stored moment, 2025-10-20T14:05 or 2025-10-20T14:05:33, as 2025-10-20 14:05; "" stays ""."""
    return iso.replace("T", " ")[:16]


def signed_text(signed: str) -> str:
    """Who and when, "王老师 2025-10-20T09:00:33", as "王老师 2025-10-20 09:00"; "" stays ""."""
    who, _space, when = signed.rpartition(" ")
    return f"{who} {minute_text(when)}".strip() if when else ""
