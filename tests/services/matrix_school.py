"""Role-matrix entries for the policy profile, the room's contacts, the class-name form and the
心理委员 rule (merged into MATRIX in test_role_matrix.py)."""

from __future__ import annotations

from typing import Any

from counselroom.domain.roles import Role
from counselroom.services.care import peer_reports
from counselroom.services.school import class_naming, hotlines, policy
from tests.conftest import FIXED_NOW
from tests.services.matrix_care import school

ALL = frozenset(Role)
CARE = frozenset({Role.COUNSELOR, Role.LEAD})
ADMIN = frozenset({Role.ADMIN})

SCHOOL_MATRIX: dict[str, tuple[frozenset[Role], Any]] = {
    "policy.list_profiles": (ALL, lambda s, a, k: policy.list_profiles(s.db, s.actor, now=FIXED_NOW)),
    "policy.school_policy": (ALL, lambda s, a, k: policy.school_policy(s.db, s.actor, now=FIXED_NOW)),
    "policy.profile_policy": (ALL, lambda s, a, k: policy.profile_policy(s.db, s.actor, "weinan", now=FIXED_NOW)),
    "policy.set_policy_profile": (
        ADMIN,
        lambda s, a, k: policy.set_policy_profile(s.db, s.actor, "nanchang", now=FIXED_NOW),
    ),
    "hotlines.room_contacts": (ALL, lambda s, a, k: hotlines.room_contacts(s.db, s.actor, now=FIXED_NOW)),
    "class_naming.class_name_forms": (ALL, lambda s, a, k: class_naming.class_name_forms(s.db, s.actor, now=FIXED_NOW)),
    "class_naming.set_class_name_form": (
        ADMIN,
        lambda s, a, k: class_naming.set_class_name_form(s.db, s.actor, "七年级（3）班", now=FIXED_NOW),
    ),
    "peer_reports.peer_monitor_rule": (
        ALL,
        lambda s, a, k: peer_reports.peer_monitor_rule(s.db, s.actor, now=FIXED_NOW),
    ),
    "peer_reports.peer_monitor_choices": (
        CARE,
        lambda s, a, k: peer_reports.peer_monitor_choices(s.db, s.actor, school(a)["class"], now=FIXED_NOW),
    ),
}
