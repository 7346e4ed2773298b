"""Who may do what (SPEC §1, SECURITY.md 8): written once in the domain, checked in services."""

from __future__ import annotations

import pytest

from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import (
    ROLE_LABELS,
    ROLE_PERMISSIONS,
    Actor,
    Permission,
    Role,
    UserId,
    may_read_case,
    require,
)

CASE_AND_ROSTER = {
    Permission.READ_ASSIGNED_CASES,
    Permission.READ_ALL_CASES,
    Permission.WRITE_CASES,
    Permission.VIEW_ROSTER,
    Permission.MANAGE_ROSTER,
}
ME, OTHER, THIRD = UserId(10), UserId(20), UserId(30)


def actor(role: Role, user_id: UserId = ME) -> Actor:
    return Actor(user_id, f"user{user_id}", "某老师", role)


def test_every_role_has_a_permission_set_and_a_chinese_label() -> None:
    assert set(ROLE_PERMISSIONS) == set(Role)
    assert set(ROLE_LABELS) == set(Role)
    assert {r.label for r in Role} == {"心理教师", "心理中心负责人", "校领导", "管理员"}


def test_every_role_may_sign_in_and_see_the_school() -> None:
    for role in Role:
        assert actor(role).can(Permission.SIGN_IN)
        assert actor(role).can(Permission.VIEW_SCHOOL)


@pytest.mark.parametrize("permission", sorted(CASE_AND_ROSTER, key=lambda p: p.name))
def test_principal_lacks_every_case_and_roster_permission(permission: Permission) -> None:
    assert not actor(Role.PRINCIPAL).can(permission)
    with pytest.raises(AccessDenied) as caught:
        require(actor(Role.PRINCIPAL), permission)
    assert caught.value.message == f"校领导无权{permission.value}"


def test_principal_sees_aggregates_only() -> None:
    assert ROLE_PERMISSIONS[Role.PRINCIPAL] == {
        Permission.SIGN_IN,
        Permission.VIEW_SCHOOL,
        Permission.VIEW_AGGREGATES,
        Permission.VIEW_ACTIVITIES,  # lessons, meetings, trainings: no student named
        Permission.WRITE_REPORT_NOTES,  # the 自查报告's 问题与改进措施: school store, no student named
    }


@pytest.mark.parametrize(
    "permission", [Permission.READ_ASSIGNED_CASES, Permission.READ_ALL_CASES, Permission.WRITE_CASES]
)
def test_admin_does_not_read_or_write_cases(permission: Permission) -> None:
    assert not actor(Role.ADMIN).can(permission)


def test_only_admin_manages_accounts_settings_roster_and_demo() -> None:
    for permission in (
        Permission.MANAGE_ACCOUNTS,
        Permission.MANAGE_SETTINGS,
        Permission.MANAGE_ROSTER,
        Permission.GENERATE_DEMO,
    ):
        holders = {r for r in Role if actor(r).can(permission)}
        assert holders == {Role.ADMIN}, permission


def test_audit_and_integrity_for_lead_and_admin_only() -> None:
    for permission in (Permission.VIEW_AUDIT, Permission.CHECK_INTEGRITY):
        holders = {r for r in Role if actor(r).can(permission)}
        assert holders == {Role.LEAD, Role.ADMIN}, permission


def test_only_lead_reads_all_cases() -> None:
    assert {r for r in Role if actor(r).can(Permission.READ_ALL_CASES)} == {Role.LEAD}


def test_lead_holds_everything_a_counselor_holds() -> None:
    assert ROLE_PERMISSIONS[Role.COUNSELOR] < ROLE_PERMISSIONS[Role.LEAD]


def test_require_passes_silently_when_granted() -> None:
    require(actor(Role.COUNSELOR), Permission.WRITE_CASES)
    require(actor(Role.ADMIN), Permission.MANAGE_ACCOUNTS)


def test_require_names_role_and_permission_in_chinese() -> None:
    with pytest.raises(AccessDenied) as caught:
        require(actor(Role.COUNSELOR), Permission.MANAGE_ACCOUNTS)
    assert caught.value.message == "心理教师无权管理账号"


# -- may_read_case ---------------------------------------------------------------------


def test_counselor_reads_a_case_assigned_to_them() -> None:
    assert may_read_case(actor(Role.COUNSELOR), assigned_to=ME, shared_with=frozenset())


def test_counselor_reads_a_case_shared_with_them() -> None:
    assert may_read_case(actor(Role.COUNSELOR), assigned_to=OTHER, shared_with=frozenset({ME}))
    assert may_read_case(actor(Role.COUNSELOR), assigned_to=None, shared_with=frozenset({THIRD, ME}))


def test_counselor_does_not_read_someone_elses_case() -> None:
    assert not may_read_case(actor(Role.COUNSELOR), assigned_to=OTHER, shared_with=frozenset())
    assert not may_read_case(actor(Role.COUNSELOR), assigned_to=OTHER, shared_with=frozenset({THIRD}))
    assert not may_read_case(actor(Role.COUNSELOR), assigned_to=None, shared_with=frozenset())


def test_lead_reads_every_case() -> None:
    lead = actor(Role.LEAD)
    assert may_read_case(lead, assigned_to=OTHER, shared_with=frozenset())
    assert may_read_case(lead, assigned_to=None, shared_with=frozenset())
    assert may_read_case(lead, assigned_to=ME, shared_with=frozenset())


@pytest.mark.parametrize("role", [Role.PRINCIPAL, Role.ADMIN])
def test_principal_and_admin_never_read_a_case_even_if_named_on_it(role: Role) -> None:
    who = actor(role)
    assert not may_read_case(who, assigned_to=ME, shared_with=frozenset({ME}))
    assert not may_read_case(who, assigned_to=OTHER, shared_with=frozenset())
    assert not may_read_case(who, assigned_to=None, shared_with=frozenset())


# -- Role.parse ------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_parse_accepts_the_code_and_the_chinese_label(role: Role) -> None:
    assert Role.parse(role.value) is role
    assert Role.parse(role.label) is role
    assert Role.parse(f"  {role.label} ") is role


@pytest.mark.parametrize("text", ["", "teacher", "Admin", "ADMIN", "校长", "心理老师", "admin2"])
def test_parse_refuses_anything_else_with_a_chinese_message(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Role.parse(text)
    message = caught.value.message
    assert message.startswith(f"未知角色“{text}”，可选：")
    for role in Role:
        assert f"{role.value}（{role.label}）" in message
    assert caught.value.field == "角色"
