"""Role-matrix entries for the printouts' data (merged into MATRIX in test_role_matrix.py): the
slip and the day sheet come from the calendar (counselors and the lead); the door roster names
teachers only, so every role may print it; the room's location is set up by the lead and admin."""

from __future__ import annotations

from typing import Any

from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.printing import print_data
from tests.conftest import FIXED_NOW
from tests.services.appointment_data import TUESDAY, at, book, set_up_scheduling
from tests.services.matrix_duty import ready

ALL = frozenset(Role)
CARE = frozenset({Role.COUNSELOR, Role.LEAD})
SETUP = frozenset({Role.LEAD, Role.ADMIN})


def booked_appointment(all_: dict[Role, Session]) -> int:
    """An appointment of the counselor's with 张晓明, booked by the lead; its id."""
    setup = set_up_scheduling(all_)
    lead = all_[Role.LEAD]
    book(lead, setup, at(10))
    return int(lead.db.conn.execute("SELECT max(id) FROM appointments").fetchone()[0])


PRINT_DATA_MATRIX: dict[str, tuple[frozenset[Role], Any]] = {
    "print_data.slip_data": (
        CARE,
        lambda s, a, k: print_data.slip_data(s.db, s.actor, booked_appointment(a), now=FIXED_NOW),
    ),
    "print_data.day_sheet_data": (
        CARE,
        lambda s, a, k: print_data.day_sheet_data(
            s.db, s.actor, day=TUESDAY.date(), counselor_id=set_up_scheduling(a).counselor, now=FIXED_NOW
        ),
    ),
    "print_data.door_rota_pdf_data": (
        ALL,
        lambda s, a, k: print_data.door_rota_pdf_data(s.db, s.actor, term_id=ready(a), now=FIXED_NOW),
    ),
    "print_data.get_room_location": (ALL, lambda s, a, k: print_data.get_room_location(s.db, s.actor, now=FIXED_NOW)),
    "print_data.set_room_location": (
        SETUP,
        lambda s, a, k: print_data.set_room_location(s.db, s.actor, "行政楼三楼东侧 心理辅导室", now=FIXED_NOW),
    ),
}
