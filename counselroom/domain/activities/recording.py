"""Rules shared by the activity records: who may delete an entry (every kind, talks and home
visits too), and the sizes of the fields of those that name no student (心理课, 班会与活动, 培训, 会议).

A wrong entry is deleted and entered again (there is no edit): its recorder knows it is wrong,
and the lead keeps the school's record straight, so those two may delete it."""

from __future__ import annotations

from datetime import date

from counselroom.domain.roles import Actor, Role

MAX_TITLE = 100  # 课题, 活动名称, 培训名称, 会议议题
MAX_NAME = 60  # 组织单位, 场合, 形式
MAX_TEXT = 1000  # 备注, 会议决定
MAX_PARTICIPANTS = 100_000
MAX_ATTENDEES = 1000
LESSON_HOURS = (1, 8)
LESSON_PERIODS = (1, 12)
TRAINING_HOURS = (0, 500)


def may_delete(actor: Actor, recorded_by: int) -> bool:
    """The recorder (a wrong entry of their own) or the lead (any entry)."""
    return actor.role is Role.LEAD or int(actor.user_id) == recorded_by


def day_text(day: date) -> str:
    """2025年10月13日, as a message names a date."""
    return f"{day.year}年{day.month}月{day.day}日"
