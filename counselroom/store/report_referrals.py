"""Referral counts per term for the report (care_counts kind referrals_term, store/report_counts.py):
what each measure counts, from the referral rows, their 随访 and the consent and refusal steps of
their history. Needs the care store attached. Each step counts in the term its own day falls in.

- suggested          suggested_on in the term
- consented          the consent recorded (history 家长同意) with informed_on — its day — in the term
- refused            a refusal (history 家长拒绝) recorded in the term (referrals, not refusals)
- referred           referred_on in the term; referred_on_time: within REFER_DUE_DAYS of the consent
- feedback           feedback_on in the term
- followups_done     随访 done in the term; followups_on_time: done by their due day
- closed             closed_on in the term
- open_overdue       still open, suggested by the term's last day, and its next step (domain next_due)
                     fell due before that day. Only the present state is kept, so a referral closed
                     since is not counted for the terms it was late in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from counselroom.domain.referrals.referral_rules import REFER_DUE_DAYS, ReferralState, next_due
from counselroom.domain.school.terms import term_code
from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all

MEASURES = (
    "suggested", "consented", "refused", "referred", "referred_on_time", "feedback",
    "followups_done", "followups_on_time", "closed", "open_overdue",
)  # fmt: skip
# The steps' words in care.referral_history (services/referrals/referrals.py writes them).
CONSENT_STEP, REFUSAL_STEP = "家长同意", "家长拒绝"


def measures_by_term(conn: Connection) -> dict[str, dict[str, int]]:
    """Term code → measure → count, for every term (zeros included)."""
    referrals = _referrals(conn)
    return {term: _measures(referrals, start, end) for term, start, end in _terms(conn)}


@dataclass(frozen=True)
class _Referral:
    state: ReferralState
    suggested_on: str
    informed_on: str | None
    referred_on: str | None
    feedback_on: str | None
    closed_on: str | None
    due_on: str | None
    consented: bool
    refused_on: tuple[str, ...]  # the days a refusal was recorded
    follow_ups: tuple[tuple[str, str | None], ...]  # (due, done)


def _measures(referrals: list[_Referral], start: str, end: str) -> dict[str, int]:
    """The measures of the module's list within the term [start, end] (ISO days)."""

    def within(day: str | None) -> bool:
        return day is not None and start <= day[:10] <= end

    found = dict.fromkeys(MEASURES, 0)
    for ref in referrals:
        referred = within(ref.referred_on)
        on_time = referred and ref.informed_on is not None and _days(ref.informed_on, ref.referred_on) <= REFER_DUE_DAYS
        done = [(due, d) for due, d in ref.follow_ups if within(d)]
        for measure, n in (
            ("suggested", within(ref.suggested_on)), ("consented", ref.consented and within(ref.informed_on)),
            ("refused", any(within(d) for d in ref.refused_on)), ("referred", referred), ("referred_on_time", on_time),
            ("feedback", within(ref.feedback_on)), ("followups_done", len(done)),
            ("followups_on_time", sum(1 for due, d in done if d is not None and d <= due)),
            ("closed", within(ref.closed_on)), ("open_overdue", _overdue_at(ref, end)),
        ):  # fmt: skip
            found[measure] += int(n)
    return found


def _overdue_at(ref: _Referral, end: str) -> bool:
    if not ref.state.is_open or ref.suggested_on > end:
        return False
    open_dues = [date.fromisoformat(due) for due, done in ref.follow_ups if done is None]
    due, _what = next_due(ref.state, date.fromisoformat(ref.due_on) if ref.due_on else None, open_dues)
    return due is not None and due.isoformat() < end


def _days(since: str, until: str | None) -> int:
    return (date.fromisoformat((until or since)[:10]) - date.fromisoformat(since[:10])).days


def _referrals(conn: Connection) -> list[_Referral]:
    steps: dict[int, list[tuple[str, str]]] = {}
    for h in fetch_all(
        conn,
        "SELECT referral_id, action, substr(changed_at, 1, 10) AS day FROM care.referral_history"
        " WHERE action IN (?, ?) ORDER BY id",
        (CONSENT_STEP, REFUSAL_STEP),
    ):
        steps.setdefault(int(h["referral_id"]), []).append((str(h["action"]), str(h["day"])))
    follow_ups: dict[int, list[tuple[str, str | None]]] = {}
    for f in fetch_all(conn, "SELECT referral_id, due_on, done_on FROM care.referral_follow_ups ORDER BY id"):
        follow_ups.setdefault(int(f["referral_id"]), []).append((str(f["due_on"]), f["done_on"]))
    rows = fetch_all(
        conn,
        "SELECT id, state, suggested_on, informed_on, referred_on, feedback_on, closed_on, due_on"
        " FROM care.referrals ORDER BY id",
    )
    return [_referral(r, steps.get(int(r["id"]), []), follow_ups.get(int(r["id"]), [])) for r in rows]


def _referral(r: Row, steps: list[tuple[str, str]], follow_ups: list[tuple[str, str | None]]) -> _Referral:
    return _Referral(
        ReferralState(r["state"]),
        str(r["suggested_on"]),
        r["informed_on"],
        r["referred_on"],
        r["feedback_on"],
        r["closed_on"],
        r["due_on"],
        any(action == CONSENT_STEP for action, _day in steps),
        tuple(day for action, day in steps if action == REFUSAL_STEP),
        tuple(follow_ups),
    )


def _terms(conn: Connection) -> list[tuple[str, str, str]]:
    """(term code, first day, last day) of every term."""
    rows = fetch_all(
        conn,
        "SELECT y.name AS year_name, t.number, t.start_date, t.end_date FROM terms t"
        " JOIN academic_years y ON y.id = t.year_id ORDER BY t.start_date",
    )
    return [(term_code(str(r["year_name"]), int(r["number"])), str(r["start_date"]), str(r["end_date"])) for r in rows]
