"""The demo school's counseling room: its rooms, weekly opening hours and the school's own days.

- Rooms: two 个别辅导室, a 团体活动室 for twenty and a 沙盘室.
- The policy profile: 江西省 (S003), the province the demo school is in, whose hotlines 12355,
  966525 and 12356 are printed first.
- Where the room is (printed on the door roster and the slips) and the room's own contacts
  after the profile's lines: its phone and the city's line (random digits, like people's) and
  where the 心理信箱 hangs (S004: 热线电话（或QQ、微信等）公开).
- Opening hours as a Jiangxi 完全中学 keeps them: the lunch break (12:10–13:30) and after the
  last lesson (16:40–18:00) every weekday, and Wednesday's early afternoon (14:00–15:30), when
  the school has no lessons for the 活动课 of the clubs.
- The school's own closed days (school_days): every year the 校运会 (two days in late October or
  early November) and the 高考 days, when the school is a 考点 and sends its students home; and
  for the years the national calendar (chinese_calendar) does not know yet, the public holidays
  as a school types them in from the State Council's notice — the lunar ones from a short table,
  the others by their fixed dates. 调休 workdays are not guessed: a school adds them when the
  notice comes out. 寒假 and 暑假 need no entries: they lie outside the terms.

The terms themselves are demo.py's (written with the enrolment); nothing here changes them.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, time, timedelta

from counselroom.domain.school.school_days import Period, SchoolDay
from counselroom.services.printing.print_data import ROOM_LOCATION_KEY
from counselroom.services.school.hotlines import SETTING_KEY as HOTLINES_KEY
from counselroom.store import settings
from counselroom.store.connection import Connection
from counselroom.store.school import rooms, school
from counselroom.system.holidays import national_day

INDIVIDUAL_ROOMS = ("个别辅导室一", "个别辅导室二")
GROUP_ROOM = "团体活动室"
SANDPLAY_ROOM = "沙盘室"
ROOMS = (
    (INDIVIDUAL_ROOMS[0], "个别辅导室", 3),
    (INDIVIDUAL_ROOMS[1], "个别辅导室", 3),
    (GROUP_ROOM, "团体活动室", 20),
    (SANDPLAY_ROOM, "沙盘室", 4),
)

LUNCH = (time(12, 10), time(13, 30))
AFTER_SCHOOL = (time(16, 40), time(18, 0))
WEDNESDAY_AFTERNOON = (time(14, 0), time(15, 30))
OPENING_HOURS = tuple(
    sorted(
        [Period(d, *LUNCH) for d in range(5)]
        + [Period(d, *AFTER_SCHOOL) for d in range(5)]
        + [Period(2, *WEDNESDAY_AFTERNOON)],
        key=lambda p: (p.weekday, p.start),
    )
)

LOCATION = "行政楼三楼东侧 心理辅导室（阳光驿站）"
MAILBOX = "教学楼一楼大厅东侧"
PROFILE = "jiangxi"  # the demo school is in 江西 (赣江市, a made-up city with the 0790 area code)
SPORTS_MEET = "校运会"
GAOKAO = "高考（本校设考点）"

# 春节, 端午, 中秋 (month, day) for the years after chinese_calendar 1.11's last (2026), from the
# lunar calendar; 清明 follows the solar term (4 April when year % 4 is 0 or 1, else 5 April,
# true for 2024–2041). Later years get only the holidays with fixed dates.
_LUNAR = {
    2027: ((2, 6), (6, 9), (9, 15)),
    2028: ((1, 26), (5, 28), (10, 3)),
    2029: ((2, 13), (6, 16), (9, 22)),
    2030: ((2, 3), (6, 5), (9, 12)),
    2031: ((1, 23), (6, 24), (10, 1)),
    2032: ((2, 11), (6, 12), (9, 19)),
    2033: ((1, 31), (6, 1), (9, 8)),
    2034: ((2, 19), (6, 20), (9, 27)),
    2035: ((2, 8), (6, 10), (9, 16)),
    2036: ((1, 28), (5, 30), (10, 4)),
    2037: ((2, 15), (6, 18), (9, 24)),
    2038: ((2, 4), (6, 7), (9, 13)),
    2039: ((1, 24), (5, 27), (10, 2)),
    2040: ((2, 12), (6, 14), (9, 20)),
    2041: ((2, 1), (6, 3), (9, 10)),
}


@dataclass(frozen=True)
class RoomIds:
    individual: tuple[int, int]
    group: int
    sandplay: int


def set_up_rooms(conn: Connection, rng: random.Random) -> RoomIds:
    """Rooms, opening hours and the school's own days; the terms must be written already."""
    ids = {name: rooms.insert_room(conn, name=name, kind=kind, capacity=capacity) for name, kind, capacity in ROOMS}
    rooms.replace_opening_hours(conn, OPENING_HOURS)
    settings.set_setting(conn, ROOM_LOCATION_KEY, LOCATION)
    school.set_policy_profile(conn, PROFILE)
    local = [
        {"number": f"0790-{rng.randrange(10**7, 10**8)}", "label": label}
        for label in ("本校心理辅导室（开放时间）", "赣江市心理援助热线（24小时）")
    ]
    local.append({"number": MAILBOX, "label": "心理信箱（阳光信箱）"})
    settings.set_setting(conn, HOTLINES_KEY, json.dumps(local, ensure_ascii=False))
    terms = [(t.start_date, t.end_date) for t in school.all_terms(conn)]
    for entry in school_days(rng, terms):
        rooms.set_school_day(conn, entry)
    return RoomIds((ids[INDIVIDUAL_ROOMS[0]], ids[INDIVIDUAL_ROOMS[1]]), ids[GROUP_ROOM], ids[SANDPLAY_ROOM])


def school_days(rng: random.Random, terms: list[tuple[date, date]]) -> list[SchoolDay]:
    """The closed days inside the terms that the school itself enters, by date."""
    found: dict[date, SchoolDay] = {}

    def close(day: date, name: str) -> None:
        if any(start <= day <= end for start, end in terms) and day not in found:
            found[day] = SchoolDay(day, False, name)

    years = sorted({start.year for start, _ in terms} | {end.year for _, end in terms})
    for year in years:
        if national_day(date(year, 6, 1)) is None:  # the library has not got this year yet
            for day, name in public_holidays(year):
                close(day, name)
    for start, _end in terms:
        if start.month >= 8:  # the autumn term: 校运会
            for day in _sports_meet(rng, start.year):
                close(day, SPORTS_MEET)
        else:  # the spring term: 高考, with the day before to set up the exam rooms
            for offset in range(4):
                close(date(start.year, 6, 6) + timedelta(days=offset), GAOKAO)
    return [found[d] for d in sorted(found)]


def _sports_meet(rng: random.Random, year: int) -> list[date]:
    """A Thursday and Friday from late October to early November, clear of public holidays."""
    first = date(year, 10, 20)
    thursdays = [first + timedelta(days=(3 - first.weekday()) % 7 + 7 * k) for k in range(3)]
    thursday = rng.choice(thursdays)
    return [thursday, thursday + timedelta(days=1)]


def public_holidays(year: int) -> list[tuple[date, str]]:
    """法定节假日 of `year` as a school would enter them before the library knows the year. A
    one-day festival on a weekend gives the Friday before or the Monday after, as the State
    Council's three-day breaks do."""
    single = [(date(year, 1, 1), "元旦"), (date(year, 4, 4 if year % 4 in (0, 1) else 5), "清明节")]
    days = [(date(year, 5, d), "劳动节") for d in range(1, 6)] + [(date(year, 10, d), "国庆节") for d in range(1, 8)]
    lunar = _LUNAR.get(year)
    if lunar is not None:
        spring, dragon_boat, mid_autumn = (date(year, m, d) for m, d in lunar)
        days += [(spring + timedelta(days=k), "春节") for k in range(-1, 7)]
        single += [(dragon_boat, "端午节"), (mid_autumn, "中秋节")]
        if date(year, 9, 28) <= mid_autumn <= date(year, 10, 8):  # merged into the National Day week
            days.append((date(year, 10, 8), "国庆节"))
    for day, name in single:
        days.append((day, name))
        if day.weekday() >= 5:
            days.append((day + timedelta(days=1 if day.weekday() == 6 else -1), name))
    return sorted(set(days))
