"""The two tables a door roster can show: the weekly pattern, or a month grid of days."""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, time
from html import escape
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table

from counselroom.domain.school.school_days import WEEKDAYS, Period
from counselroom.reports.pdf_fonts import style
from counselroom.reports.pdf_pages import plain, table_style, time_range

if TYPE_CHECKING:
    from counselroom.reports.door_rota import DutySlot

HEAD_FILL = colors.HexColor("#e8eef4")
WEEKEND_FILL = colors.HexColor("#f4f4f4")
GRID = colors.HexColor("#888888")
CLOSED_INK = "#b03a2e"
UNSTAFFED = "待定"
GRID_HEIGHT = 144 * mm  # what is left for the weeks between the heading and the hotline box


def weekly_table(
    hours: Sequence[Period], pattern: Mapping[tuple[int, time, time], tuple[str, ...]], *, width: float
) -> Table:
    """Rows are the distinct periods, columns the weekdays the room opens; "—" where it does not."""
    days = sorted({p.weekday for p in hours})
    spans = sorted({(p.start, p.end) for p in hours})
    head, when = style("wk-head", 13, align=TA_CENTER), style("wk-time", 12)
    names = style("wk-name", 15, align=TA_CENTER)
    rows: list[list[object]] = [[Paragraph("时段", head), *(Paragraph(f"周{WEEKDAYS[d]}", head) for d in days)]]
    for start, end in spans:
        cells = [_weekly_cell(pattern, (d, start, end), names) for d in days]
        rows.append([Paragraph(time_range(start, end), when), *cells])
    first = 30 * mm
    table = Table(rows, colWidths=[first, *[(width - first) / max(len(days), 1)] * len(days)])
    table.setStyle(
        table_style(
            ("GRID", (0, 0), (-1, -1), 0.6, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 7),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
            ("TOPPADDING", (0, 1), (-1, -1), 14),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 16),
        )
    )
    return table


def _weekly_cell(
    pattern: Mapping[tuple[int, time, time], tuple[str, ...]], key: tuple[int, time, time], names: ParagraphStyle
) -> Paragraph:
    if key not in pattern:
        return Paragraph("—", names)
    return plain("、".join(pattern[key]) or UNSTAFFED, names)


def month_grid(
    year: int,
    month: int,
    first: date,
    last: date,
    slots: Sequence[DutySlot],
    hours: Sequence[Period],
    closed: Mapping[date, str],
    *,
    width: float,
) -> Table:
    """A calendar month, Monday first; each day lists its periods' start times and who is on duty."""
    by_day: dict[date, list[DutySlot]] = defaultdict(list)
    for slot in slots:
        by_day[slot.day].append(slot)
    opens = {p.weekday for p in hours}
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    head, cell = style("mg-head", 11, align=TA_CENTER), style("mg-cell", 8.5, leading=11)
    rows: list[list[object]] = [[Paragraph(f"周{w}", head) for w in WEEKDAYS]]
    for week in weeks:
        rows.append(
            [
                Paragraph(_day_markup(d, month, first, last, by_day[d], d.weekday() in opens, closed.get(d)), cell)
                for d in week
            ]
        )
    table = Table(
        rows, colWidths=[width / 7] * 7, rowHeights=[8 * mm, *[min(28 * mm, GRID_HEIGHT / len(weeks))] * len(weeks)]
    )
    table.setStyle(
        table_style(
            ("GRID", (0, 0), (-1, -1), 0.6, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
            ("BACKGROUND", (5, 1), (6, -1), WEEKEND_FILL),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
            ("VALIGN", (0, 1), (-1, -1), "TOP"),
        )
    )
    return table


def _day_markup(
    day: date, month: int, first: date, last: date, slots: Sequence[DutySlot], opens: bool, closed_reason: str | None
) -> str:
    if day.month != month:
        return ""  # the neighbouring month's days stay empty: that month has its own page
    number = f'<font size="11" color="{"#222222" if first <= day <= last else "#aaaaaa"}">{day.day}</font>'
    if not first <= day <= last:
        return number
    if closed_reason:
        return f'{number}<br/><font size="10" color="{CLOSED_INK}">{escape(closed_reason)}</font>'
    lines = [f"{s.start:%H:%M} {escape('、'.join(s.staff) or UNSTAFFED)}" for s in sorted(slots, key=lambda s: s.start)]
    if not lines and opens:
        lines = [UNSTAFFED]
    return "<br/>".join([number, *lines])
