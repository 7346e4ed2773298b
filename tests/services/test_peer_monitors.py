"""心理委员 as the profile says (S001 南昌: 初中、普通高中 男女各1名; S003 江西: 不少于2名; S004 渭南:
none), counting students still at school; a stage the profile does not name is not demanded."""

from __future__ import annotations

from datetime import timedelta

import pytest

from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Role
from counselroom.domain.students.leave_return import LeaveReason
from counselroom.services.accounts.session import Session
from counselroom.services.care import peer_reports
from counselroom.services.school import policy
from counselroom.services.students import school_leave
from counselroom.store.students import enrolment
from tests.conftest import FIXED_NOW
from tests.school_data import SmallSchool, add_small_school


@pytest.fixture
def small(sessions: dict[Role, Session]) -> SmallSchool:
    made = add_small_school(sessions[Role.ADMIN])
    with sessions[Role.ADMIN].db.transaction() as conn:  # a 小学 class beside the 初中 ones
        grade = enrolment.insert_grade(conn, name="五年级", stage="小学", year_in_stage=5, sort_order=5)
        made.classes["五年级1"] = enrolment.insert_class(
            conn, grade_id=grade, number=1, name="五年级(1)班", head_teacher_id=None
        )
    return made


def _states(s: Session) -> dict[str, str]:
    return {m.class_name: m.state for m in peer_reports.monitor_coverage(s.db, s.actor, now=FIXED_NOW)}


def _use(sessions: dict[Role, Session], profile: str) -> None:
    admin = sessions[Role.ADMIN]
    policy.set_policy_profile(admin.db, admin.actor, profile, now=FIXED_NOW)


def test_jiangxi_asks_for_two_of_any_gender(sessions: dict[Role, Session], small: SmallSchool) -> None:
    c, p = sessions[Role.COUNSELOR], sessions[Role.PRINCIPAL]
    junior = small.classes["初一1"]
    with pytest.raises(ValidationError, match="初中、高中每班不少于 2 名心理委员（S003）：还差 1 名"):
        peer_reports.set_peer_monitors(c.db, c.actor, junior, [1], now=FIXED_NOW)
    peer_reports.set_peer_monitors(c.db, c.actor, junior, [1, 3], now=FIXED_NOW)  # two boys will do
    assert _states(p) == {
        "五年级(1)班": "不作要求",
        "初一(1)班": "齐全",
        "初二(1)班": "还差 2 名",
        "初三(1)班": "还差 2 名",
    }
    rule = peer_reports.peer_monitor_rule(p.db, p.actor, now=FIXED_NOW)
    assert rule == "初中、高中每班不少于 2 名心理委员（S003，鼓励）"


def test_nanchang_asks_for_a_boy_and_a_girl_and_weinan_for_nothing(
    sessions: dict[Role, Session], small: SmallSchool
) -> None:
    c, p = sessions[Role.COUNSELOR], sessions[Role.PRINCIPAL]
    peer_reports.set_peer_monitors(c.db, c.actor, small.classes["初一1"], [1, 3], now=FIXED_NOW)
    _use(sessions, "nanchang")
    assert _states(p)["初一(1)班"] == "缺女生心理委员"
    with pytest.raises(ValidationError, match="男、女心理委员各 1 名（S001）"):
        peer_reports.set_peer_monitors(c.db, c.actor, small.classes["初三1"], [5], now=FIXED_NOW)
    _use(sessions, "weinan")
    assert set(_states(p).values()) == {"不作要求"}
    assert "未对心理委员人数作出规定" in peer_reports.peer_monitor_rule(p.db, p.actor, now=FIXED_NOW)
    peer_reports.set_peer_monitors(c.db, c.actor, small.classes["初三1"], [5], now=FIXED_NOW)  # the school's own choice


def test_only_students_still_at_school_count_and_are_offered(sessions: dict[Role, Session], small: SmallSchool) -> None:
    c, p = sessions[Role.COUNSELOR], sessions[Role.PRINCIPAL]
    junior = small.classes["初一1"]
    peer_reports.set_peer_monitors(c.db, c.actor, junior, [1, 2], now=FIXED_NOW)
    school_leave.take_leave(
        c.db, c.actor, 2, left_on=FIXED_NOW.date(), reason_kind=LeaveReason.ILLNESS, reason="因病休学",
        expected_return=FIXED_NOW.date() + timedelta(days=133), now=FIXED_NOW,
    )  # fmt: skip
    coverage = {m.class_name: m for m in peer_reports.monitor_coverage(p.db, p.actor, now=FIXED_NOW)}
    assert (coverage["初一(1)班"].boys, coverage["初一(1)班"].girls, coverage["初一(1)班"].state) == (1, 0, "还差 1 名")
    choices = peer_reports.peer_monitor_choices(c.db, c.actor, junior, now=FIXED_NOW)
    assert [x.name for x in choices.pupils] == ["张晓明", "王子轩"] and choices.current == {1, 2}
    assert choices.rule == "初中、高中每班不少于 2 名心理委员（S003，鼓励）"
    with pytest.raises(ValidationError, match="本班在读学生"):
        peer_reports.set_peer_monitors(c.db, c.actor, junior, [1, 2], now=FIXED_NOW)
    primary = peer_reports.peer_monitor_choices(c.db, c.actor, small.classes["五年级1"], now=FIXED_NOW)
    assert primary.rule == "" and primary.pupils == ()
