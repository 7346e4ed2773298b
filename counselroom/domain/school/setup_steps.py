"""The order a new school is set up in (UX.md): 学年学期 → 辅导室与开放时间 → 教职工 → 名单 — each
step with the permission it needs, so a page can say what to do first and who may do it."""

from __future__ import annotations

import enum

from counselroom.domain.roles import ROLE_PERMISSIONS, Permission, Role


class SetupStep(enum.Enum):
    """In the order they are done; the value is the step's name as the teachers see it."""

    TERMS = "学年学期"
    ROOMS = "辅导室与开放时间"
    STAFF = "教职工"
    ENROLMENT = "名单"

    @property
    def permission(self) -> Permission:
        return _PERMISSIONS[self]

    @property
    def task(self) -> str:
        """What doing the step means, in a few words."""
        return _TASKS[self]

    @property
    def who(self) -> str:
        """The roles that may do it: 管理员, or 心理中心负责人或管理员."""
        roles = [role.label for role in Role if self.permission in ROLE_PERMISSIONS[role]]
        return "或".join(roles)


_PERMISSIONS = {
    SetupStep.TERMS: Permission.MANAGE_SETTINGS,
    SetupStep.ROOMS: Permission.MANAGE_ROOM_SETUP,
    SetupStep.STAFF: Permission.MANAGE_ROSTER,
    SetupStep.ENROLMENT: Permission.MANAGE_ROSTER,
}

_TASKS = {
    SetupStep.TERMS: "添加本学年和两个学期的起止日期",
    SetupStep.ROOMS: "添加辅导室，填写每周开放时间",
    SetupStep.STAFF: "添加教职工，值班教师从中选",
    SetupStep.ENROLMENT: "从 Excel 导入学生名单",
}

ORDER = tuple(SetupStep)
