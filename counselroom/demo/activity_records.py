"""The demo school's psychological-education work over its generated years (issue #12 item 5):
心理课, 六谈 and 家访, 班会 and 专题活动, 家长学校, 宣传, 团体辅导, 心理委员培训, trainings, meetings and
the room's facts — mostly as the profile asks, with the gaps a real school has: a few classes
missing lessons for weeks, families not yet visited as the current term nears its end, a grade
without its 专题活动 one term, teachers short of their training hours, a term with one meeting.

Everything is dated on school days before today and written through the store's repositories,
with its own dice (`activities-{seed}`), after every other record: nothing generated before it
changes. The parts (activity_lessons, activity_talks, activity_events, activity_staff) share what
activity_ground.py reads back."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime

from counselroom.demo import activity_events, activity_lessons, activity_staff, activity_talks
from counselroom.demo.activity_ground import load_ground
from counselroom.store.connection import Connection


def add_activities(conn: Connection, rng: random.Random, *, user_ids: Mapping[str, int], now: datetime) -> None:
    ground = load_ground(conn, rng, user_ids, now)
    activity_lessons.add_lessons(ground)
    activity_talks.add_talks(ground)
    activity_talks.add_home_visits(ground)
    activity_events.add_events(ground)
    activity_staff.add_trainings(ground)
    activity_staff.add_meetings(ground)
    activity_staff.add_room_facts(ground)
