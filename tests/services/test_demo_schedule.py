"""The demo's rooms, appointments, waitlist and duty (issue #4 item 7): no clashes, nothing on a
closed day or outside the opening hours, a covered and logged roster, plausible counts, and a
today that asks for something — checked through the services and the domain's own rules."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from counselroom.demo.rooms import OPENING_HOURS, public_holidays
from counselroom.domain.duty.duty_rota import Slot
from counselroom.domain.scheduling.appointment_rules import Booking, opening_conflicts, overlaps
from counselroom.domain.scheduling.appointments import AppointmentType
from counselroom.domain.school.school_days import DayStatus
from counselroom.services.accounts.session import Session
from counselroom.services.duty import duty_rota as duty
from counselroom.services.duty.duty_slots import open_slots
from counselroom.services.printing import print_data
from counselroom.services.scheduling import appointment_views, waitlist
from counselroom.services.school import hotlines, school_calendar
from counselroom.services.school.room_setup import days_between, list_rooms
from counselroom.store.connection import Connection
from counselroom.store.school import school
from tests.conftest import FIXED_NOW
from tests.demo_school import Demo, make_demo

STUDENTS = 600
TODAY = FIXED_NOW.date()  # 2025-10-13, a Monday in the 2025-2026 autumn term, 09:30
MONDAY = TODAY - timedelta(days=TODAY.weekday())


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """One 600-student demo over two school years, for the read-only checks below."""
    return make_demo(tmp_path_factory.mktemp("demo") / "school.db", students=STUDENTS, years=2)


def _rows(conn: Connection, sql: str, *args: object) -> list[tuple[Any, ...]]:
    return conn.execute(sql, args).fetchall()


@dataclass(frozen=True)
class Appt:
    id: int
    counselor: int
    room: int | None
    start: datetime
    end: datetime
    type: str
    channel: str
    status: str
    source: str
    walk_in: bool
    late: bool
    created: datetime
    cancelled: str | None
    students: tuple[int, ...]


def _appointments(conn: Connection) -> list[Appt]:
    students: dict[int, list[int]] = defaultdict(list)
    for appointment_id, student_id in _rows(conn, "SELECT appointment_id, student_id FROM appointment_students"):
        students[appointment_id].append(student_id)
    return [
        Appt(
            r[0],
            r[1],
            r[2],
            datetime.fromisoformat(r[3]),
            datetime.fromisoformat(r[4]),
            r[5],
            r[6],
            r[7],
            r[8],
            bool(r[9]),
            bool(r[10]),
            datetime.fromisoformat(r[11]),
            r[12],
            tuple(sorted(students[r[0]])),
        )
        for r in _rows(
            conn,
            "SELECT id, counselor_id, room_id, starts_at, ends_at, type, channel, status, source,"
            " is_walk_in, late_cancel, created_at, cancelled_at FROM appointments ORDER BY id",
        )
    ]


def _calendar(conn: Connection) -> dict[date, DayStatus]:
    found = {}
    for term in school.all_terms(conn):
        found.update({d.day: d.status for d in days_between(conn, term.start_date, term.end_date)})
    return found


def _user_ids(conn: Connection) -> dict[str, int]:
    return {name: user_id for user_id, name in _rows(conn, "SELECT id, username FROM users")}


# -- rooms and the calendar ---------------------------------------------------------------------


def test_rooms_opening_hours_and_the_schools_own_days(demo: Demo) -> None:
    with demo.session() as s:
        rooms = {r.name: (r.kind, r.capacity) for r in list_rooms(s.db, s.actor, now=FIXED_NOW)}
        hours = _rows(s.db.conn, "SELECT weekday, start, end FROM opening_hours ORDER BY weekday, start")
        own = _rows(s.db.conn, "SELECT day, kind, name FROM school_days ORDER BY day")
        terms = [(t.start_date, t.end_date) for t in school.all_terms(s.db.conn)]
        calendar = _calendar(s.db.conn)
        lines = hotlines.list_hotlines(s.db, s.actor, now=FIXED_NOW)
        location = print_data.get_room_location(s.db, s.actor, now=FIXED_NOW)
    assert rooms == {
        "个别辅导室一": ("个别辅导室", 3),
        "个别辅导室二": ("个别辅导室", 3),
        "团体活动室": ("团体活动室", 20),
        "沙盘室": ("沙盘室", 4),
    }
    assert sorted(hours) == sorted((p.weekday, f"{p.start:%H:%M}", f"{p.end:%H:%M}") for p in OPENING_HOURS)
    assert len(hours) == 11 and (2, "14:00", "15:30") in hours and (4, "16:40", "18:00") in hours
    # The terms are demo.py's: 1 Sep – 20 Jan and 20 Feb – 10 Jul, for both school years.
    assert terms == [
        (date(2024, 9, 1), date(2025, 1, 20)),
        (date(2025, 2, 20), date(2025, 7, 10)),
        (date(2025, 9, 1), date(2026, 1, 20)),
        (date(2026, 2, 20), date(2026, 7, 10)),
    ]
    meets = [date.fromisoformat(d) for d, kind, name in own if name == "校运会"]
    assert len(meets) == 4 and all(kind == "closed" for _, kind, _ in own)
    assert all(d.weekday() in (3, 4) and (d.month, d.day) >= (10, 20) for d in meets)
    assert all(any(a <= date.fromisoformat(d) <= b for a, b in terms) for d, _, _ in own)
    assert not calendar[meets[-1]].open and calendar[meets[-1]].reason == "校运会"
    assert not calendar[date(2025, 10, 1)].open and calendar[date(2025, 10, 1)].reason == "国庆节"
    assert calendar[date(2025, 10, 11)].open  # a Saturday, worked in exchange for the National Day week
    # 江西省's lines first, then the room's phone, the city's line and the 心理信箱.
    assert [h.number for h in lines[:3]] == ["12355", "12356", "966525"] and len(lines) == 6
    assert lines[-1].label.startswith("心理信箱")
    assert location.startswith("行政楼")


def test_years_the_national_calendar_lacks_get_the_schools_own_holidays(tmp_path: Path) -> None:
    now = datetime(2028, 3, 15, 9, 30)  # chinese_calendar 1.11 stops at 2026
    demo = make_demo(tmp_path / "school.db", now=now, students=300)
    with demo.session(now=now) as s:
        conn = s.db.conn
        calendar = {d.day: d.status for d in days_between(conn, date(2027, 9, 1), date(2028, 7, 10))}
        booked = {a.start.date() for a in _appointments(conn)}
    for day in (date(2027, 10, 1), date(2027, 10, 7), date(2028, 4, 4), date(2028, 5, 2), date(2028, 5, 29)):
        assert not calendar[day].open, day
    assert calendar[date(2027, 10, 4)].reason == "国庆节" and calendar[date(2028, 5, 29)].reason == "端午节"
    assert (date(2028, 5, 28), "端午节") in public_holidays(2028) and (date(2028, 4, 4), "清明节") in public_holidays(
        2028
    )
    assert booked and all(calendar[d].open for d in booked)


# -- appointments -------------------------------------------------------------------------------


def test_no_counselor_room_or_student_is_booked_twice_at_once(demo: Demo) -> None:
    with demo.session() as s:
        found = _appointments(s.db.conn)
    held: dict[tuple[str, int], list[Appt]] = defaultdict(list)
    for a in found:
        held[("老师", a.counselor)].append(a)
        if a.room is not None:
            held[("辅导室", a.room)].append(a)
        for student in a.students:
            held[("学生", student)].append(a)
    clashes = [
        (key, a.id, b.id)
        for key, booked in held.items()
        for a, b in pairwise(sorted(booked, key=lambda a: (a.start, a.id)))
        if overlaps(a.start, a.end, b.start, b.end)
    ]
    assert found and clashes == []


def test_nothing_on_a_closed_day_or_outside_the_opening_hours(demo: Demo) -> None:
    with demo.session() as s:
        found = _appointments(s.db.conn)
        calendar = _calendar(s.db.conn)
    problems = []
    for a in found:
        booking = Booking(a.counselor, "", a.room, "", 20, a.start, a.end, AppointmentType(a.type), ())
        day = calendar.get(a.start.date(), DayStatus(False, "不在学期内", ()))
        problems += [c.message for c in opening_conflicts(booking, day, hours_configured=True)]
    assert found and problems == []
    assert all(a.end.date() == a.start.date() and a.start.minute % 10 == 0 for a in found)


def test_counts_types_sources_and_statuses_are_plausible(demo: Demo) -> None:
    with demo.session() as s:
        conn = s.db.conn
        found = _appointments(conn)
        ids = _user_ids(conn)
        terms = school.all_terms(conn)
        open_days = {d for d, status in _calendar(conn).items() if status.open}
        group_room = _rows(conn, "SELECT id FROM rooms WHERE name = '团体活动室'")[0][0]
    assert {a.counselor for a in found} == {ids["lead"], ids["counselor"]}  # only users can be booked
    # Every school year generated has its appointments, and each counselor sees 6–12 a week in term.
    for year in {t.year_name for t in terms}:
        low = min(t.start_date for t in terms if t.year_name == year)
        high = min(max(t.end_date for t in terms if t.year_name == year), TODAY)
        weeks = len({d - timedelta(days=d.weekday()) for d in open_days if low <= d <= high})
        for counselor in (ids["lead"], ids["counselor"]):
            count = sum(a.counselor == counselor and low <= a.start.date() <= high for a in found)
            assert 5 <= count / weeks <= 13, (year, counselor, count, weeks)
    types = Counter(a.type for a in found)
    assert types["个别辅导"] > types["随访"] > types["家长咨询"] > types["团体辅导"] > types["危机评估"]
    groups = [a for a in found if a.type == "团体辅导"]
    assert all(3 <= len(a.students) <= 8 and a.room == group_room for a in groups)
    assert all(len(a.students) == 1 for a in found if a.type in ("个别辅导", "随访", "危机评估"))
    assert all(len(a.students) <= 1 for a in found if a.type == "家长咨询")
    assert Counter(a.channel for a in found)["面谈"] / len(found) > 0.9
    assert all((a.room is None) == (a.channel != "面谈") for a in found)
    sources = Counter(a.source for a in found)
    assert (
        {"自主预约", "班主任推荐", "心理委员发现", "筛查"}
        <= set(sources)
        <= {"自主预约", "班主任推荐", "心理委员发现", "筛查", "转回"}
    )
    assert sources["自主预约"] == max(sources.values())

    past = [a for a in found if a.end <= FIXED_NOW and not a.walk_in and a.type not in ("团体辅导", "危机评估")]
    statuses = Counter(a.status for a in past)
    assert statuses["已到"] / len(past) > 0.8
    assert 0.02 <= statuses["未到"] / len(past) <= 0.09 and 0.03 <= statuses["取消"] / len(past) <= 0.12
    cancelled = [a for a in found if a.status == "取消"]
    assert any(a.late for a in cancelled) and not all(a.late for a in cancelled)
    assert all(a.cancelled and a.created.isoformat() < a.cancelled <= FIXED_NOW.isoformat() for a in cancelled)
    assert all(a.created <= min(a.start, FIXED_NOW) for a in found)
    coming = [a for a in found if a.start > FIXED_NOW]
    assert coming and {a.status for a in coming} <= {"已预约", "取消"}
    assert max(a.start for a in coming).date() <= TODAY + timedelta(days=14)
    walk_ins = [a for a in found if a.walk_in]
    assert len(walk_ins) >= 20 and all(a.status == "已到" and a.end <= FIXED_NOW for a in walk_ins)


def test_crises_screens_and_follow_ups_fit_the_warning_list(demo: Demo) -> None:
    with demo.session() as s:
        conn = s.db.conn
        found = _appointments(conn)
        levels = dict(_rows(conn, "SELECT student_id, level FROM warnings"))
        screened = {
            sid for (sid,) in _rows(conn, "SELECT student_id FROM warning_proposals WHERE result_id IS NOT NULL")
        }
        at_school = {sid for (sid,) in _rows(conn, "SELECT id FROM students")}
    crises = [a for a in found if a.type == "危机评估"]
    assert all(levels.get(a.students[0]) in ("red", "orange") for a in crises)
    assert all(a.students[0] in screened for a in found if a.source == "筛查" and a.type == "个别辅导")
    follow_ups = Counter(sid for a in found if a.type == "随访" for sid in a.students)
    listed = [follow_ups[sid] for sid in levels]
    others = [follow_ups[sid] for sid in at_school - levels.keys()]
    assert sum(listed) / len(listed) > 5 * sum(others) / len(others)  # the listed students get more 随访


def test_today_has_appointments_and_one_waits_for_its_attendance(demo: Demo) -> None:
    with demo.session() as s:
        counselor = s.actor.user_id
        today = appointment_views.day_view(s.db, s.actor, day=TODAY, now=FIXED_NOW, counselor_id=counselor)
        week = appointment_views.week_view(s.db, s.actor, start=MONDAY, now=FIXED_NOW, counselor_id=counselor)
        everyone = appointment_views.week_view(s.db, s.actor, start=MONDAY, now=FIXED_NOW)
        waiting = [
            a
            for back in range(8)
            for a in appointment_views.day_view(
                s.db, s.actor, day=TODAY - timedelta(days=back), now=FIXED_NOW, counselor_id=counselor
            ).rows
            if a.awaiting_attendance
        ]
        queue = waitlist.list_waitlist(s.db, s.actor, now=FIXED_NOW)
    assert today.day.open and len(today.rows) >= 1
    # A parent may come for general advice without naming a student (the demo does so 8% of the time).
    assert all(
        a.counselor_id == counselor and (a.student_names or a.type is AppointmentType.PARENT) for a in today.rows
    )
    assert week.rows and len(everyone.rows) > len(week.rows) and all(d.day >= MONDAY for d in week.days)
    assert len(waiting) == 1 and waiting[0].start < FIXED_NOW
    assert 3 <= len(queue) <= 6 and all(0 <= w.waited_days <= 20 and w.reason for w in queue)


# -- duty -------------------------------------------------------------------------------------------


def _current_term_id(s: Session) -> int:
    return next(t.id for t in school_calendar.list_terms(s.db, s.actor, now=FIXED_NOW) if t.current)


def test_every_open_slot_of_the_term_has_someone_on_duty_within_limits(demo: Demo) -> None:
    with demo.session("lead") as s:
        conn = s.db.conn
        term = next(t for t in school.all_terms(conn) if t.start_date <= TODAY <= t.end_date)
        slots = {(sl.day, sl.period.start): sl for sl in open_slots(conn, term.start_date, term.end_date)}
        rosters = _rows(conn, "SELECT term_id, published_at, generated_by FROM duty_rosters")
        assigned = _rows(conn, "SELECT day, start, staff_id FROM duty_assignments WHERE published = 1")
        teachers = {t.staff_id: t for t in duty.list_duty_staff(s.db, s.actor, now=FIXED_NOW) if t.on_duty}
        positions = Counter(t.position for t in teachers.values())
        linked = dict(_rows(conn, "SELECT u.username, s.id FROM staff s JOIN users u ON u.id = s.user_id"))
        psychology = _rows(conn, "SELECT count(*) FROM staff WHERE position IN ('专职心理教师', '兼职心理教师')")[0][0]
        balance = duty.balance(s.db, s.actor, term.id, now=FIXED_NOW)
        swapped = {
            (sl.day, sl.start)
            for d in duty.rota_for_range(s.db, s.actor, term.start_date, term.end_date, now=FIXED_NOW)
            for sl in d.slots
            if sl.swapped
        }
    assert len(rosters) == 1 and rosters[0][0] == term.id and rosters[0][1] < term.start_date.isoformat()
    assert rosters[0][2] == s.actor.user_id
    keyed = {(date.fromisoformat(d), time.fromisoformat(t)): staff for d, t, staff in assigned}
    assert set(keyed) == set(slots)  # every open slot, and none on a closed day
    assert len(teachers) == psychology and positions["专职心理教师"] >= 2 and positions["兼职心理教师"] >= 2
    assert linked["lead"] in teachers and linked["counselor"] in teachers
    weeks: Counter[tuple[int, tuple[int, int]]] = Counter()
    for key, staff in keyed.items():
        slot: Slot = slots[key]
        weeks[(staff, slot.week)] += 1
    for key, staff in keyed.items():
        teacher = teachers[staff]
        if key not in swapped:
            assert teacher.available is None or slots[key].key in teacher.available
    for (staff, _week), count in weeks.items():
        limit = teachers[staff].max_per_week
        assert limit is None or count <= limit
    assert sum(b.slots for b in balance) == len(slots)


def test_swaps_have_reasons_and_some_wait_for_the_lead(demo: Demo) -> None:
    with demo.session("lead") as s:
        history = duty.duty_swaps_history(s.db, s.actor, now=FIXED_NOW, term_id=_current_term_id(s))
        pending = duty.pending_duty_swaps(s.db, s.actor, now=FIXED_NOW)
        in_force = {
            (sl.day, sl.start): sl.staff_name
            for d in duty.rota_for_range(s.db, s.actor, date(2025, 9, 1), date(2026, 1, 20), now=FIXED_NOW)
            for sl in d.slots
        }
    statuses = Counter(h.status for h in history)
    assert statuses["已批准"] >= 3 and statuses["待批准"] == len(pending) == 1 and statuses["未批准"] == 1
    assert all(h.reason and h.from_name != h.to_name and h.requested_at < f"{h.day} {h.start:%H:%M}" for h in history)
    assert all(in_force[(h.day, h.start)] == h.to_name for h in history if h.status == "已批准")
    assert all(h.decision_note for h in history if h.status == "未批准")
    assert pending[0].day > TODAY


def test_most_past_slots_have_a_log_and_a_few_recent_ones_do_not(demo: Demo) -> None:
    with demo.session() as s:
        missing = duty.missing_duty_logs(s.db, s.actor, now=FIXED_NOW)
        conn = s.db.conn
        over = _rows(
            conn,
            "SELECT count(*) FROM duty_assignments WHERE published = 1 AND day || 'T' || end <= ?",
            FIXED_NOW.isoformat(timespec="minutes"),
        )[0][0]
        logs = _rows(
            conn,
            "SELECT l.day, l.start, l.visitors, l.calls, l.events, l.written_at, l.assignment_id,"
            " a.day, a.start FROM duty_logs l JOIN duty_assignments a ON a.id = l.assignment_id",
        )
        first = _rows(conn, "SELECT id FROM duty_assignments ORDER BY day, start LIMIT 1")[0][0]
        one = duty.duty_log(s.db, s.actor, first, now=FIXED_NOW)
    assert 1 <= len(missing) <= 8 and any(m.day >= TODAY - timedelta(days=7) for m in missing)
    assert len(logs) + len(missing) == over and len(logs) >= 0.85 * over
    assert all((day, start) == (a_day, a_start) for day, start, *_, a_day, a_start in logs)
    assert all(
        events and written >= f"{day}T{start}" and written <= FIXED_NOW.isoformat() and visitors >= 0
        for day, start, visitors, _calls, events, written, *_ in logs
    )
    assert sum(v for _, _, v, *_ in logs) > len(logs) and any(c for _, _, _, c, *_ in logs)
    assert any("来访，谈" in events for *_, events, _w, _a, _d, _s in logs)
    assert one is not None or first in {m.assignment_id for m in missing}


# -- determinism --------------------------------------------------------------------------------


def _fingerprint(demo: Demo) -> list[list[tuple[Any, ...]]]:
    with demo.session() as s:
        conn = s.db.conn
        return [
            _rows(conn, sql)
            for sql in (
                "SELECT counselor_id, room_id, starts_at, ends_at, type, channel, status, source, is_walk_in,"
                " cancelled_at, note, created_at FROM appointments ORDER BY id",
                "SELECT appointment_id, student_id FROM appointment_students ORDER BY 1, 2",
                "SELECT day, start, staff_id FROM duty_assignments ORDER BY id",
                "SELECT assignment_id, to_staff_id, reason, status FROM duty_swaps ORDER BY id",
                "SELECT day, start, came_staff_id, visitors, calls, events, written_at FROM duty_logs ORDER BY id",
                "SELECT staff_id, availability, max_per_week FROM duty_staff ORDER BY staff_id",
                "SELECT student_id, counselor_id, added_on, status FROM waitlist ORDER BY id",
                "SELECT day, name FROM school_days ORDER BY day",
            )
        ]


def test_same_seed_same_calendar(tmp_path: Path) -> None:
    first = _fingerprint(make_demo(tmp_path / "a.db", students=300, seed=5))
    again = _fingerprint(make_demo(tmp_path / "b.db", students=300, seed=5))
    other = _fingerprint(make_demo(tmp_path / "c.db", students=300, seed=6))
    assert first == again
    assert all(rows for rows in first)
    assert first[0] != other[0] and first[4] != other[4]
