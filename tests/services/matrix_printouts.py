"""Role-matrix entries for printing (merged into MATRIX in test_role_matrix.py).

Every signed-in role may print or save what it was allowed to build: the content was checked by
the service that produced it, and a principal printing the door roster is fine.
"""

from __future__ import annotations

from typing import Any

from counselroom.domain.roles import Role
from counselroom.services.printing import printouts
from tests.conftest import FIXED_NOW

ALL = frozenset(Role)
DIGEST = printouts.pdf_digest(b"%PDF-1.4 door roster")

PRINTOUTS_MATRIX: dict[str, tuple[frozenset[Role], Any]] = {
    "printouts.record_print": (
        ALL,
        lambda s, a, k: printouts.record_print(
            s.db,
            s.actor,
            what="值班表 2025年10月",
            object_type="duty_roster",
            object_id="2025-10",
            digest=DIGEST,
            now=FIXED_NOW,
        ),
    ),
    "printouts.record_pdf_saved": (
        ALL,
        lambda s, a, k: printouts.record_pdf_saved(
            s.db,
            s.actor,
            what="值班表 2025年10月",
            object_type="duty_roster",
            object_id="2025-10",
            digest=DIGEST,
            reason="打印用",
            file_name="/home/t/值班表.pdf",
            now=FIXED_NOW,
        ),
    ),
}
