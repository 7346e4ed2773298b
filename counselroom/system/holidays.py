"""The national holiday calendar (法定节假日 and 调休), from the maintained chinese-calendar
package. It knows only the years published so far; for later years it answers None and the
school's own day entries apply."""

from __future__ import annotations

from datetime import date

from counselroom.domain.school.school_days import NationalDay

_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def national_day(day: date) -> NationalDay | None:
    import chinese_calendar

    try:
        holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return None
    label = _NAMES.get(name or "", name or "")
    if holiday and name:
        return NationalDay(True, False, label)
    workday_on_weekend = (not holiday) and day.weekday() >= 5
    return NationalDay(False, workday_on_weekend, label if workday_on_weekend else "")
