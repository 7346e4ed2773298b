"""Demo 培训, 会议 and the room's facts (school store).

Trainings per person and school year, as the profiles ask (南昌: 专职 40 学时, 班主任 10; 渭南: 专职
30, 兼职 12, 专职 省级 once in three years): the full-time psychology teachers reach their hours but
one of them falls short in a year; part-time ones take twelve to twenty; most 班主任 one or two
short trainings, about one in seven short of ten hours; most subject teachers an elective
course. In the current year, what has been taken so far. Meetings: each term the 领导小组 once,
the 工作小组 twice, the 危机干预小组 once and the 关爱工作会议 twice (S003 item 37) — except one
past term with a single meeting. The room: its areas with sizes, the four rules, a budget each year."""

from __future__ import annotations

from datetime import date

from counselroom.demo.activity_ground import ActivityGround, DemoTerm
from counselroom.demo.activity_texts import MEETING_DECISIONS, MEETING_TOPICS, ROOM_AREAS, TRAINING_TITLES
from counselroom.domain.activities.meetings import MeetingBody
from counselroom.domain.activities.room_facts import RoomRuleName
from counselroom.domain.activities.trainings import TrainingKind
from counselroom.domain.students.student_facts import StaffPosition
from counselroom.store.school import meetings, room_facts, rooms, trainings

P = StaffPosition
# (position, the titles drawn from, hours wanted in a year (low, high), share short of them)
PLANS = (
    (P.FULL_TIME_COUNSELOR, "counselor", (40, 56), 0.12),
    (P.PART_TIME_COUNSELOR, "counselor", (12, 24), 0.15),
    (P.HEAD_TEACHER, "head_teacher", (10, 16), 0.15),
    (P.LEADER, "leader", (8, 8), 0.0),
)
COURSE_SHARE = 0.92  # subject teachers with an elective course in a year
MEETINGS = {
    MeetingBody.LEADING_GROUP: 1,
    MeetingBody.WORKING_GROUP: 2,
    MeetingBody.CRISIS_TEAM: 1,
    MeetingBody.CARE_MEETING: 2,
}


def add_trainings(ground: ActivityGround) -> None:
    for start, last, share in _school_years(ground):
        for position, group, (low, high), short in PLANS:
            members = ground.staff(position)
            behind = {m.id for m in ground.rng.sample(members, min(len(members), _some(short, len(members))))}
            for member in members:
                if member.id in behind:  # well short of the lowest profile's number, whatever the profile
                    _train(ground, member.id, group, round(low * share * ground.rng.uniform(0.3, 0.7)), start, last,
                           short=True)  # fmt: skip
                else:
                    _train(ground, member.id, group, round(ground.rng.randint(low, high) * share), start, last)
        for member in ground.staff(P.SUBJECT_TEACHER):
            if ground.rng.random() < COURSE_SHARE * share:
                _train(ground, member.id, "teacher", 1, start, last)


def _some(share: float, count: int) -> int:
    """How many of `count` people fall short: that share, and at least one when the share is not 0."""
    return max(1, round(share * count)) if share else 0


def _school_years(ground: ActivityGround) -> list[tuple[date, date, float]]:
    """(first day, last day with records, share of the year gone by) of each 学年 begun."""
    years: dict[str, list[DemoTerm]] = {}
    for term in ground.terms:
        years.setdefault(term.year_name, []).append(term)
    found = []
    for terms in years.values():
        start, last = terms[0].start, terms[-1].last
        year_end = date(start.year + 1, 7, 10)
        found.append((start, last, min(1.0, (last - start).days / (year_end - start).days)))
    return found


def _train(
    ground: ActivityGround, staff_id: int, group: str, hours: int, start: date, last: date, *, short: bool = False
) -> None:
    """Trainings from the group's list until `hours` are reached (at least one when hours > 0);
    when `short`, none that would take the total past `hours` after the first."""
    taken, titles = 0, list(TRAINING_TITLES[group])
    ground.rng.shuffle(titles)
    for title, level, length, organizer in titles:
        if taken >= hours:
            break
        if short and taken and taken + length > hours:
            continue
        day = ground.days.pick(ground.rng, start, last)
        kind = TrainingKind.COURSE if group == "teacher" else TrainingKind.TOPIC
        fields = trainings.TrainingFields(staff_id, title, day, length, level, kind.value, organizer)
        trainings.insert(ground.conn, fields, by=ground.recorder(), now=ground.stamp(day))
        taken += length


def add_meetings(ground: ActivityGround) -> None:
    past = [t for t in ground.terms if not t.current]
    thin = ground.rng.choice(past) if past else None  # the term in which only the 工作小组 met, once
    for term in ground.terms:
        plan = {MeetingBody.WORKING_GROUP: 1} if term is thin else MEETINGS
        for body, count in plan.items():
            topics = MEETING_TOPICS[body.value]
            for topic in ground.rng.sample(topics, min(count, len(topics))):
                if term is not thin and ground.rng.random() > term.elapsed * 1.3:
                    continue  # the current term: not held yet
                day = ground.day(term)
                attendees = len(term.classes) + 8 if body is MeetingBody.CARE_MEETING else ground.rng.randint(6, 15)
                fields = meetings.MeetingFields(body.value, day, topic, attendees, ground.rng.choice(MEETING_DECISIONS))
                meetings.insert(ground.conn, fields, by=ground.recorder(), now=ground.stamp(day))


def add_room_facts(ground: ActivityGround) -> None:
    by_name = {r.name: r.id for r in rooms.all_rooms(ground.conn)}
    for name, size, room, notes in ROOM_AREAS:
        room_facts.insert_area(ground.conn, room_facts.AreaFields(name, size, by_name.get(room or ""), notes))
    first = ground.terms[0].start if ground.terms else ground.today
    for rule in RoomRuleName:
        # The 危机干预转介流程 was revised this year and is not on the wall yet; the rest are.
        recent = rule is RoomRuleName.CRISIS_REFERRAL
        adopted = ground.terms[-1].start if recent and ground.terms else first
        room_facts.save_rule(ground.conn, room_facts.RuleRow(rule.value, True, adopted, not recent))
    for year_name in dict.fromkeys(t.year_name for t in ground.terms):
        amount = ground.rng.randrange(30, 61) * 1000
        room_facts.save_budget(ground.conn, room_facts.BudgetRow(year_name, amount, "心理辅导室运行、测评、培训和活动"))
