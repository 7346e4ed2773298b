"""The demo's 危机事件 (issue #11 item 8): two incidents with after-care — one closed with the lead's
co-signature, one still 处置中 with follow-ups due — and the principal's status rows that match them."""

from __future__ import annotations

import pytest

from counselroom.services.accounts import integrity
from counselroom.services.crisis import incident_overview, incidents
from tests.conftest import FIXED_NOW
from tests.demo_school import Demo, make_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return make_demo(tmp_path_factory.mktemp("demo") / "school.db", students=300)


def test_two_incidents_with_after_care(demo: Demo) -> None:
    with demo.session("lead") as lead:
        found = incidents.my_incidents(lead.db, lead.actor, now=FIXED_NOW)
        assert sorted(i.status for i in found) == ["处置中", "已结案"]
        for summary in found:
            detail = incidents.get_incident(lead.db, lead.actor, summary.id, now=FIXED_NOW)
            kinds = [e.kind for e in detail.events]
            assert {"通知班主任", "通知家长", "通知分管校领导", "陪护"} <= set(kinds)
            assert any(not p.is_student for p in detail.aftercare) and any(p.is_student for p in detail.aftercare)
            if detail.status == "已结案":
                assert detail.cosigned and not detail.cosigned.startswith(detail.author)
                assert all(f.done_on for p in detail.aftercare for f in p.followups)
            else:
                assert any(f.done_on is None for p in detail.aftercare for f in p.followups)
        assert integrity.check_database(lead.db, lead.actor, now=FIXED_NOW).ok  # the status rows match


def test_the_principal_sees_their_status(demo: Demo) -> None:
    with demo.session("principal") as principal:
        overview = incident_overview.incident_overview(principal.db, principal.actor, now=FIXED_NOW)
    assert overview.by_status == {"处置中": 1, "待会签": 0, "已结案": 1}
    assert all(v.leader_notified_at and v.minutes_to_leader == 40 for v in overview.incidents)
