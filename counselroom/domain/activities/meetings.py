"""会议 of the bodies S001 names (领导小组, 工作小组, 心理危机干预小组) and S003 item 37's 学生心理健康
教育和生命健康关爱工作会议 (每学期不少于 2 次)."""

from __future__ import annotations

import enum


class MeetingBody(enum.StrEnum):
    LEADING_GROUP = "心理健康教育领导小组"
    WORKING_GROUP = "心理健康教育工作小组"
    CRISIS_TEAM = "心理危机干预小组"
    CARE_MEETING = "心理健康教育和生命健康关爱工作会议"
