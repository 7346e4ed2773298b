"""Who may read and work one referral: the case rule (domain/cases/access.py), applied to the
referral's people.

A referral belongs to a student and, when it was suggested within a case, to that case. Its people:

- the responsible counselor (负责), who suggested it or was given it, always works it;
- when it is linked to a case, the case's assigned counselors work it too and the colleagues the
  case is shared with read it (sharing stays read only);
- the lead (心理中心负责人) reads and works every referral;
- the principal and the admin see none of it (the care store; counts may come later).

So `referral_access` builds a `CaseAccess`, and `may_read_case` / `may_write_case` decide.
"""

from __future__ import annotations

from counselroom.domain.cases.access import CaseAccess
from counselroom.domain.roles import UserId


def referral_access(counselor_id: UserId, case_access: CaseAccess | None = None) -> CaseAccess:
    """The responsible counselor, plus the linked case's people (assigned work, shared read)."""
    if case_access is None:
        return CaseAccess.own(counselor_id)
    return CaseAccess(assigned=case_access.assigned | {counselor_id}, shared=case_access.shared)
