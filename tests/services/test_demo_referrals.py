"""The demo's 合作机构 and 转介 (issue #11 item 8): the 定点合作 hospital with its 绿色通道 contact,
referrals in every state with some steps past due — on the responsible counselor's Today board —
written without a diagnosis, and read only by those the access rule lets in."""

from __future__ import annotations

import pytest

from counselroom.domain.errors import AccessDenied
from counselroom.domain.referrals.referral_rules import ReferralState
from counselroom.services import today
from counselroom.services.referrals import partners, referral_views
from counselroom.services.registry import build_registry
from tests.conftest import FIXED_NOW
from tests.demo_school import Demo, make_demo

DIAGNOSES = ("抑郁症", "焦虑症", "精神分裂", "双相", "诊断", "患有")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return make_demo(tmp_path_factory.mktemp("demo") / "school.db", students=120, seed=3)


def test_partners_include_the_designated_hospital_with_its_green_channel(demo: Demo) -> None:
    with demo.session("counselor") as c:
        listed = partners.list_partners(c.db, c.actor, now=FIXED_NOW)
    designated = [p for p in listed if p.designated]
    assert len(designated) == 1 and designated[0].kind == "医院"
    assert designated[0].green_channel_name and designated[0].green_channel_phone
    assert {p.kind for p in listed} == {"医院", "机构"}


def test_referrals_in_every_state_some_overdue_and_never_a_diagnosis(demo: Demo) -> None:
    with demo.session("lead") as lead:
        listed = referral_views.my_referrals(lead.db, lead.actor, now=FIXED_NOW)
        details = [referral_views.get_referral(lead.db, lead.actor, r.id, now=FIXED_NOW) for r in listed]
    assert {r.state for r in listed} == {s.value for s in ReferralState}
    assert any(r.overdue for r in listed) and not all(r.overdue for r in listed if r.state != "已结束")
    assert listed[0].overdue  # overdue first
    text = "".join(d.reason + d.feedback + d.refusal_plan + d.close_summary for d in details)
    text += "".join(f.note for d in details for f in d.follow_ups)
    assert text and not [word for word in DIAGNOSES if word in text]
    for d in details:
        assert [h[1] for h in d.history if not h[1]] == []  # each step says who
    with demo.session("principal") as principal, pytest.raises(AccessDenied):
        referral_views.my_referrals(principal.db, principal.actor, now=FIXED_NOW)


def test_the_overdue_steps_are_on_their_counselors_today_board(demo: Demo) -> None:
    sources = build_registry().todo_sources
    seen = 0
    for name in ("counselor", "lead"):
        with demo.session(name) as s:
            mine = [
                r
                for r in referral_views.my_referrals(s.db, s.actor, now=FIXED_NOW)
                if r.overdue and r.my_part == "负责"
            ]
            board = today.today_board(s.db, s.actor, sources=sources, now=FIXED_NOW)
            targets = {t.target.id for t in board.todos if t.target and t.target.kind is today.TargetKind.REFERRAL}
            assert {r.id for r in mine} <= targets
            seen += len(mine)
    assert seen >= 2
