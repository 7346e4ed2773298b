"""政策依据: the school's choice of profile, and what follows it — the thresholds shown, the hotlines
printed (966525 only where a Jiangxi profile applies) and the 心理委员 rule. Acceptance of issue
#8: switching from 南昌 to 渭南 changes the thresholds and the hotlines, on the door roster too."""

from __future__ import annotations

import pytest

from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.domain.school.hotlines import Hotline
from counselroom.reports.door_rota import build_door_rota
from counselroom.services.accounts.audit_trail import recent_audit
from counselroom.services.accounts.session import Session
from counselroom.services.printing import print_data
from counselroom.services.school import hotlines, policy
from tests.conftest import FIXED_NOW
from tests.reports.pdf_checks import page_texts
from tests.services.duty_data import add_duty_school, publish_first_term

OWN = [
    Hotline("0790-6221234", "心理辅导室电话"),
    Hotline("QQ 2851736409", "心理辅导室QQ"),
    Hotline("教学楼一楼", "心理信箱"),
]


def _rules(s: Session) -> dict[str, str]:
    return {r.key: r.requirement for r in policy.school_policy(s.db, s.actor, now=FIXED_NOW).rules}


def _door_text(s: Session, term_id: int) -> str:
    data = print_data.door_rota_pdf_data(s.db, s.actor, term_id=term_id, now=FIXED_NOW)
    return "".join(page_texts(build_door_rota(data)))


def test_a_new_school_works_to_jiangxi_until_it_chooses(sessions: dict[Role, Session]) -> None:
    principal = sessions[Role.PRINCIPAL]
    shown = policy.school_policy(principal.db, principal.actor, now=FIXED_NOW)
    assert (shown.id, shown.name, shown.chosen) == ("jiangxi", "江西省", False)
    assert [c.name for c in policy.list_profiles(principal.db, principal.actor, now=FIXED_NOW)] == [
        "南昌市",
        "江西省",
        "渭南市",
    ]
    first = shown.rules[0]
    assert first.source == "S003" and "专项行动方案" in first.document and first.quote.startswith("各地在2025年前")
    assert [h.number for h in shown.hotlines] == ["12355", "12356", "966525"]


def test_switching_from_nanchang_to_weinan_changes_thresholds_and_hotlines(sessions: dict[Role, Session]) -> None:
    admin, counselor = sessions[Role.ADMIN], sessions[Role.COUNSELOR]
    policy.set_policy_profile(admin.db, admin.actor, "nanchang", now=FIXED_NOW)
    nanchang = _rules(counselor)
    assert nanchang["training.full_time_hours"] == "每年不低于 40 学时职后专题培训"
    assert nanchang["staff.students_per_teacher"] == "按师生比 1:800 配备"
    assert [h.number for h in hotlines.list_hotlines(counselor.db, counselor.actor, now=FIXED_NOW)] == [
        "12355",
        "966525",
        "0791-88330120",
    ]

    policy.set_policy_profile(admin.db, admin.actor, "weinan", now=FIXED_NOW)
    weinan = _rules(counselor)
    assert weinan["training.full_time_hours"] == "每年至少 30 学时"
    assert "staff.students_per_teacher" not in weinan and weinan["self_inspection.count"] == "每学期至少 1 次"
    assert hotlines.list_hotlines(counselor.db, counselor.actor, now=FIXED_NOW) == []
    contacts = hotlines.room_contacts(counselor.db, counselor.actor, now=FIXED_NOW)
    assert contacts.profile_lines == () and "热线电话（或QQ、微信等）公开（S004）" in contacts.asks_own
    shown = policy.school_policy(counselor.db, counselor.actor, now=FIXED_NOW)
    assert (shown.name, shown.chosen) == ("渭南市", True)
    assert any("policy_profile" in line.object for line in recent_audit(admin.db, admin.actor, now=FIXED_NOW))


def test_the_door_roster_prints_the_profiles_lines_then_the_rooms_own(sessions: dict[Role, Session]) -> None:
    admin, lead = sessions[Role.ADMIN], sessions[Role.LEAD]
    add_duty_school(admin)
    term_id = publish_first_term(lead)
    hotlines.set_local_hotlines(lead.db, lead.actor, OWN, now=FIXED_NOW)

    policy.set_policy_profile(admin.db, admin.actor, "nanchang", now=FIXED_NOW)
    text = _door_text(lead, term_id)
    order = [text.index(n) for n in ("12355", "966525", "0791-88330120", "0790-6221234", "QQ 2851736409", "教学楼一楼")]
    assert order == sorted(order)

    policy.set_policy_profile(admin.db, admin.actor, "weinan", now=FIXED_NOW)
    text = _door_text(lead, term_id)
    assert not any(n in text for n in ("12355", "966525", "12356", "0791-88330120"))
    assert all(h.number in text for h in OWN) and "心理信箱" in text


def test_only_a_known_profile_and_only_the_admin(sessions: dict[Role, Session]) -> None:
    admin, lead = sessions[Role.ADMIN], sessions[Role.LEAD]
    with pytest.raises(ValidationError, match="没有名为"):
        policy.set_policy_profile(admin.db, admin.actor, "beijing", now=FIXED_NOW)
    with pytest.raises(AccessDenied):
        policy.set_policy_profile(lead.db, lead.actor, "weinan", now=FIXED_NOW)


def test_a_line_the_profile_prints_is_not_typed_twice(sessions: dict[Role, Session]) -> None:
    """Typed under 渭南 (which prints none), 12355 is dropped from the room's own once 江西 prints it."""
    admin, lead = sessions[Role.ADMIN], sessions[Role.LEAD]
    policy.set_policy_profile(admin.db, admin.actor, "weinan", now=FIXED_NOW)
    hotlines.set_local_hotlines(lead.db, lead.actor, [Hotline("12355", "青少年服务热线"), *OWN[:1]], now=FIXED_NOW)
    assert [h.number for h in hotlines.list_hotlines(lead.db, lead.actor, now=FIXED_NOW)] == ["12355", "0790-6221234"]
    policy.set_policy_profile(admin.db, admin.actor, "jiangxi", now=FIXED_NOW)
    assert [h.number for h in hotlines.list_hotlines(lead.db, lead.actor, now=FIXED_NOW)] == [
        "12355",
        "12356",
        "966525",
        "0790-6221234",
    ]
