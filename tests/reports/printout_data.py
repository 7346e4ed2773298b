"""Sample input for the printouts: a Monday in October 2025 (国庆节 just over), a term roster."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from counselroom.domain.school.hotlines import Hotline
from counselroom.domain.school.school_days import Period
from counselroom.reports.appointment_slip import SlipData
from counselroom.reports.day_sheet import DaySheetData, DaySheetRow, DutyLine
from counselroom.reports.door_rota import ClosedDay, DoorRotaData, DutySlot

SCHOOL = "南昌市第十九中学"
MONDAY = date(2025, 10, 13)
KINDS = ("个别辅导", "团体辅导", "家长咨询", "危机评估", "随访")
LOCAL = (Hotline("0791-88330120", "南昌市心理服务热线"), Hotline("0791-86123456", "本校心理辅导室"))
# The 江西省 profile's lines (resources/profiles/jiangxi.toml), as print_data passes them.
JIANGXI = (
    Hotline("12355", "共青团青少年服务热线"),
    Hotline("12356", "全国统一心理援助热线"),
    Hotline("966525", "江西省心理服务热线"),
)
OPENING = tuple(Period(d, s, e) for d in range(5) for s, e in ((time(8, 0), time(11, 40)), (time(14, 0), time(17, 0))))
ROTA = {
    (0, time(8)): ("王老师",),
    (0, time(14)): ("李老师",),
    (1, time(8)): ("李老师",),
    (1, time(14)): ("赵老师",),
    (2, time(8)): ("王老师", "赵老师"),
    (2, time(14)): ("王老师",),
    (3, time(8)): ("赵老师",),
    (3, time(14)): ("李老师",),
    (4, time(8)): ("王老师",),
    (4, time(14)): ("赵老师",),
}


def slip() -> SlipData:
    return SlipData(
        SCHOOL, datetime(2025, 10, 13, 10, 0), datetime(2025, 10, 13, 10, 50), "心理辅导室（个别辅导室一）", JIANGXI
    )


def day_sheet(appointments: int = 6) -> DaySheetData:
    rows = tuple(
        DaySheetRow(
            start=time(8 + n // 4, (n % 4) * 15),
            end=time(8 + n // 4, (n % 4) * 15 + 10),
            students="张晓明、李思雨" if n % 5 == 1 else f"学生{n + 1:02d}",
            class_name="初二(3)班",
            kind=KINDS[n % 5],
            channel=("面谈", "电话", "网络")[n % 3],
            place="个别辅导室一",
            status="已预约",
        )
        for n in range(appointments)
    )
    duty = (DutyLine(time(8), time(11, 40), "王老师", "心理辅导室"), DutyLine(time(14), time(17), "李老师"))
    return DaySheetData(SCHOOL, MONDAY, "王老师", "王老师（心理教师）", datetime(2025, 10, 13, 8, 5), rows, duty)


def door_roster(
    first: date = date(2025, 9, 1), last: date = date(2026, 1, 16), *, irregular: bool = False
) -> DoorRotaData:
    """A term that repeats weekly, with 国庆节 (10月1日–8日) closed; `irregular` swaps one slot."""
    closed = tuple(ClosedDay(date(2025, 10, 1) + timedelta(n), "国庆节") for n in range(8))
    shut = {c.day for c in closed}
    slots = []
    day = first
    while day <= last:
        for (weekday, start), staff in ROTA.items():
            if day.weekday() == weekday and day not in shut:
                end = time(11, 40) if start == time(8) else time(17)
                slots.append(DutySlot(day, start, end, staff))
        day += timedelta(1)
    if irregular:
        slots[3] = DutySlot(slots[3].day, slots[3].start, slots[3].end, ("孙老师",))  # a swap
    return DoorRotaData(
        SCHOOL,
        "2025-2026学年第一学期",
        first,
        last,
        "行政楼三楼东侧 心理辅导室（阳光驿站）",
        OPENING,
        tuple(slots),
        closed,
        hotlines=JIANGXI,
        local_numbers=LOCAL,
    )
