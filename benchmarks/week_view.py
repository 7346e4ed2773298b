"""The week view of a counselor on a large school (acceptance: opens in under 100 ms).

Run: `QT_QPA_PLATFORM=offscreen python -m benchmarks.week_view [STUDENTS] [APPOINTMENTS]`.

Generates the 5,000-student demo school (test KDF: the key derivation is not what is measured),
adds six counselors, each with a room of their own, and ~6,000 appointments over the school year
with one executemany, then times the median of 20 runs of
  - week_view for one counselor (the service: query, students, the week's opening days);
  - the same for everyone, and for one room;
  - the GUI week widget's set_week + set_appointments + render (offscreen grab).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time as clock
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from counselroom.demo import generator as demo
from counselroom.domain.roles import Role
from counselroom.domain.school.school_days import Period
from counselroom.services.accounts import sign_in
from counselroom.services.accounts.accounts import add_account
from counselroom.services.accounts.session import KeyPolicy, Session
from counselroom.services.scheduling import appointment_views
from counselroom.services.school import room_setup
from counselroom.store import users
from counselroom.store.key_slots import TEST_KDF
from counselroom.store.scheduling.appointments import stamp

PASSWORD = "bench-pass-123"
NOW = datetime(2025, 11, 12, 9, 0)  # a Wednesday in the autumn term
YEAR = (date(2025, 9, 1), date(2026, 7, 10))
SLOTS = ((8, 0), (9, 0), (10, 0), (11, 0), (14, 0), (15, 0), (16, 0))
TYPES = ("个别辅导",) * 6 + ("团体辅导", "家长咨询", "危机评估", "随访", "随访")
RUNS = 20


def median_ms(work: Callable[[], Any], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = clock.perf_counter()
        work()
        times.append((clock.perf_counter() - start) * 1000)
    return statistics.median(times)


def set_up(folder: Path, students: int) -> tuple[Session, list[int], list[int]]:
    keys = KeyPolicy(kdf=TEST_KDF)
    db = folder / "school.db"
    demo.generate_demo_school(db, students=students, password=PASSWORD, now=NOW, keys=keys)
    admin = sign_in.sign_in(db, "admin", PASSWORD, now=NOW, keys=keys)
    for n in range(4):
        add_account(
            admin.db,
            admin.actor,
            username=f"bench{n}",
            display_name=f"基准老师{n}",
            role=Role.COUNSELOR,
            password=PASSWORD,
            now=NOW,
            keys=keys,
        )
    lead = sign_in.sign_in(db, "lead", PASSWORD, now=NOW, keys=keys)
    hours = [Period(d, time(8, 0), time(17, 30)) for d in range(5)]
    room_setup.set_opening_hours(lead.db, lead.actor, hours, now=NOW)
    for n in range(6):
        room_setup.save_room(lead.db, lead.actor, name=f"基准辅导室{n + 1}", kind="个别辅导室", capacity=2, now=NOW)
    counselors = [u.id for u in users.all_users(lead.db.conn) if u.active and u.role in (Role.COUNSELOR, Role.LEAD)]
    rooms = [r.id for r in room_setup.list_rooms(lead.db, lead.actor, now=NOW)][-6:]
    return lead, counselors[:6], rooms


def insert_appointments(session: Session, counselors: list[int], rooms: list[int], total: int) -> int:
    """One executemany over the school year's weekdays; each counselor's slots never overlap."""
    rng = random.Random(7)
    student_ids = [r[0] for r in session.db.conn.execute("SELECT id FROM students WHERE status IN ('在读', '复学')")]
    days = [YEAR[0] + timedelta(days=i) for i in range((YEAR[1] - YEAR[0]).days + 1)]
    weekdays = [d for d in days if d.weekday() < 5]
    per_day = total / (len(weekdays) * len(counselors))
    rows, links = [], []
    next_id = 1 + (session.db.conn.execute("SELECT coalesce(max(id), 0) FROM appointments").fetchone()[0])
    for day in weekdays:
        for counselor, room in zip(counselors, rooms, strict=False):
            count = min(len(SLOTS), int(per_day) + (rng.random() < per_day % 1))
            for hour, minute in rng.sample(SLOTS, count):
                start = datetime.combine(day, datetime.min.time()).replace(hour=hour, minute=minute)
                kind = rng.choice(TYPES)
                status = "已预约" if start > NOW else rng.choice(("已到",) * 8 + ("未到", "取消"))
                rows.append(
                    (
                        next_id,
                        counselor,
                        room,
                        stamp(start),
                        stamp(start + timedelta(minutes=50)),
                        kind,
                        "面谈",
                        status,
                        rng.choice(("自主预约", "班主任推荐", "心理委员发现", "筛查", "转回")),
                        stamp(NOW),
                        stamp(NOW),
                    )
                )
                group = rng.sample(student_ids, 6) if kind == "团体辅导" else [rng.choice(student_ids)]
                links += [(next_id, s) for s in group]
                next_id += 1
    with session.db.transaction() as conn:
        conn.executemany(
            "INSERT INTO appointments (id, counselor_id, room_id, starts_at, ends_at, type, channel,"
            " status, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.executemany("INSERT INTO appointment_students (appointment_id, student_id) VALUES (?, ?)", links)
    return len(rows)


def time_gui(view: appointment_views.WeekView) -> float:
    from PySide6.QtWidgets import QApplication

    from counselroom.gui.scheduling.week_calendar import WeekCalendarWidget
    from counselroom.gui.theme import apply_theme

    app = QApplication.instance() or QApplication([])
    apply_theme(app)  # type: ignore[arg-type]
    widget = WeekCalendarWidget()
    widget.resize(1100, 700)
    widget.show()

    def render() -> None:
        widget.set_week(view.start, view.days, now=NOW)
        widget.set_appointments(view.rows)
        widget.grab()

    render()  # the first paint loads the font; a teacher's PC has done that at start-up
    return median_ms(render)


def main(students: int = 5000, appointments: int = 6000) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = Path(tempfile.mkdtemp(prefix="counselroom-bench-"))
    started = clock.perf_counter()
    lead, counselors, rooms = set_up(folder, students)
    pupils = lead.db.conn.execute("SELECT count(*) FROM students").fetchone()[0]
    print(f"{'demo school + accounts + rooms':<44} {clock.perf_counter() - started:8.2f} s   ({pupils} students)")
    started = clock.perf_counter()
    added = insert_appointments(lead, counselors, rooms, appointments)
    total = lead.db.conn.execute("SELECT count(*) FROM appointments").fetchone()[0]
    print(
        f"{f'insert {added} appointments (executemany)':<44} {clock.perf_counter() - started:8.2f} s"
        f"   ({total} in the database)"
    )
    monday = NOW.date() - timedelta(days=NOW.weekday())
    week = lambda **f: appointment_views.week_view(lead.db, lead.actor, start=monday, now=NOW, **f)  # noqa: E731
    mine = week(counselor_id=counselors[0])
    one = median_ms(lambda: week(counselor_id=counselors[0]))
    print(f"{'week_view, one counselor (median of 20)':<44} {one:8.2f} ms   ({len(mine.rows)} appointments)")
    everyone = week()
    print(f"{'week_view, everyone (median of 20)':<44} {median_ms(week):8.2f} ms   ({len(everyone.rows)} appointments)")
    print(f"{'week_view, one room (median of 20)':<44} {median_ms(lambda: week(room_id=rooms[0])):8.2f} ms")
    print(f"{'GUI: set_week + set_appointments + render':<44} {time_gui(mine):8.2f} ms   (one counselor)")
    print(f"{'GUI: the same, everyone':<44} {time_gui(everyone):8.2f} ms")
    lead.db.close()


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
