"""The four roles of SPEC §1 and what each may do — written once, checked in the services."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import NewType

from counselroom.domain.errors import AccessDenied, ValidationError

UserId = NewType("UserId", int)


class Role(enum.StrEnum):
    COUNSELOR = "counselor"
    LEAD = "lead"
    PRINCIPAL = "principal"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> Role:
        """Accept the English code or the Chinese label (for CLI and imports)."""
        for role in cls:
            if text.strip() in (role.value, role.label):
                return role
        choices = "、".join(f"{r.value}（{r.label}）" for r in cls)
        raise ValidationError(f"未知角色“{text}”，可选：{choices}", field="角色")


ROLE_LABELS = {
    Role.COUNSELOR: "心理教师",
    Role.LEAD: "心理中心负责人",
    Role.PRINCIPAL: "校领导",
    Role.ADMIN: "管理员",
}


class Permission(enum.Enum):
    """What a service may be asked to do. Case-level checks add assignment on top."""

    SIGN_IN = "登录"
    VIEW_SCHOOL = "查看学校信息"
    MANAGE_ACCOUNTS = "管理账号"
    MANAGE_SETTINGS = "修改设置"
    VIEW_AUDIT = "查看审计日志"
    CHECK_INTEGRITY = "检查数据完整性"
    VIEW_ROSTER = "查看学生名单"
    MANAGE_ROSTER = "维护学生名单"
    VIEW_AGGREGATES = "查看统计"
    READ_ASSIGNED_CASES = "阅读个案"  # the refusal reads "校领导无权阅读个案"
    READ_ALL_CASES = "阅读全部个案"
    WRITE_CASES = "记录个案"
    GENERATE_DEMO = "生成演示数据"
    VIEW_WARNINGS = "查看预警名单"
    MANAGE_WARNINGS = "维护预警名单"
    VIEW_SCREENING_DETAIL = "查看个人测评结果"
    RECORD_SCREENING = "导入或录入测评"
    VIEW_CARE_RECORDS = "查看关爱记录"
    WRITE_CARE_RECORDS = "记录关爱信息"
    MANAGE_MENTORS = "安排成长导师"
    MANAGE_ROOM_SETUP = "设置辅导室、开放时间和校历"
    SCHEDULE_APPOINTMENTS = "查看和安排预约"
    COSIGN_RED_REJECTIONS = "确认红色预警建议不列入"
    CONFIRM_CARE_ACCESS = "确认或撤销心理档案访问权限"
    IMPORT_ENROLMENT = "导入学生名单"
    ACKNOWLEDGE_AUDIT_BREAKS = "确认已知悉审计日志问题"
    READ_CRISIS_PLAN = "查看危机干预预案"
    EDIT_CRISIS_PLAN = "修改危机干预预案"
    VIEW_PARTNERS = "查看合作机构"
    MANAGE_PARTNERS = "维护合作机构"
    RECORD_ACTIVITIES = "记录心理健康教育活动"  # lessons, 班会, 培训, 会议: no student named
    VIEW_ACTIVITIES = "查看心理健康教育活动"
    WRITE_REPORT_NOTES = "填写自查报告的问题与改进措施"  # school store: names no student
    MAKE_BACKUPS = "备份数据和设置自动备份"  # copies under the same keys: reads nothing it could not before
    SET_RETENTION = "设置学生档案保存年限"  # a school setting: the lead or the admin (issue #14)
    PURGE_EXPIRED = "清除到期的学生档案"  # both stores, past the school's period: the lead alone
    EXPORT_NAMED_LISTS = "导出含学生姓名的名单"  # a 班主任's class list: a stated reason, a watermark


_COUNSELOR = {
    Permission.SIGN_IN,
    Permission.VIEW_SCHOOL,
    Permission.VIEW_ROSTER,
    Permission.VIEW_AGGREGATES,
    Permission.READ_ASSIGNED_CASES,
    Permission.WRITE_CASES,
    Permission.VIEW_WARNINGS,
    Permission.MANAGE_WARNINGS,
    Permission.VIEW_SCREENING_DETAIL,
    Permission.RECORD_SCREENING,
    Permission.VIEW_CARE_RECORDS,
    Permission.WRITE_CARE_RECORDS,
    Permission.MANAGE_MENTORS,
    Permission.SCHEDULE_APPOINTMENTS,  # the calendar shows students' names
    Permission.READ_CRISIS_PLAN,  # the school's 预案: staff and contacts, no student (school store)
    Permission.VIEW_PARTNERS,  # where a referral goes: school information, the school store
    Permission.RECORD_ACTIVITIES,  # talks and home visits name students: WRITE_CARE_RECORDS besides
    Permission.VIEW_ACTIVITIES,
    Permission.EXPORT_NAMED_LISTS,  # names from the warning list leave the room (SECURITY.md 12)
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.COUNSELOR: frozenset(_COUNSELOR),
    Role.LEAD: frozenset(
        _COUNSELOR
        | {
            Permission.READ_ALL_CASES,
            Permission.VIEW_AUDIT,
            Permission.CHECK_INTEGRITY,
            Permission.MANAGE_ROOM_SETUP,
            Permission.COSIGN_RED_REJECTIONS,  # a red proposal is not dropped on one counselor's word
            Permission.CONFIRM_CARE_ACCESS,  # seals the care key to a colleague's slot (SECURITY.md 3a)
            Permission.IMPORT_ENROLMENT,  # a 名单 with its 家庭情况 column: only a care-key holder writes those
            Permission.ACKNOWLEDGE_AUDIT_BREAKS,  # SECURITY.md 9: a break is reported until a lead acknowledges it
            Permission.EDIT_CRISIS_PLAN,  # 一校一案: the lead keeps the school's crisis plan
            Permission.MANAGE_PARTNERS,  # 定点合作 hospitals and agencies, their 绿色通道 contacts
            Permission.WRITE_REPORT_NOTES,
            Permission.MAKE_BACKUPS,
            Permission.SET_RETENTION,
            Permission.PURGE_EXPIRED,  # deletes care records for good: who keeps them decides
        }
    ),
    # Aggregates only: never case text, item answers or warning-list names (SPEC §1).
    # Lessons, meetings and trainings name no student: the principal reads them for the 自查.
    Role.PRINCIPAL: frozenset(
        {Permission.SIGN_IN, Permission.VIEW_SCHOOL, Permission.VIEW_AGGREGATES, Permission.VIEW_ACTIVITIES}
        | {Permission.WRITE_REPORT_NOTES}  # the 学期自查报告's 问题与改进措施
    ),
    # Accounts, settings, roster, backups — not case notes by virtue of the role alone.
    Role.ADMIN: frozenset(
        {
            Permission.SIGN_IN,
            Permission.VIEW_SCHOOL,
            Permission.MANAGE_ACCOUNTS,
            Permission.MANAGE_SETTINGS,
            Permission.VIEW_AUDIT,
            Permission.CHECK_INTEGRITY,
            Permission.VIEW_ROSTER,
            Permission.MANAGE_ROSTER,
            Permission.IMPORT_ENROLMENT,  # without the 家庭情况 column: care data
            Permission.VIEW_AGGREGATES,
            Permission.GENERATE_DEMO,
            Permission.MANAGE_ROOM_SETUP,
            Permission.MAKE_BACKUPS,  # both stores: the care store as ciphertext (docs/security-design.md §8)
            Permission.SET_RETENTION,
        }
    ),
}


# Who may hold the care key once a lead confirms them (SECURITY.md 3a). A principal's or admin's
# slot never carries it, whatever the key file says.
CARE_ROLES = frozenset({Role.COUNSELOR, Role.LEAD})

# What reads or writes the care store: refused to a counselor or lead not yet confirmed.
NEEDS_CARE_KEY = frozenset(
    {
        Permission.READ_ASSIGNED_CASES,
        Permission.READ_ALL_CASES,
        Permission.WRITE_CASES,
        Permission.VIEW_WARNINGS,
        Permission.MANAGE_WARNINGS,
        Permission.VIEW_SCREENING_DETAIL,
        Permission.RECORD_SCREENING,
        Permission.VIEW_CARE_RECORDS,
        Permission.WRITE_CARE_RECORDS,
        Permission.MANAGE_MENTORS,
        Permission.SCHEDULE_APPOINTMENTS,
        Permission.COSIGN_RED_REJECTIONS,
        Permission.CONFIRM_CARE_ACCESS,
        Permission.PURGE_EXPIRED,
        Permission.EXPORT_NAMED_LISTS,
    }
)


@dataclass(frozen=True)
class Actor:
    """The signed-in user on whose behalf a service acts."""

    user_id: UserId
    username: str
    display_name: str
    role: Role
    # Whether the session holds the care key: a counselor or lead a lead has not confirmed yet
    # works on the school store only, so the care permissions are not theirs for now.
    holds_care: bool = True

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role] and (self.holds_care or permission not in NEEDS_CARE_KEY)

    def role_grants(self, permission: Permission) -> bool:
        """What the role allows once the account holds the care key."""
        return permission in ROLE_PERMISSIONS[self.role]


def require(actor: Actor, permission: Permission) -> None:
    """Raise AccessDenied unless the actor's role grants the permission."""
    if not actor.can(permission):
        raise AccessDenied(f"{actor.role.label}无权{permission.value}")


def may_read_case(actor: Actor, *, assigned_to: UserId | None, shared_with: frozenset[UserId]) -> bool:
    """SPEC §1: counselors read their own and shared cases; the lead reads all; others none."""
    if actor.can(Permission.READ_ALL_CASES):
        return True
    if actor.can(Permission.READ_ASSIGNED_CASES):
        return actor.user_id == assigned_to or actor.user_id in shared_with
    return False
