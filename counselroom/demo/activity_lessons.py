"""Demo 心理课: every class has its slot in the timetable (weekday and 节次, one of the psychology
teachers) and a lesson every two weeks on it, holidays and the school's closed days left out — as
S003 asks (每两周不少于 1 课时). A few classes a term lose two lessons in a row (an exam week, a
sports meet, a teacher away): four to six weeks without one. In the current term a few classes have
had none for the last two weeks or more, so 今日 names them."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time

from counselroom.demo.activity_ground import ActivityGround, DemoTerm
from counselroom.demo.activity_texts import LESSON_TOPICS
from counselroom.domain.activities.timetable_weeks import lesson_weeks
from counselroom.store.school import lessons, rooms
from counselroom.system.holidays import national_day

GAP_SHARE = 0.06  # classes a term with a gap of several weeks
LATE_NOW = 3  # classes of the current term whose last lessons have not been held
PERIODS = 8  # a day's 节次 a psychology lesson is put in


def add_lessons(ground: ActivityGround) -> None:
    closed = {d.day: d for d in rooms.school_days(ground.conn)}
    teachers = [t.id for t in ground.counselors()]
    for term in ground.terms:
        weeks = lesson_weeks(term.start, term.last, school_days=closed, national=national_day)
        late = (
            set(ground.rng.sample(range(len(term.classes)), min(LATE_NOW, len(term.classes))))
            if term.current
            else set()
        )
        source = lessons.IMPORTED if term.current or ground.rng.random() < 0.5 else lessons.ENTERED
        slots: dict[int, int] = defaultdict(int)  # teacher → classes given a slot so far
        for index, cls in enumerate(term.classes):
            teacher = teachers[index % len(teachers)]
            slot = slots[teacher]
            slots[teacher] += 1
            days = _one_a_fortnight(weeks, slot % 5 + 1, term.start, parity=index % 2)
            days = _with_gap(ground, days, late=index in late)
            rows = [
                lessons.LessonFields(cls.id, day, 1 + (slot // 5) % PERIODS, _topic(term, n), teacher, 1, source)
                for n, day in enumerate(days)
            ]
            if rows:
                lessons.insert_many(ground.conn, rows, by=ground.recorder(), now=_recorded(days[-1], term))


def _one_a_fortnight(weeks: dict[int, tuple[date, ...]], weekday: int, start: date, *, parity: int) -> list[date]:
    """One lesson in each fortnight of the term, on the class's weekday of the 单周 or 双周 (by
    `parity`). When a holiday or a closed day takes it, the lesson moves (调课) to that weekday of the
    fortnight's other week, or else to the fortnight's first school day."""
    own = set(weeks[weekday])
    fortnights: dict[int, list[tuple[int, date]]] = defaultdict(list)
    for day in sorted(d for days in weeks.values() for d in days):
        in_its_week = ((day - start).days // 7) % 2 == parity
        rank = (0 if in_its_week else 1) if day in own else 2  # its day, its other week's, any other
        fortnights[(day - start).days // 14].append((rank, day))
    return [min(candidates)[1] for _, candidates in sorted(fortnights.items())]


def _with_gap(ground: ActivityGround, days: list[date], *, late: bool) -> list[date]:
    """A class's lessons with, now and then, two in a row missed; `late` drops the latest ones."""
    if late and days:
        return [d for d in days if (ground.today - d).days > 15 + 7 * ground.rng.randint(0, 2)]
    if len(days) > 4 and ground.rng.random() < GAP_SHARE:
        cut = ground.rng.randrange(1, len(days) - 2)
        return days[:cut] + days[cut + 2 :]
    return days


def _topic(term: DemoTerm, n: int) -> str:
    """The term's sequence of topics; the second term picks up where the first left off."""
    return LESSON_TOPICS[(n + (len(LESSON_TOPICS) // 2 if term.number == 2 else 0)) % len(LESSON_TOPICS)]


def _recorded(last: date, term: DemoTerm) -> datetime:
    """A timetable is imported (or a term's lessons entered) once: stamped after the last lesson."""
    return datetime.combine(min(last, term.last), time(17, 30))
