"""Role-matrix rows for the activity records that name no student (issue #12): 心理课, 班会与活动,
培训 and 会议 are recorded and deleted by counselors and the lead and read by the principal too;
room facts are kept by the lead and the admin and read by everyone. Per record (the recorder, the
lead, others): tests/services/test_lessons.py and its neighbours."""

from __future__ import annotations

from typing import Any

from counselroom.domain.activities.meetings import MeetingBody
from counselroom.domain.activities.room_facts import RoomRuleName
from counselroom.domain.activities.school_activities import ActivityKind, ActivityScope
from counselroom.domain.activities.trainings import TrainingLevel
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.activities import lessons, meetings, room_facts, school_activities, trainings
from counselroom.services.activities.lessons import LessonInput
from counselroom.services.activities.meetings import MeetingInput
from counselroom.services.activities.room_facts import RoomAreaInput, RoomBudget, RoomRule
from counselroom.services.activities.school_activities import ActivityInput
from counselroom.services.activities.trainings import TrainingInput
from counselroom.services.school import school_calendar
from tests.conftest import FIXED_NOW
from tests.services.activity_school_data import LAST_WEEK, TERM_START, TODAY, add_activity_school

ALL = frozenset(Role)
SETUP = frozenset({Role.LEAD, Role.ADMIN})
RECORD = frozenset({Role.COUNSELOR, Role.LEAD})
VIEW = frozenset({Role.COUNSELOR, Role.LEAD, Role.PRINCIPAL})


def _recorder(s: Session, all_: dict[Role, Session]) -> Session:
    """The caller when it may record (so it deletes its own entry), otherwise the lead."""
    return s if s.actor.role in RECORD else all_.get(Role.LEAD, s)


def _lesson(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    place = add_activity_school(all_)
    by = _recorder(s, all_)
    lessons.record_lessons(by.db, by.actor, [LessonInput(place.eight_classes[:1], LAST_WEEK)], now=FIXED_NOW)
    newest = max(x.id for x in lessons.list_lessons(by.db, by.actor, start=LAST_WEEK, end=LAST_WEEK, now=FIXED_NOW))
    return lessons.delete_lesson(s.db, s.actor, newest, now=FIXED_NOW)


def _activity(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    add_activity_school(all_)
    by = _recorder(s, all_)
    entry = ActivityInput(ActivityKind.PUBLICITY, LAST_WEEK, "心理健康宣传月", ActivityScope.SCHOOL)
    school_activities.record_activities(by.db, by.actor, [entry], now=FIXED_NOW)
    found = school_activities.list_activities(by.db, by.actor, start=LAST_WEEK, end=LAST_WEEK, now=FIXED_NOW)
    return school_activities.delete_activity(s.db, s.actor, max(a.id for a in found), now=FIXED_NOW)


def _training(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    place = add_activity_school(all_)
    by = _recorder(s, all_)
    entry = TrainingInput((place.staff["周老师"],), "心理健康教育培训", LAST_WEEK, 4, TrainingLevel.CITY)
    trainings.record_trainings(by.db, by.actor, [entry], now=FIXED_NOW)
    found = trainings.list_trainings(by.db, by.actor, start=LAST_WEEK, end=LAST_WEEK, now=FIXED_NOW)
    return trainings.delete_training(s.db, s.actor, max(t.id for t in found), now=FIXED_NOW)


def _meeting(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    add_activity_school(all_)
    by = _recorder(s, all_)
    entry = MeetingInput(MeetingBody.WORKING_GROUP, LAST_WEEK, "研究本月工作")
    meetings.record_meetings(by.db, by.actor, [entry], now=FIXED_NOW)
    found = meetings.list_meetings(by.db, by.actor, start=LAST_WEEK, end=LAST_WEEK, now=FIXED_NOW)
    return meetings.delete_meeting(s.db, s.actor, max(m.id for m in found), now=FIXED_NOW)


def _record_lesson(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    place = add_activity_school(all_)
    return lessons.record_lessons(s.db, s.actor, [LessonInput(place.eight_classes, LAST_WEEK)], now=FIXED_NOW)


def _record_activity(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    place = add_activity_school(all_)
    entry = ActivityInput(
        ActivityKind.CLASS_MEETING, LAST_WEEK, "认识情绪", ActivityScope.CLASSES, class_ids=place.eight_classes[:2]
    )
    return school_activities.record_activities(s.db, s.actor, [entry], now=FIXED_NOW)


def _record_training(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    place = add_activity_school(all_)
    entry = TrainingInput(tuple(place.staff.values())[:2], "心理健康教育培训", LAST_WEEK, 4, TrainingLevel.CITY)
    return trainings.record_trainings(s.db, s.actor, [entry], now=FIXED_NOW)


def _record_meeting(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    add_activity_school(all_)
    entry = MeetingInput(MeetingBody.LEADING_GROUP, LAST_WEEK, "部署工作")
    return meetings.record_meetings(s.db, s.actor, [entry], now=FIXED_NOW)


ACTIVITIES_SCHOOL_MATRIX: dict[str, tuple[frozenset[Role], Any]] = {
    "lessons.record_lessons": (RECORD, _record_lesson),
    "lessons.list_lessons": (
        VIEW,
        lambda s, a, k: lessons.list_lessons(s.db, s.actor, start=TERM_START, end=TODAY, now=FIXED_NOW),
    ),
    "lessons.delete_lesson": (RECORD, _lesson),
    "school_activities.record_activities": (RECORD, _record_activity),
    "school_activities.list_activities": (
        VIEW,
        lambda s, a, k: school_activities.list_activities(s.db, s.actor, start=TERM_START, end=TODAY, now=FIXED_NOW),
    ),
    "school_activities.delete_activity": (RECORD, _activity),
    "trainings.record_trainings": (RECORD, _record_training),
    "trainings.list_trainings": (
        VIEW,
        lambda s, a, k: trainings.list_trainings(s.db, s.actor, start=TERM_START, end=TODAY, now=FIXED_NOW),
    ),
    "trainings.delete_training": (RECORD, _training),
    "meetings.record_meetings": (RECORD, _record_meeting),
    "meetings.list_meetings": (
        VIEW,
        lambda s, a, k: meetings.list_meetings(s.db, s.actor, start=TERM_START, end=TODAY, now=FIXED_NOW),
    ),
    "meetings.delete_meeting": (RECORD, _meeting),
}


def _keeper(s: Session, all_: dict[Role, Session]) -> Session:
    return s if s.actor.role in SETUP else all_.get(Role.LEAD, s)


def _area_id(s: Session, all_: dict[Role, Session]) -> int:
    """A 功能区 added by a keeper of the room facts (a fresh name each time)."""
    by = _keeper(s, all_)
    taken = len(room_facts.room_facts(by.db, by.actor, now=FIXED_NOW).areas)
    room_facts.save_room_area(by.db, by.actor, RoomAreaInput(f"功能区{taken + 1}", 10), now=FIXED_NOW)
    return max(a.id for a in room_facts.room_facts(by.db, by.actor, now=FIXED_NOW).areas)


def _remove_budget(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    by = _keeper(s, all_)
    room_facts.set_room_budget(by.db, by.actor, RoomBudget("2024-2025", 100), now=FIXED_NOW)
    return room_facts.remove_room_budget(s.db, s.actor, "2024-2025", now=FIXED_NOW)


def _room_use(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    add_activity_school(all_)
    admin = all_.get(Role.ADMIN, s)
    term_id = school_calendar.list_terms(admin.db, admin.actor, now=FIXED_NOW)[0].id
    return room_facts.room_use(s.db, s.actor, term_id, now=FIXED_NOW)


ROOM_FACTS_MATRIX: dict[str, tuple[frozenset[Role], Any]] = {
    "room_facts.room_facts": (ALL, lambda s, a, k: room_facts.room_facts(s.db, s.actor, now=FIXED_NOW)),
    "room_facts.save_room_area": (
        SETUP,
        lambda s, a, k: room_facts.save_room_area(
            s.db, s.actor, RoomAreaInput("宣泄室", 12), area_id=_area_id(s, a), now=FIXED_NOW
        ),
    ),
    "room_facts.remove_room_area": (
        SETUP,
        lambda s, a, k: room_facts.remove_room_area(s.db, s.actor, _area_id(s, a), now=FIXED_NOW),
    ),
    "room_facts.set_room_rule": (
        SETUP,
        lambda s, a, k: room_facts.set_room_rule(
            s.db, s.actor, RoomRule(RoomRuleName.GUIDELINES, True, LAST_WEEK, True), now=FIXED_NOW
        ),
    ),
    "room_facts.set_room_budget": (
        SETUP,
        lambda s, a, k: room_facts.set_room_budget(s.db, s.actor, RoomBudget("2025-2026", 20000), now=FIXED_NOW),
    ),
    "room_facts.remove_room_budget": (SETUP, _remove_budget),
    "room_facts.room_use": (ALL, _room_use),
}
ACTIVITIES_SCHOOL_MATRIX.update(ROOM_FACTS_MATRIX)
