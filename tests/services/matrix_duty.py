"""Role-matrix entries for 值班: roster, swaps, duty log and hotlines (merged into MATRIX in
test_role_matrix.py). The roster is readable by every role; generating and deciding swaps is the
lead's and the admin's; the log is a care record for counselors and the lead only."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from counselroom.domain.roles import Role
from counselroom.domain.school.hotlines import Hotline
from counselroom.services.accounts.session import Session
from counselroom.services.duty import duty_calendar, duty_log, duty_swaps
from counselroom.services.duty import duty_rota as duty
from counselroom.services.school import hotlines
from counselroom.store.duty import duty_rota as duty_store
from counselroom.store.duty import duty_swaps as swap_store
from tests.conftest import FIXED_NOW
from tests.services.duty_data import add_duty_school, first_term_id, publish_first_term

ALL = frozenset(Role)
SETUP = frozenset({Role.LEAD, Role.ADMIN})
CARE = frozenset({Role.COUNSELOR, Role.LEAD})
ROSTER = frozenset({Role.COUNSELOR, Role.LEAD, Role.ADMIN})
PAST_DAY = date(2025, 10, 10)  # a Friday before FIXED_NOW: a slot whose log may be written


def ready(all_: dict[Role, Session]) -> int:
    """The duty school with a published roster and one slot already over; returns the term id.
    The admin's connection is touched first, so a locked session fails here as it should."""
    admin = all_[Role.ADMIN]
    if not admin.db.conn.execute("SELECT count(*) FROM duty_rosters").fetchone()[0]:
        add_duty_school(admin)
        term_id = publish_first_term(admin)
        with admin.db.transaction() as conn:
            roster_id = duty_store.insert_rota(
                conn, term_id=term_id, by=admin.actor.user_id, now=FIXED_NOW, note="往期"
            )
            staff_id = duty_store.staff_with_duty(conn)[0].staff_id
            duty_store.insert_assignments(conn, roster_id, [(PAST_DAY, time(12, 10), time(13, 30), staff_id)])
    return first_term_id(admin)


def future_slot(all_: dict[Role, Session]) -> tuple[int, int]:
    """(a slot to come, another duty teacher) — the first of the term."""
    ready(all_)
    conn = all_[Role.ADMIN].db.conn
    slot_id, staff_id = conn.execute(
        "SELECT id, staff_id FROM duty_assignments WHERE published = 1"
        " AND day > '2026-01-01' ORDER BY day, start LIMIT 1"
    ).fetchone()
    other = next(t.staff_id for t in duty_store.staff_with_duty(conn) if t.on_duty and t.staff_id != staff_id)
    return int(slot_id), other


def past_slot(all_: dict[Role, Session]) -> int:
    ready(all_)
    row = (
        all_[Role.ADMIN]
        .db.conn.execute("SELECT id FROM duty_assignments WHERE day = ?", (PAST_DAY.isoformat(),))
        .fetchone()
    )
    return int(row[0])


def pending_swap(all_: dict[Role, Session]) -> int:
    slot_id, other = future_slot(all_)
    admin = all_[Role.ADMIN]
    current = duty_store.assignment(admin.db.conn, slot_id)
    assert current is not None
    with admin.db.transaction() as conn:
        return swap_store.insert_swap(
            conn,
            assignment_id=slot_id,
            from_staff_id=current.staff_id,
            to_staff_id=other,
            reason="家中有事",
            requested_by=admin.actor.user_id,
            now=FIXED_NOW,
        )


def _swap(s: Session, all_: dict[Role, Session], _k: object = None) -> object:
    slot_id, other = future_slot(all_)
    return duty_swaps.swap_duty(s.db, s.actor, slot_id, to_staff_id=other, reason="外出培训", now=FIXED_NOW)


def _request(s: Session, all_: dict[Role, Session], _k: object = None) -> object:
    slot_id, other = future_slot(all_)
    return duty_swaps.request_duty_swap(s.db, s.actor, slot_id, to_staff_id=other, reason="外出培训", now=FIXED_NOW)


def _write_log(s: Session, all_: dict[Role, Session], _k: object = None) -> object:
    return duty_log.write_duty_log(
        s.db,
        s.actor,
        past_slot(all_),
        came_staff_id=None,
        visitors=1,
        calls=0,
        events="来访一人",
        handover="",
        now=FIXED_NOW,
    )


EVENING = datetime(2026, 10, 14, 19, 0)

DUTY_MATRIX: dict[str, tuple[frozenset[Role], Any]] = {
    "duty_rota.list_duty_staff": (ROSTER, lambda s, a, k: duty.list_duty_staff(s.db, s.actor, now=FIXED_NOW)),
    "duty_rota.set_duty_staff": (
        SETUP,
        lambda s, a, k: (
            ready(a),
            duty.set_duty_staff(
                s.db, s.actor, duty.list_duty_staff(a[Role.ADMIN].db, a[Role.ADMIN].actor, now=FIXED_NOW), now=FIXED_NOW
            ),
        ),
    ),
    "duty_rota.preview_rota": (SETUP, lambda s, a, k: duty.preview_rota(s.db, s.actor, ready(a), now=FIXED_NOW)),
    "duty_rota.publish_rota": (SETUP, lambda s, a, k: duty.publish_rota(s.db, s.actor, ready(a), now=FIXED_NOW)),
    "duty_rota.balance": (ALL, lambda s, a, k: duty.balance(s.db, s.actor, ready(a), now=FIXED_NOW)),
    "duty_calendar.rota_for_month": (
        ALL,
        lambda s, a, k: duty_calendar.rota_for_month(s.db, s.actor, 2026, 10, now=FIXED_NOW),
    ),
    "duty_calendar.rota_for_range": (
        ALL,
        lambda s, a, k: duty_calendar.rota_for_range(
            s.db, s.actor, date(2026, 10, 1), date(2026, 10, 31), now=FIXED_NOW
        ),
    ),
    "duty_calendar.on_duty_now": (ALL, lambda s, a, k: duty_calendar.on_duty_now(s.db, s.actor, now=EVENING)),
    "duty_calendar.door_rota_data": (
        ALL,
        lambda s, a, k: duty_calendar.door_rota_data(s.db, s.actor, term_id=ready(a), now=FIXED_NOW),
    ),
    "duty_swaps.swap_duty": (SETUP, _swap),
    "duty_swaps.request_duty_swap": (CARE, _request),
    "duty_swaps.approve_duty_swap": (
        SETUP,
        lambda s, a, k: duty_swaps.approve_duty_swap(s.db, s.actor, pending_swap(a), now=FIXED_NOW),
    ),
    "duty_swaps.decline_duty_swap": (
        SETUP,
        lambda s, a, k: duty_swaps.decline_duty_swap(s.db, s.actor, pending_swap(a), reason="人手不足", now=FIXED_NOW),
    ),
    "duty_swaps.duty_swaps_history": (
        ALL,
        lambda s, a, k: duty_swaps.duty_swaps_history(s.db, s.actor, term_id=ready(a), now=FIXED_NOW),
    ),
    "duty_swaps.pending_duty_swaps": (ALL, lambda s, a, k: duty_swaps.pending_duty_swaps(s.db, s.actor, now=FIXED_NOW)),
    "duty_log.write_duty_log": (CARE, _write_log),
    "duty_log.duty_log": (CARE, lambda s, a, k: duty_log.duty_log(s.db, s.actor, past_slot(a), now=FIXED_NOW)),
    "duty_log.missing_duty_logs": (CARE, lambda s, a, k: duty_log.missing_duty_logs(s.db, s.actor, now=EVENING)),
    "hotlines.list_hotlines": (ALL, lambda s, a, k: hotlines.list_hotlines(s.db, s.actor, now=FIXED_NOW)),
    "hotlines.set_local_hotlines": (
        SETUP,
        lambda s, a, k: hotlines.set_local_hotlines(
            s.db, s.actor, [Hotline("0791-88330120", "南昌市心理援助热线")], now=FIXED_NOW
        ),
    ),
}
