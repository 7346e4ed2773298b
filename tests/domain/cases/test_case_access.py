"""may_read_case / may_write_case (SPEC §1): each role against each part on a case."""

from __future__ import annotations

import pytest

from counselroom.domain.cases.access import CaseAccess, may_read_case, may_write_case
from counselroom.domain.roles import Actor, UserId
from tests.domain.cases.people import ACCESS, ASSIGNED_ID, EVERYONE, LEAD, NEITHER, SHARED, SHARED_ID

READS = {"assigned", "shared", "lead"}
WRITES = {"assigned", "lead"}


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_who_reads_and_who_writes_a_case(who: str) -> None:
    actor = EVERYONE[who]
    assert may_read_case(actor, ACCESS) == (who in READS)
    assert may_write_case(actor, ACCESS) == (who in WRITES)


def test_writing_implies_reading_for_everyone() -> None:
    for actor in EVERYONE.values():
        assert not may_write_case(actor, ACCESS) or may_read_case(actor, ACCESS)


def test_the_lead_reads_and_writes_a_case_with_nobody_on_it() -> None:
    empty = CaseAccess(assigned=frozenset())
    assert may_read_case(LEAD, empty) and may_write_case(LEAD, empty)
    assert not may_read_case(NEITHER, empty)


def test_sharing_is_read_only_and_assignment_outranks_it() -> None:
    only_shared = CaseAccess(assigned=frozenset({ASSIGNED_ID}), shared=frozenset({SHARED_ID}))
    assert may_read_case(SHARED, only_shared) and not may_write_case(SHARED, only_shared)
    both = CaseAccess(assigned=frozenset({SHARED_ID}), shared=frozenset({SHARED_ID}))
    assert may_write_case(SHARED, both)
    assert both.is_assigned(SHARED_ID) and not both.is_shared(SHARED_ID)
    assert only_shared.is_shared(SHARED_ID)


def test_a_group_note_belongs_to_its_author() -> None:
    own = CaseAccess.own(SHARED_ID)
    assert own == CaseAccess(assigned=frozenset({SHARED_ID}), shared=frozenset())
    assert may_write_case(SHARED, own) and not may_read_case(NEITHER, own)


def test_the_old_roles_function_is_left_in_place() -> None:
    """roles.may_read_case keeps its callers until they move to the cases package."""
    from counselroom.domain.roles import may_read_case as old

    actor: Actor = SHARED
    assert old(actor, assigned_to=UserId(99), shared_with=frozenset({SHARED_ID}))
