"""转介 (referrals): the referral row, its 随访 and its history of steps. Care store: every function
here needs the care store attached. Which step may follow which is domain/referrals/referral_rules.py."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_one


@dataclass(frozen=True)
class ReferralRow:
    id: int
    student_id: int
    case_id: int | None
    counselor_id: int
    state: str
    reason: str
    suggested_on: str
    due_on: str | None
    guardian: str
    informed_on: str | None
    informed_how: str
    consent_form: bool
    refusal_plan: str
    partner_id: int | None
    referred_on: str | None
    sent_items: tuple[str, ...]
    feedback_on: str | None
    feedback_source: str
    feedback: str
    closed_on: str | None
    close_summary: str


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    referral_id: int
    due_on: str
    done_on: str | None
    note: str
    scheduled_by: int
    done_by: int | None


@dataclass(frozen=True)
class ReferralEvent:
    changed_at: str
    changed_by: int
    action: str
    detail: str


_COLUMNS = (
    "id, student_id, case_id, counselor_id, state, reason, suggested_on, due_on, guardian, informed_on,"
    " informed_how, consent_form, refusal_plan, partner_id, referred_on, sent_items, feedback_on,"
    " feedback_source, feedback, closed_on, close_summary"
)


def _referral(r: Row) -> ReferralRow:
    return ReferralRow(
        int(r["id"]),
        int(r["student_id"]),
        None if r["case_id"] is None else int(r["case_id"]),
        int(r["counselor_id"]),
        str(r["state"]),
        str(r["reason"]),
        str(r["suggested_on"]),
        r["due_on"],
        str(r["guardian"]),
        r["informed_on"],
        str(r["informed_how"]),
        bool(r["consent_form"]),
        str(r["refusal_plan"]),
        None if r["partner_id"] is None else int(r["partner_id"]),
        r["referred_on"],
        tuple(json.loads(r["sent_items"])),
        r["feedback_on"],
        str(r["feedback_source"]),
        str(r["feedback"]),
        r["closed_on"],
        str(r["close_summary"]),
    )


def _follow_up(r: Row) -> FollowUpRow:
    return FollowUpRow(
        int(r["id"]),
        int(r["referral_id"]),
        str(r["due_on"]),
        r["done_on"],
        str(r["note"]),
        int(r["scheduled_by"]),
        None if r["done_by"] is None else int(r["done_by"]),
    )


def _stamp(now: datetime) -> str:
    return now.isoformat(timespec="seconds")


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def insert_referral(
    conn: Connection,
    *,
    student_id: int,
    case_id: int | None,
    counselor_id: int,
    reason: str,
    suggested_on: date,
    due_on: date | None,
    now: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO referrals (student_id, case_id, counselor_id, reason, suggested_on, due_on, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (student_id, case_id, counselor_id, reason, suggested_on.isoformat(), _day(due_on), _stamp(now), _stamp(now)),
    )
    return int(cur.lastrowid or 0)


def get(conn: Connection, referral_id: int) -> ReferralRow | None:
    row = fetch_one(conn, f"SELECT {_COLUMNS} FROM referrals WHERE id = ?", (referral_id,))
    return _referral(row) if row else None


def all_referrals(conn: Connection) -> list[ReferralRow]:
    return [_referral(r) for r in fetch_all(conn, f"SELECT {_COLUMNS} FROM referrals ORDER BY id")]


def open_referrals_of(conn: Connection, counselor_id: int) -> list[ReferralRow]:
    """The responsible counselor's referrals not yet ended (the Today board's)."""
    rows = fetch_all(
        conn,
        f"SELECT {_COLUMNS} FROM referrals WHERE counselor_id = ? AND state != '已结束' ORDER BY id",
        (counselor_id,),
    )
    return [_referral(r) for r in rows]


def set_state(conn: Connection, referral_id: int, state: str, *, due_on: date | None, now: datetime) -> None:
    conn.execute(
        "UPDATE referrals SET state = ?, due_on = ?, updated_at = ? WHERE id = ?",
        (state, _day(due_on), _stamp(now), referral_id),
    )


def set_guardian(
    conn: Connection,
    referral_id: int,
    *,
    guardian: str,
    informed_on: date,
    informed_how: str,
    consent_form: bool,
    refusal_plan: str,
) -> None:
    conn.execute(
        "UPDATE referrals SET guardian = ?, informed_on = ?, informed_how = ?, consent_form = ?, refusal_plan = ?"
        " WHERE id = ?",
        (guardian, informed_on.isoformat(), informed_how, int(consent_form), refusal_plan, referral_id),
    )


def set_referred(
    conn: Connection, referral_id: int, *, partner_id: int, referred_on: date, sent_items: Iterable[str]
) -> None:
    conn.execute(
        "UPDATE referrals SET partner_id = ?, referred_on = ?, sent_items = ? WHERE id = ?",
        (partner_id, referred_on.isoformat(), json.dumps(list(sent_items), ensure_ascii=False), referral_id),
    )


def set_feedback(conn: Connection, referral_id: int, *, feedback_on: date, source: str, text: str) -> None:
    conn.execute(
        "UPDATE referrals SET feedback_on = ?, feedback_source = ?, feedback = ? WHERE id = ?",
        (feedback_on.isoformat(), source, text, referral_id),
    )


def set_closed(conn: Connection, referral_id: int, *, closed_on: date, summary: str) -> None:
    conn.execute(
        "UPDATE referrals SET closed_on = ?, close_summary = ? WHERE id = ?",
        (closed_on.isoformat(), summary, referral_id),
    )


# -- 随访 ---------------------------------------------------------------------------------------


def insert_follow_up(conn: Connection, referral_id: int, *, due_on: date, by: int, now: datetime) -> int:
    cur = conn.execute(
        "INSERT INTO referral_follow_ups (referral_id, due_on, scheduled_by, created_at) VALUES (?, ?, ?, ?)",
        (referral_id, due_on.isoformat(), by, _stamp(now)),
    )
    return int(cur.lastrowid or 0)


def follow_ups_of(conn: Connection, referral_id: int) -> list[FollowUpRow]:
    rows = fetch_all(
        conn,
        "SELECT id, referral_id, due_on, done_on, note, scheduled_by, done_by FROM referral_follow_ups"
        " WHERE referral_id = ? ORDER BY due_on, id",
        (referral_id,),
    )
    return [_follow_up(r) for r in rows]


def open_follow_up_dues(conn: Connection) -> dict[int, list[str]]:
    """Each referral's 随访 not yet done: their due dates, earliest first."""
    found: dict[int, list[str]] = {}
    rows = fetch_all(
        conn, "SELECT referral_id, due_on FROM referral_follow_ups WHERE done_on IS NULL ORDER BY due_on, id"
    )
    for r in rows:
        found.setdefault(int(r["referral_id"]), []).append(str(r["due_on"]))
    return found


def mark_follow_up_done(conn: Connection, follow_up_id: int, *, done_on: date, note: str, by: int) -> None:
    conn.execute(
        "UPDATE referral_follow_ups SET done_on = ?, note = ?, done_by = ? WHERE id = ?",
        (done_on.isoformat(), note, by, follow_up_id),
    )


# -- history ------------------------------------------------------------------------------------


def add_event(conn: Connection, referral_id: int, *, by: int, action: str, detail: str = "", now: datetime) -> None:
    conn.execute(
        "INSERT INTO referral_history (referral_id, changed_at, changed_by, action, detail) VALUES (?, ?, ?, ?, ?)",
        (referral_id, _stamp(now), by, action, detail),
    )


def history(conn: Connection, referral_id: int) -> list[ReferralEvent]:
    rows = fetch_all(
        conn,
        "SELECT changed_at, changed_by, action, detail FROM referral_history WHERE referral_id = ? ORDER BY id",
        (referral_id,),
    )
    return [ReferralEvent(str(r["changed_at"]), int(r["changed_by"]), str(r["action"]), str(r["detail"])) for r in rows]
