"""危机事件 (S004: 一校一案, 及时发现危机事件、规范启动应急预案、快速处置危机情况; S001: 事后安抚疏导,
有预案、有队伍、有干预、有指导): who works an incident, its states, and what may happen next.

Status: 处置中 → (提交会签) → 待会签 → (会签) → 已结案; a lead may send a submitted incident back
(退回) to 处置中. The time line (处置记录) is append-only: a correction is a later event. Closing
needs the lead's co-signature, and **a lead never co-signs an incident they opened or submitted
themselves** — when that lead is the school's only one, it waits for another lead account.

`allowed_incident_actions` decides both what the incident services accept and which buttons the
page enables:

| who                                  | 处置中                         | 待会签        | 已结案 |
| ---                                  | ---                            | ---           | ---    |
| lead (READ_ALL_CASES)                | 查看 记录 事后安抚 随访 提交会签 | 查看 会签* 退回 | 查看   |
| counselor responsible or on the team | 查看 记录 事后安抚 随访 提交会签 | 查看          | 查看   |
| anyone else (principal, admin too)   | —                              | —             | —      |

*会签 only for a lead who is neither the author nor the submitter. 提交会签 only when
`closing_problems` finds nothing (the leader in charge notified, every after-care follow-up done).
A counselor given a person's after-care joins the team, so their follow-ups are theirs to record.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.cases.access import is_lead
from counselroom.domain.roles import Actor, Permission, UserId


class IncidentStatus(enum.StrEnum):
    """The words care.incidents.status and incident_status.status keep (their CHECKs list them)."""

    OPEN = "处置中"
    AWAITING_COSIGN = "待会签"
    CLOSED = "已结案"


class IncidentKind(enum.StrEnum):
    """S004: 全力预防学生自伤、他伤等极端事件. Descriptive, never a diagnosis."""

    SELF_HARM = "自伤"
    HARM_TO_OTHERS = "他伤"
    BOTH = "自伤及他伤"
    OTHER = "其他心理危机"


class RiskLevel(enum.StrEnum):
    HIGH = "高"
    MEDIUM = "中"
    LOW = "低"

    @property
    def label(self) -> str:
        return f"{self.value}风险"


class EventKind(enum.StrEnum):
    """What a time-line entry records. The three 通知 kinds are the people S001/S004 name."""

    REPORTED = "发现报告"
    ASSESSED = "风险评估"
    HEAD_TEACHER_NOTIFIED = "通知班主任"
    GUARDIAN_NOTIFIED = "通知家长"
    LEADER_NOTIFIED = "通知分管校领导"
    ESCORTED = "陪护"
    REFERRED = "转介"
    TO_HOSPITAL = "送医"
    COMFORTED = "安抚疏导"
    OTHER = "其他处置"

    @property
    def is_notice(self) -> bool:
        return self in NOTICE_KINDS


NOTICE_KINDS = frozenset({EventKind.HEAD_TEACHER_NOTIFIED, EventKind.GUARDIAN_NOTIFIED, EventKind.LEADER_NOTIFIED})


class IncidentAction(enum.StrEnum):
    VIEW = "查看"
    RECORD = "记录"  # a time-line event, the risk level, the team
    AFTERCARE = "事后安抚"  # add a person to the after-care list, plan a follow-up
    FOLLOW_UP = "随访"  # record a follow-up as done
    SUBMIT = "提交会签"
    COSIGN = "会签"
    RETURN = "退回"


@dataclass(frozen=True)
class IncidentAccess:
    """Who works one incident: the responsible counselor and the team (care.incident_team)."""

    responsible: UserId
    team: frozenset[UserId] = frozenset()

    def works(self, user_id: UserId) -> bool:
        return user_id == self.responsible or user_id in self.team


@dataclass(frozen=True)
class IncidentFacts:
    """What decides the next step (not the text): state, author, submitter, readiness."""

    status: IncidentStatus
    opened_by: UserId
    submitted_by: UserId | None = None
    leader_notified: bool = False
    open_followups: int = 0


def may_read_incident(actor: Actor, access: IncidentAccess) -> bool:
    """The lead reads every incident; a counselor those they work; nobody else (not the principal:
    what the principal sees is the status kept in the school store)."""
    if is_lead(actor):
        return True
    return actor.can(Permission.READ_ASSIGNED_CASES) and access.works(actor.user_id)


def may_work_incident(actor: Actor, access: IncidentAccess) -> bool:
    return actor.can(Permission.WRITE_CASES) and may_read_incident(actor, access)


def closing_problems(facts: IncidentFacts) -> tuple[str, ...]:
    """Why the incident cannot be submitted for co-signing yet, in Chinese (empty: it can)."""
    problems = []
    if not facts.leader_notified:
        problems.append("处置记录中还没有“通知分管校领导”")
    if facts.open_followups:
        problems.append(f"还有 {facts.open_followups} 次事后安抚随访未完成")
    return tuple(problems)


def may_cosign_incident(facts: IncidentFacts, actor: Actor) -> bool:
    """A lead who neither opened nor submitted it, on an incident waiting for co-signature."""
    return (
        facts.status is IncidentStatus.AWAITING_COSIGN
        and is_lead(actor)
        and actor.user_id not in (facts.opened_by, facts.submitted_by)
    )


def allowed_incident_actions(
    facts: IncidentFacts, actor: Actor, access: IncidentAccess, now: datetime
) -> frozenset[IncidentAction]:
    """What `actor` may do with the incident now (see the module's table). `now` keeps the shape of
    every allowed_actions — no incident action depends on the hour yet."""
    if not may_read_incident(actor, access):
        return frozenset()
    actions = {IncidentAction.VIEW}
    if not may_work_incident(actor, access) or facts.status is IncidentStatus.CLOSED:
        return frozenset(actions)
    if facts.status is IncidentStatus.OPEN:
        actions |= {IncidentAction.RECORD, IncidentAction.AFTERCARE, IncidentAction.FOLLOW_UP}
        if not closing_problems(facts):
            actions.add(IncidentAction.SUBMIT)
    elif is_lead(actor):
        actions.add(IncidentAction.RETURN)
        if may_cosign_incident(facts, actor):
            actions.add(IncidentAction.COSIGN)
    return frozenset(actions)


def followup_overdue(due_on: date, now: datetime) -> bool:
    """A follow-up still open after its day."""
    return due_on < now.date()
