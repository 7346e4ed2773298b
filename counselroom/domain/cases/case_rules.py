"""A case's status, its issue types and what the acting user may do with it now.

`allowed_case_actions` decides both what the case services accept and which buttons the 个案 page
enables, so the two never disagree:

| who                        | 进行中                          | 已结案                    |
| ---                        | ---                             | ---                       |
| lead (READ_ALL_CASES)      | 查看 写记录 指派 共享 结案       | 查看 指派 共享 重新开案    |
| counselor assigned (负责)  | 查看 写记录 共享 结案            | 查看 共享 重新开案         |
| colleague shared (共享)    | 查看                            | 查看                      |
| anyone else                | —                               | —                         |

A closed case takes no new record until it is reopened; it may still be handed over (指派) or shown
to a colleague (共享), so a case whose counselor has left can be reopened by the next one.
"""

from __future__ import annotations

import enum

from counselroom.domain.cases.access import CaseAccess, is_lead, may_read_case, may_write_case
from counselroom.domain.roles import Actor


class CaseStatus(enum.StrEnum):
    """The words care.cases.status keeps (its CHECK constraint lists the same two)."""

    OPEN = "进行中"
    CLOSED = "已结案"


class IssueType(enum.StrEnum):
    """Why a case was opened (issue #10 item 1). 欺凌, 暴力, 性侵犯 are S003 item 25's words for the
    trauma a student has suffered (遭受欺凌、暴力、性侵犯…心理创伤干预). Descriptive areas of concern,
    never a diagnosis."""

    ACADEMIC = "学业"
    RELATIONSHIPS = "人际"
    FAMILY = "家庭"
    EMOTIONS = "情绪"
    SELF_HARM_RISK = "自伤风险"
    BULLYING = "欺凌"
    VIOLENCE = "暴力"
    SEXUAL_ABUSE = "性侵犯"
    OTHER = "其他"

    @property
    def is_trauma(self) -> bool:
        """S003 item 25: calls for timely 心理创伤干预."""
        return self in (IssueType.BULLYING, IssueType.VIOLENCE, IssueType.SEXUAL_ABUSE)


class CaseAction(enum.StrEnum):
    VIEW = "查看"
    WRITE = "写记录"
    ASSIGN = "指派"
    SHARE = "共享"
    CLOSE = "结案"
    REOPEN = "重新开案"


_WHILE_OPEN = frozenset({CaseAction.VIEW, CaseAction.WRITE, CaseAction.SHARE, CaseAction.CLOSE})
_WHILE_CLOSED = frozenset({CaseAction.VIEW, CaseAction.SHARE, CaseAction.REOPEN})
_READ_ONLY = frozenset({CaseAction.VIEW})


def allowed_case_actions(status: CaseStatus, actor: Actor, access: CaseAccess) -> frozenset[CaseAction]:
    """What `actor` may do with a case in `status` now (see the module's table)."""
    if not may_read_case(actor, access):
        return frozenset()
    if not may_write_case(actor, access):
        return _READ_ONLY
    actions = _WHILE_OPEN if status is CaseStatus.OPEN else _WHILE_CLOSED
    return actions | {CaseAction.ASSIGN} if is_lead(actor) else actions
