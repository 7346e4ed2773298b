"""allowed_case_actions: every role × part on the case × status, and the enums' words."""

from __future__ import annotations

import pytest

from counselroom.domain.cases.case_rules import CaseAction, CaseStatus, IssueType, allowed_case_actions
from tests.domain.cases.people import ACCESS, EVERYONE

V, W, A, S, C, R = (
    CaseAction.VIEW,
    CaseAction.WRITE,
    CaseAction.ASSIGN,
    CaseAction.SHARE,
    CaseAction.CLOSE,
    CaseAction.REOPEN,
)
NOTHING: frozenset[CaseAction] = frozenset()

# The module docstring's table, row by row.
EXPECTED = {
    ("lead", CaseStatus.OPEN): {V, W, A, S, C},
    ("lead", CaseStatus.CLOSED): {V, A, S, R},
    ("assigned", CaseStatus.OPEN): {V, W, S, C},
    ("assigned", CaseStatus.CLOSED): {V, S, R},
    ("shared", CaseStatus.OPEN): {V},
    ("shared", CaseStatus.CLOSED): {V},
}


@pytest.mark.parametrize("status", list(CaseStatus))
@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_what_each_person_may_do_with_a_case(who: str, status: CaseStatus) -> None:
    assert allowed_case_actions(status, EVERYONE[who], ACCESS) == EXPECTED.get((who, status), NOTHING)


def test_a_closed_case_takes_no_record_and_an_open_one_no_reopening() -> None:
    for actor in EVERYONE.values():
        assert W not in allowed_case_actions(CaseStatus.CLOSED, actor, ACCESS)
        assert C not in allowed_case_actions(CaseStatus.CLOSED, actor, ACCESS)
        assert R not in allowed_case_actions(CaseStatus.OPEN, actor, ACCESS)


def test_only_a_lead_assigns() -> None:
    assigners = {
        who for who, actor in EVERYONE.items() for s in CaseStatus if A in allowed_case_actions(s, actor, ACCESS)
    }
    assert assigners == {"lead"}


def test_the_words_are_the_stores_and_the_seeds() -> None:
    assert [s.value for s in CaseStatus] == ["进行中", "已结案"]  # care.cases CHECK constraint
    assert [t.value for t in IssueType] == [
        "学业",
        "人际",
        "家庭",
        "情绪",
        "自伤风险",
        "欺凌",
        "暴力",
        "性侵犯",
        "其他",
    ]
    assert {t for t in IssueType if t.is_trauma} == {IssueType.BULLYING, IssueType.VIOLENCE, IssueType.SEXUAL_ABUSE}
    assert [a.value for a in CaseAction] == ["查看", "写记录", "指派", "共享", "结案", "重新开案"]
    assert IssueType("欺凌") is IssueType.BULLYING and CaseStatus("已结案") is CaseStatus.CLOSED
