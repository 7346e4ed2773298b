"""Who may read and write one case (SPEC §1): the one rule every read path of a case asks.

The lead (心理中心负责人, Permission.READ_ALL_CASES) reads and writes every case. A counselor reads
the cases assigned (负责) or shared (共享) to them and writes only the assigned ones: sharing is
read only. The principal and the admin read none, whatever the lists say. Every check goes through
`Actor.can`, which folds in `holds_care`: a counselor or lead a lead has not confirmed yet reads
nothing, not even their own cases, because the session cannot open the care store.
"""

from __future__ import annotations

from dataclasses import dataclass

from counselroom.domain.roles import Actor, Permission, UserId


@dataclass(frozen=True)
class CaseAccess:
    """The people on one case (care.case_people): `assigned` work it (负责), `shared` read it (共享).

    A group note (团体辅导) has no case; its access is its author's own:
    `CaseAccess.own(author_id)`.
    """

    assigned: frozenset[UserId]
    shared: frozenset[UserId] = frozenset()

    @classmethod
    def own(cls, user_id: UserId) -> CaseAccess:
        return cls(assigned=frozenset({user_id}))

    def is_assigned(self, user_id: UserId) -> bool:
        return user_id in self.assigned

    def is_shared(self, user_id: UserId) -> bool:
        """Shared and not also assigned: assignment is the stronger part."""
        return user_id in self.shared and user_id not in self.assigned


def is_lead(actor: Actor) -> bool:
    """Reads every case: the lead, holding the care key."""
    return actor.can(Permission.READ_ALL_CASES)


def may_read_case(actor: Actor, access: CaseAccess) -> bool:
    """The lead reads all; a counselor reads cases assigned or shared to them; nobody else."""
    if is_lead(actor):
        return True
    if not actor.can(Permission.READ_ASSIGNED_CASES):
        return False
    return actor.user_id in access.assigned or actor.user_id in access.shared


def may_write_case(actor: Actor, access: CaseAccess) -> bool:
    """The lead, or a counselor assigned to the case; a colleague it is shared with only reads."""
    if not actor.can(Permission.WRITE_CASES):
        return False
    return is_lead(actor) or (actor.can(Permission.READ_ASSIGNED_CASES) and access.is_assigned(actor.user_id))
