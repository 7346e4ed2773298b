"""The duty roster for the counseling room's door (值班表): A4 portrait, teachers' names only.

Why portrait: door holders and notice boards in schools take A4 upright, and a tall page keeps
the weekly table, the opening hours and a large hotline box together at eye level.

Which layout: when every week has the same people in the same periods (closed days aside), a
weekly table says it all in a few lines and stays right for the whole term; otherwise the
roster is drawn as a month grid, one page per month, like the 值班 page on screen. Closed days
show their reason (国庆节, 寒假) in both.

Privacy: the data types hold teachers' names, times and places only; no student appears.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from counselroom.domain.school.hotlines import Hotline
from counselroom.domain.school.school_days import WEEKDAYS, Period
from counselroom.reports.door_rota_tables import month_grid, weekly_table
from counselroom.reports.pdf_fonts import style
from counselroom.reports.pdf_pages import PageDecor, build_pdf, hotline_box, plain, time_range

TITLE = "心理辅导室值班表"
TEXT_WIDTH = A4[0] - 30 * mm
WELCOME = "欢迎同学们在开放时间来访；也可以请班主任或心理委员帮你预约。"
HELP_TITLE = "心理援助热线与联系方式　需要帮助时，请拨打或联系："
SlotKey = tuple[int, time, time]  # (weekday, start, end) of an opening period


@dataclass(frozen=True)
class DutySlot:
    day: date
    start: time
    end: time
    staff: tuple[str, ...]  # teachers on duty, by name


@dataclass(frozen=True)
class ClosedDay:
    day: date
    reason: str  # 国庆节, 寒假, 运动会 …


@dataclass(frozen=True)
class DoorRotaData:
    school_name: str
    period_label: str  # 2025-2026学年第一学期, or 2025年10月
    first_day: date
    last_day: date
    room_location: str  # 行政楼三楼东侧 心理辅导室（阳光驿站）
    opening_hours: tuple[Period, ...]
    slots: tuple[DutySlot, ...]
    closed_days: tuple[ClosedDay, ...] = ()
    hotlines: tuple[Hotline, ...] = ()  # the policy profile's lines (none for 渭南)
    local_numbers: tuple[Hotline, ...] = ()  # the room's own: phone, QQ, 微信, 心理信箱


def build_door_rota(data: DoorRotaData) -> bytes:
    pattern = weekly_pattern(data)
    if pattern is not None:
        pages = [_weekly_page(data, pattern)]
    else:
        pages = [_month_page(data, year, month) for year, month in _months(data.first_day, data.last_day)]
    story: list[Flowable] = []
    for i, page in enumerate(pages):
        story += ([PageBreak()] if i else []) + page
    decor = PageDecor(page_numbers=len(pages) > 1)
    return build_pdf(story, pagesize=A4, title=f"{TITLE} {data.period_label}", decor=decor)


def weekly_pattern(data: DoorRotaData) -> dict[SlotKey, tuple[str, ...]] | None:
    """The weekly pattern, or None when some week differs (or a slot lies outside the hours)."""
    periods = {(p.weekday, p.start, p.end) for p in data.opening_hours}
    if any((s.day.weekday(), s.start, s.end) not in periods for s in data.slots):
        return None  # e.g. a 调休 Saturday: only the month grid can show it
    staffed = {(s.day, s.start, s.end): s.staff for s in data.slots}
    closed = {c.day for c in data.closed_days}
    pattern: dict[SlotKey, tuple[str, ...]] = {}
    for day in _days(data.first_day, data.last_day):
        if day in closed:
            continue
        for weekday, start, end in sorted(k for k in periods if k[0] == day.weekday()):
            staff = staffed.get((day, start, end), ())
            if pattern.setdefault((weekday, start, end), staff) != staff:
                return None
    return pattern


def opening_hours_text(hours: Sequence[Period]) -> str:
    """周一至周五 08:00–11:40、14:00–17:00；周六 08:00–11:40 — consecutive equal days grouped."""
    by_day = {
        d: "、".join(time_range(p.start, p.end) for p in sorted(hours, key=lambda p: p.start) if p.weekday == d)
        for d in range(7)
    }
    groups: list[tuple[int, int, str]] = []
    for d in range(7):
        if by_day[d] and groups and groups[-1][1] == d - 1 and groups[-1][2] == by_day[d]:
            groups[-1] = (groups[-1][0], d, by_day[d])
        elif by_day[d]:
            groups.append((d, d, by_day[d]))
    return "；".join(f"周{WEEKDAYS[a]}" + (f"至周{WEEKDAYS[b]}" if b > a else "") + f" {t}" for a, b, t in groups)


def closed_runs(closed: Sequence[ClosedDay], hours: Sequence[Period]) -> list[str]:
    """10月1日–10月8日 国庆节: a run continues over days the room never opens (weekends)."""
    open_weekdays = {p.weekday for p in hours}
    runs: list[list[ClosedDay]] = []
    for c in sorted(closed, key=lambda c: c.day):
        if runs and runs[-1][-1].reason == c.reason and _only_shut_between(runs[-1][-1].day, c.day, open_weekdays):
            runs[-1].append(c)
        else:
            runs.append([c])
    return [_run_text(run[0].day, run[-1].day, run[0].reason) for run in runs]


def _only_shut_between(a: date, b: date, open_weekdays: set[int]) -> bool:
    return all(d.weekday() not in open_weekdays for d in _days(a + timedelta(1), b - timedelta(1)))


def _run_text(first: date, last: date, reason: str) -> str:
    start = f"{first.year}年{first.month}月{first.day}日"
    if first == last:
        return f"{start} {reason}"
    end = f"{last.month}月{last.day}日" if last.year == first.year else f"{last.year}年{last.month}月{last.day}日"
    return f"{start}–{end} {reason}"


def _heading(data: DoorRotaData, subtitle: str) -> list[Flowable]:
    return [
        Paragraph(TITLE, style("door-title", 24, align=TA_CENTER, space_after=2 * mm)),
        plain(subtitle, style("door-sub", 12, colour="#444444", align=TA_CENTER, space_after=5 * mm)),
        plain(f"地点：{data.room_location}", style("door-line", 11.5, space_after=1 * mm)),
        Paragraph(f"开放时间：{opening_hours_text(data.opening_hours)}", style("door-line2", 11.5)),
        Spacer(1, 4 * mm),
    ]


def _help_box(data: DoorRotaData, number_size: float) -> list[Flowable]:
    lines = (*data.hotlines, *data.local_numbers)
    if not lines:  # a profile without lines (渭南) and no contacts of the room's own yet
        return []
    return [
        Spacer(1, 6 * mm),
        hotline_box(lines, width=TEXT_WIDTH, title=HELP_TITLE, number_size=number_size),
    ]


def _weekly_page(data: DoorRotaData, pattern: dict[SlotKey, tuple[str, ...]]) -> list[Flowable]:
    story = [
        *_heading(data, f"{data.school_name}　{data.period_label}"),
        weekly_table(data.opening_hours, pattern, width=TEXT_WIDTH),
    ]
    runs = closed_runs(data.closed_days, data.opening_hours)
    if runs:
        story += [Spacer(1, 4 * mm), plain("停开日：" + "；".join(runs), style("door-closed", 12))]
    welcome = Paragraph(WELCOME, style("door-welcome", 12, colour="#444444"))
    # A weekly page has room to spare: the hotline numbers get it, large enough to read from the corridor.
    return [*story, Spacer(1, 4 * mm), welcome, *_help_box(data, number_size=26)]


def _month_page(data: DoorRotaData, year: int, month: int) -> list[Flowable]:
    label = f"{year}年{month}月"
    subtitle = f"{data.school_name}　{data.period_label}" + ("" if data.period_label == label else f"　{label}")
    return [
        *_heading(data, subtitle),
        month_grid(
            year,
            month,
            data.first_day,
            data.last_day,
            data.slots,
            data.opening_hours,
            {c.day: c.reason for c in data.closed_days},
            width=TEXT_WIDTH,
        ),
        *_help_box(data, number_size=20),
    ]


def _days(first: date, last: date) -> Iterator[date]:
    for n in range((last - first).days + 1):
        yield first + timedelta(n)


def _months(first: date, last: date) -> list[tuple[int, int]]:
    months, (y, m) = [], (first.year, first.month)
    while (y, m) <= (last.year, last.month):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months
