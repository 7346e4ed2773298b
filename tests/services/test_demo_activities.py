"""The demo's activities (issue #12 item 5) as the 活动 page and 达标情况 read them: lessons every two
weeks with a few gaps, talks of all six kinds with fitting talkers, most families visited (some
still waiting near the term's end), 班会 and 专题活动, 家长学校 and 宣传 on their days, trainings with
some people short, meetings with one thin term, the room's facts — all before today, in neutral words."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

import pytest

from counselroom.domain.activities.school_activities import ActivityKind
from counselroom.domain.activities.talks import TalkCategory, TalkerKind
from counselroom.services.activities import (
    coverage,
    home_visits,
    lessons,
    meetings,
    room_facts,
    school_activities,
    talks,
    trainings,
)
from counselroom.services.activities.activity_todos import activity_todos
from counselroom.services.school import policy, school_calendar, school_structure
from tests.conftest import FIXED_NOW
from tests.demo_school import Demo, make_demo

DIAGNOSES = ("抑郁症", "焦虑症", "精神分裂", "双相", "诊断", "患有", "障碍")
TODAY = FIXED_NOW.date()
PAST = (date(2024, 9, 1), date(2025, 1, 20))  # 2024-2025 第一学期
SPRING = (date(2025, 2, 20), date(2025, 7, 10))
CURRENT = (date(2025, 9, 1), TODAY - timedelta(days=1))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return make_demo(tmp_path_factory.mktemp("demo") / "school.db", students=240, years=2, seed=5)


def test_lessons_every_two_weeks_with_a_few_gaps(demo: Demo) -> None:
    with demo.session("counselor") as c:
        held = lessons.list_lessons(c.db, c.actor, start=PAST[0], end=PAST[1], now=FIXED_NOW)
        now_held = lessons.list_lessons(c.db, c.actor, start=CURRENT[0], end=TODAY + timedelta(days=400), now=FIXED_NOW)
    by_class: dict[int, list[date]] = defaultdict(list)
    for lesson in held:
        by_class[lesson.class_id].append(lesson.held_on)
    longest = {k: max(b - a for a, b in zip(sorted(v), sorted(v)[1:], strict=False)) for k, v in by_class.items()}
    regular = [k for k, gap in longest.items() if gap <= timedelta(days=21)]
    assert len(by_class) >= 5 and len(regular) >= 0.8 * len(by_class)  # most classes every two weeks
    assert all(len(v) >= 7 for v in by_class.values())  # a term has nine or ten fortnights
    assert {lesson.topic for lesson in held} and all(lesson.teacher and lesson.period for lesson in held)
    assert now_held and max(lesson.held_on for lesson in now_held) < TODAY
    assert {lesson.source for lesson in now_held} == {"课表导入"}


def test_talks_of_all_six_kinds_with_fitting_talkers(demo: Demo) -> None:
    with demo.session("counselor") as c:
        held = talks.list_talks(c.db, c.actor, start=PAST[0], end=TODAY, now=FIXED_NOW)
        heads = {k.name: k.head_teacher for k in school_structure.list_classes(c.db, c.actor, now=FIXED_NOW)}
        tally = talks.talk_tally(c.db, c.actor, start=PAST[0], end=PAST[1], now=FIXED_NOW)
    assert {t.category for t in held} == set(TalkCategory)
    for talk in held:
        assert talk.students and talk.topic and talk.held_on < TODAY
        if talk.category is TalkCategory.HEAD_TEACHER and talk.students[0].class_name in heads:
            assert talk.talker == heads[talk.students[0].class_name]
        if talk.category is TalkCategory.GUARDIAN:
            assert talk.talker_kind is TalkerKind.GUARDIAN and "（" in talk.talker
        if talk.category is TalkCategory.PEER:
            assert talk.talker_kind is TalkerKind.PEER and talk.talker not in {s.name for s in talk.students}
    counted = Counter(t.category for t in held if PAST[0] <= t.held_on <= PAST[1])
    assert {line.category: line.talks for line in tally} == {c: counted[c] for c in TalkCategory}


def test_most_families_visited_each_term_fewer_so_far_this_term(demo: Demo) -> None:
    with demo.session("counselor") as c:
        past = home_visits.list_home_visits(c.db, c.actor, start=SPRING[0], end=SPRING[1], now=FIXED_NOW)
        current = home_visits.list_home_visits(c.db, c.actor, start=CURRENT[0], end=TODAY, now=FIXED_NOW)
        at_school = sum(k.students for k in school_structure.list_classes(c.db, c.actor, now=FIXED_NOW))
    visited_then = {s.id for v in past for s in v.students}
    visited_now = {s.id for v in current for s in v.students}
    assert 0.5 * at_school < len(visited_then) < at_school  # the spring's pupils: two of three grades' worth
    assert 0 < len(visited_now) < len(visited_then)  # six weeks into the term
    assert {v.mode.value for v in past} == {"实地", "电话", "微信"}
    assert all(v.visitor and v.summary and v.met_with for v in past)


def test_brothers_and_sisters_make_home_visits_per_family_and_per_student_differ(demo: Demo) -> None:
    """南昌 counts families, 渭南 students: with brothers and sisters at the school (one home, one
    visit recorded for all of them) the two profiles give different 家访 numbers for the same records."""
    with demo.session("lead") as lead:
        spring = next(
            t.id for t in school_calendar.list_terms(lead.db, lead.actor, now=FIXED_NOW) if t.start == SPRING[0]
        )
    visited: dict[str, tuple[int, int]] = {}
    try:
        for profile in ("nanchang", "weinan"):
            with demo.session("admin") as admin:
                policy.set_policy_profile(admin.db, admin.actor, profile, now=FIXED_NOW)
            with demo.session("lead") as lead:
                found = coverage.activity_coverage(lead.db, lead.actor, spring, now=FIXED_NOW).area("家访")
            visited[profile] = (sum(x.ours for x in found), sum(x.needed or 0 for x in found))
    finally:
        with demo.session("admin") as admin:
            policy.set_policy_profile(admin.db, admin.actor, "jiangxi", now=FIXED_NOW)
    families, students = visited["nanchang"], visited["weinan"]
    assert families[1] < students[1]  # fewer homes than pupils
    assert families[0] < students[0]  # one visit to a home covers its children in every class


def test_class_meetings_themed_activities_parents_and_publicity(demo: Demo) -> None:
    with demo.session("principal") as p:  # names no student: the principal sees these
        done = school_activities.list_activities(p.db, p.actor, start=PAST[0], end=TODAY, now=FIXED_NOW)
    with demo.session("counselor") as c:
        classes = school_structure.list_classes(c.db, c.actor, now=FIXED_NOW)
    kinds = Counter(a.kind for a in done)
    assert set(kinds) == set(ActivityKind)
    first_term = [a for a in done if PAST[0] <= a.held_on <= PAST[1]]
    meetings_held = {a.scope_text for a in first_term if a.kind is ActivityKind.CLASS_MEETING}
    assert len(meetings_held) >= 0.5 * len(classes)
    assert any(a.kind is ActivityKind.PARENT_SCHOOL for a in first_term)
    occasions = {(a.occasion, a.held_on.month) for a in done if a.kind is ActivityKind.PUBLICITY}
    assert ("5·25心理健康日", 5) in occasions and ("10·10世界精神卫生日", 10) in occasions
    assert all(a.held_on < TODAY for a in done)


def test_trainings_with_some_short_and_meetings_with_a_thin_term(demo: Demo) -> None:
    with demo.session("lead") as lead:
        year = trainings.list_trainings(lead.db, lead.actor, start=PAST[0], end=SPRING[1], now=FIXED_NOW)
        terms = [t for t in school_calendar.list_terms(lead.db, lead.actor, now=FIXED_NOW) if t.start < TODAY]
        held = {
            t.code: meetings.list_meetings(lead.db, lead.actor, start=t.start, end=t.end, now=FIXED_NOW) for t in terms
        }
    hours: Counter[tuple[str, int]] = Counter()
    for t in year:
        hours[(t.position, t.staff_id)] += t.hours
    full_time = [h for (position, _), h in hours.items() if position == "专职心理教师"]
    heads = [h for (position, _), h in hours.items() if position == "班主任"]
    assert full_time and min(full_time) > 0 and max(full_time) >= 40
    assert heads and min(heads) < 10 <= max(heads)  # some 班主任 short of the 10 hours (南昌)
    counts = sorted(len(found) for code, found in held.items() if code != "2025-2026-1")
    assert counts[0] == 1 and counts[1:] == [6] * (len(counts) - 1)  # one thin term; the others all six


def test_room_facts(demo: Demo) -> None:
    with demo.session("principal") as p:
        facts = room_facts.room_facts(p.db, p.actor, now=FIXED_NOW)
    assert {a.name for a in facts.areas} >= {"团体辅导室", "沙盘游戏室"} and all(a.size_m2 for a in facts.areas)
    assert len(facts.rules) == 4 and all(r.in_force for r in facts.rules) and not all(r.posted for r in facts.rules)
    assert [b.year_name for b in facts.budgets] == ["2025-2026", "2024-2025"] and all(b.amount for b in facts.budgets)


def test_no_text_diagnoses(demo: Demo) -> None:
    with demo.session("lead") as lead:
        args = {"start": PAST[0], "end": TODAY, "now": FIXED_NOW}
        texts = [t.topic for t in talks.list_talks(lead.db, lead.actor, **args)]
        texts += [v.summary + v.companions for v in home_visits.list_home_visits(lead.db, lead.actor, **args)]
        texts += [a.title + a.notes for a in school_activities.list_activities(lead.db, lead.actor, **args)]
        texts += [m.topic + m.decisions for m in meetings.list_meetings(lead.db, lead.actor, **args)]
        texts += [x.topic for x in lessons.list_lessons(lead.db, lead.actor, **args)]
    assert texts and not [t for t in texts for word in DIAGNOSES if word in t]


def test_near_the_terms_end_a_class_still_has_families_to_visit(tmp_path_factory: pytest.TempPathFactory) -> None:
    near_end = datetime(2026, 1, 5, 10)  # two weeks before 2025-2026 第一学期 ends
    late = make_demo(tmp_path_factory.mktemp("late") / "school.db", now=near_end, students=240, years=1, seed=5)
    with late.session("admin", now=near_end) as admin:
        policy.set_policy_profile(admin.db, admin.actor, "nanchang", now=near_end)  # 每学期对每个家庭至少家访 1 次
    with late.session("lead", now=near_end) as lead:
        todos = activity_todos(lead.db, lead.actor, near_end)
    visits = [t for t in todos if t.kind == "家访"]
    assert len(visits) == 1 and "还有家庭未家访" in visits[0].text
