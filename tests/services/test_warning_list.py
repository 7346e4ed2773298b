"""三级预警: listing, levels with history, reviews, proposals, and the principal's counts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from counselroom.domain.care.warnings import WarningLevel, WarningSource
from counselroom.domain.errors import AccessDenied, AlreadyExists, NotFound, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.care import proposals, warning_list
from counselroom.store.care import warnings as store
from tests.conftest import FIXED_NOW
from tests.school_data import add_small_school

TODAY = FIXED_NOW.date()


@pytest.fixture
def room(sessions: dict[Role, Session]) -> dict[Role, Session]:
    add_small_school(sessions[Role.ADMIN])
    return sessions


def _add(s: Session, student_id: int, level: WarningLevel, **kw: object) -> None:
    warning_list.add_to_warning_list(
        s.db,
        s.actor,
        student_id,
        level=level,
        reason="班主任反映情绪持续低落",
        source=WarningSource.HEAD_TEACHER,
        now=FIXED_NOW,
        **kw,
    )  # type: ignore[arg-type]


def test_list_orders_by_level_then_review_date(room: dict[Role, Session]) -> None:
    c = room[Role.COUNSELOR]
    _add(c, 1, WarningLevel.YELLOW)
    _add(c, 2, WarningLevel.RED)
    _add(c, 3, WarningLevel.ORANGE, review_on=TODAY + timedelta(days=3))
    _add(c, 4, WarningLevel.ORANGE, review_on=TODAY + timedelta(days=1))
    entries = warning_list.list_warnings(c.db, c.actor, now=FIXED_NOW)
    assert [e.student_name for e in entries] == ["李雨涵", "陈思琪", "王子轩", "张晓明"]
    assert entries[0].review_on == TODAY + timedelta(days=7)  # red: a week by default
    assert entries[0].counselor == "王老师"


def test_a_student_is_listed_once_and_reasons_are_required(room: dict[Role, Session]) -> None:
    c = room[Role.COUNSELOR]
    _add(c, 1, WarningLevel.YELLOW)
    with pytest.raises(AlreadyExists):
        _add(c, 1, WarningLevel.RED)
    with pytest.raises(ValidationError, match="原因"):
        warning_list.add_to_warning_list(
            c.db, c.actor, 2, level=WarningLevel.RED, reason=" ", source=WarningSource.OTHER, now=FIXED_NOW
        )
    with pytest.raises(ValidationError, match="复评日期"):
        _add(c, 2, WarningLevel.RED, review_on=TODAY - timedelta(days=1))


def test_every_change_is_kept_as_history(room: dict[Role, Session]) -> None:
    c, lead = room[Role.COUNSELOR], room[Role.LEAD]
    _add(c, 1, WarningLevel.YELLOW)
    entry = warning_list.list_warnings(c.db, c.actor, now=FIXED_NOW)[0]
    warning_list.change_warning_level(
        lead.db, lead.actor, entry.id, level=WarningLevel.RED, reason="谈话中流露轻生念头", now=FIXED_NOW
    )
    warning_list.record_review(
        c.db,
        c.actor,
        entry.id,
        reason="复评：情绪有所好转，继续关注",
        now=FIXED_NOW,
        next_review_on=TODAY + timedelta(days=10),
    )
    with pytest.raises(ValidationError, match="当前已是"):
        warning_list.change_warning_level(c.db, c.actor, entry.id, level=WarningLevel.RED, reason="再次", now=FIXED_NOW)
    warning_list.close_warning(c.db, c.actor, entry.id, reason="连续两次复评稳定，解除预警", now=FIXED_NOW)
    history = warning_list.warning_history(c.db, c.actor, entry.id, now=FIXED_NOW)
    assert [(h.action, h.from_level, h.to_level, h.who) for h in history] == [
        ("列入", "", "黄色", "王老师"),
        ("调整", "黄色", "红色", "李主任"),
        ("复评", "红色", "红色", "王老师"),
        ("解除", "红色", "", "王老师"),
    ]
    assert warning_list.list_warnings(c.db, c.actor, now=FIXED_NOW) == []
    with pytest.raises(NotFound):
        warning_list.record_review(c.db, c.actor, entry.id, reason="再复评", now=FIXED_NOW)


def test_reviews_due_lists_overdue_first(room: dict[Role, Session]) -> None:
    c = room[Role.COUNSELOR]
    _add(c, 1, WarningLevel.YELLOW)  # review in 30 days: not due
    _add(c, 2, WarningLevel.RED, review_on=TODAY + timedelta(days=2))
    later = FIXED_NOW + timedelta(days=5)
    due = warning_list.reviews_due(c.db, c.actor, now=later)
    assert [(d.student_name, d.review_overdue) for d in due] == [("李雨涵", True)]


def test_principal_sees_counts_by_level_and_grade_but_no_names(room: dict[Role, Session]) -> None:
    c, p = room[Role.COUNSELOR], room[Role.PRINCIPAL]
    _add(c, 1, WarningLevel.YELLOW)
    _add(c, 2, WarningLevel.RED)
    _add(c, 5, WarningLevel.RED)
    mine = warning_list.warning_counts(c.db, c.actor, now=FIXED_NOW)  # the care side sees the numbers
    assert mine.by_level == {"红色": 2, "橙色": 0, "黄色": 1} and mine.total == 3
    assert mine.by_grade == {"初一": {"黄色": 1, "红色": 1}, "初三": {"红色": 1}}
    counts = warning_list.warning_counts(p.db, p.actor, now=FIXED_NOW)
    # The principal: every count from 1 to the profile's threshold (4) reads "<5"; zeros stay.
    assert counts.table is not None
    assert [[c.text for c in row] for row in counts.table.cells] == [["<5", "0", "<5"], ["<5", "0", "0"]]
    assert counts.table.grand_total.text == "<5" and "“<5”表示 1–4 人" in counts.table.footnote
    assert counts.total == 0 and counts.by_level == {"红色": 0, "橙色": 0, "黄色": 0}  # no number leaves
    assert "张晓明" not in repr(counts) and "李雨涵" not in repr(counts)
    for read in (warning_list.list_warnings, warning_list.reviews_due, proposals.pending_proposals):
        with pytest.raises(AccessDenied):
            read(p.db, p.actor, now=FIXED_NOW)
    with pytest.raises(AccessDenied):
        warning_list.warning_history(p.db, p.actor, 1, now=FIXED_NOW)


def test_admin_cannot_see_the_warning_list(room: dict[Role, Session]) -> None:
    admin = room[Role.ADMIN]
    with pytest.raises(AccessDenied):
        warning_list.list_warnings(admin.db, admin.actor, now=FIXED_NOW)


def _propose(s: Session, student_id: int, level: WarningLevel) -> int:
    with s.db.transaction() as conn:
        return store.insert_proposal(conn, student_id=student_id, level=level, reason="PHQ-9 筛查阳性", now=FIXED_NOW)


def test_a_proposal_is_confirmed_at_the_counselors_level(room: dict[Role, Session]) -> None:
    c = room[Role.COUNSELOR]
    pid = _propose(c, 1, WarningLevel.ORANGE)
    pending = proposals.pending_proposals(c.db, c.actor, now=FIXED_NOW)
    assert [(p.student_name, p.proposed_level) for p in pending] == [("张晓明", WarningLevel.ORANGE)]
    proposals.confirm_proposal(
        c.db, c.actor, pid, level=WarningLevel.YELLOW, reason="访谈后判断为轻度，先列黄色", now=FIXED_NOW
    )
    entries = warning_list.list_warnings(c.db, c.actor, now=FIXED_NOW)
    assert [(e.student_name, e.level) for e in entries] == [("张晓明", WarningLevel.YELLOW)]
    assert proposals.pending_proposals(c.db, c.actor, now=FIXED_NOW) == []
    with pytest.raises(NotFound):
        proposals.reject_proposal(c.db, c.actor, pid, reason="已经处理过了", now=FIXED_NOW)


def test_confirming_a_higher_level_raises_an_existing_entry(room: dict[Role, Session]) -> None:
    c = room[Role.COUNSELOR]
    _add(c, 2, WarningLevel.YELLOW)
    pid = _propose(c, 2, WarningLevel.RED)
    assert proposals.pending_proposals(c.db, c.actor, now=FIXED_NOW)[0].current_level is WarningLevel.YELLOW
    proposals.confirm_proposal(
        c.db, c.actor, pid, level=WarningLevel.RED, reason="第 9 题阳性，升为红色", now=FIXED_NOW
    )
    assert warning_list.list_warnings(c.db, c.actor, now=FIXED_NOW)[0].level is WarningLevel.RED


def test_rejecting_needs_a_reason_and_lists_nobody(room: dict[Role, Session]) -> None:
    c = room[Role.COUNSELOR]
    pid = _propose(c, 3, WarningLevel.YELLOW)
    with pytest.raises(ValidationError):
        proposals.reject_proposal(c.db, c.actor, pid, reason="不", now=FIXED_NOW)
    proposals.reject_proposal(c.db, c.actor, pid, reason="复评访谈未见异常，作答时心情不好", now=FIXED_NOW)
    assert warning_list.list_warnings(c.db, c.actor, now=FIXED_NOW) == []
    row = store.proposal(c.db.conn, pid)
    assert row is not None and row.status == "已驳回"
