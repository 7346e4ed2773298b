"""Dates as the teachers write them (UX.md): 2025年9月1日 周一 in text, 2025-09-01 in tables."""

from __future__ import annotations

from datetime import date

_WEEKDAYS = "一二三四五六日"


def long_date(day: date | None) -> str:
    if day is None:
        return "—"
    return f"{day.year}年{day.month}月{day.day}日 周{_WEEKDAYS[day.weekday()]}"


def short_date(day: date | None) -> str:
    return day.isoformat() if day else ""
