"""The demo's 心理委员 and the reports about students (part of care_records).

- 心理委员: one boy and one girl in every class, elected early in the school year from the
  steadier half of the class;
- the report behind a 班主任 or 心理委员 listing (`report_about`, used by warning_plan);
- the other reports of the term (`other_reports`): a couple of recent ones whose proposal still
  waits, a couple whose proposal was turned down, the rest dealt with or still open;
- `write_report`: a report with its proposal and the decision on it, in the shapes the services write.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from counselroom.demo import care_texts as texts
from counselroom.demo.care_ground import CareRoom, Entry, Report, by_distress, soon_after
from counselroom.demo.enrolment_facts import Pupil, stamp
from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.students.student_facts import StudentStatus
from counselroom.store.care import care_records, warnings

ORANGE, YELLOW = WarningLevel.ORANGE, WarningLevel.YELLOW
PERSONAL_REPORTS_PENDING = 2  # recent reports whose proposal waits (the rest come from the screen)
MIN_OTHER_REPORTS = 6
_REPORTS_REJECTED = 2


# -- 心理委员 ----------------------------------------------------------------------------------


def peer_monitors(room: CareRoom) -> dict[int, list[Pupil]]:
    """One boy and one girl per class, elected in the second or third week of the school year,
    from the steadier half of the class (a 心理委员 volunteers to look after others)."""
    rng, days = room.rng, room.days
    by_class: dict[int, list[Pupil]] = {}
    for pupil in room.enrolment.pupils:
        if pupil.status != StudentStatus.SUSPENDED:
            by_class.setdefault(pupil.class_id, []).append(pupil)
    chosen = {}
    start = room.year_start()
    for class_id in sorted(room.enrolment.classes):
        pair = []
        for gender in ("男", "女"):
            pool = sorted(
                (p for p in by_class.get(class_id, ()) if p.gender == gender), key=lambda p: room.distress[p.id]
            )
            if pool:
                pair.append(rng.choice(pool[: max(1, len(pool) // 2)]))
        if pair:
            since = days.pick(rng, start + timedelta(days=7), start + timedelta(days=20))
            care_records.set_peer_monitors(room.conn, class_id, [p.id for p in pair], since=since)
            chosen[class_id] = pair
    return chosen


def reporter(room: CareRoom, class_id: int, about: int | None, *, monitor: bool) -> str:
    if monitor:
        others = [p for p in room.monitors.get(class_id, ()) if p.id != about]
        if others:
            return f"心理委员 {room.rng.choice(others).name}"
    cls = room.enrolment.classes[class_id]
    return f"班主任 {room.enrolment.staff_named(cls.head_id)}".strip()


# -- reports --------------------------------------------------------------------------------


def report_about(room: CareRoom, pupil: Pupil, listed_on: date, *, monitor: bool, serious: bool) -> Report:
    rng, days = room.rng, room.days
    reported = days.pick(rng, listed_on - timedelta(days=6), listed_on)
    concern = rng.choice(texts.SERIOUS_CONCERNS if serious else texts.CONCERNS)
    return Report(
        pupil.class_id,
        pupil.id,
        reporter(room, pupil.class_id, pupil.id, monitor=monitor),
        reported,
        concern,
        stamp(rng, reported),
        room.someone(),
    )


def other_reports(room: CareRoom, entries: Sequence[Entry], *, count: int) -> list[Report]:
    """Reports that did not lead to a listing: a couple of recent ones proposing a level and still
    waiting, a couple whose proposal was turned down, the rest dealt with or still open."""
    days = room.days
    listed = {e.pupil.id for e in entries}
    pool = [
        p
        for p in by_distress(room, room.enrolment.pupils)
        if p.id not in listed and p.status != StudentStatus.SUSPENDED
    ]
    pool = pool[: max(count * 3, len(pool) // 4)]
    term = room.term_window()
    recent = (days.last - timedelta(days=12), days.last)
    kinds = ["pending"] * PERSONAL_REPORTS_PENDING + ["rejected"] * _REPORTS_REJECTED + ["class"]
    kinds += [""] * (count - len(kinds))
    return [_other_report(room, kind, pool, recent if kind == "pending" else term) for kind in kinds]


def _other_report(room: CareRoom, kind: str, pool: list[Pupil], window: tuple[date, date]) -> Report:
    """One report of `kind` ("pending", "rejected", "class" or ""), about a student taken from
    `pool` or about the whole class, on a school day in `window`."""
    rng = room.rng
    rejection = rng.choice(texts.REJECTED_REPORTS) if kind == "rejected" else None
    class_id, about, concern, day = _subject(room, kind, pool, window)
    if rejection is not None:
        concern = rejection[0]
    # A report's proposal is shown as 心理委员报告 on the 预警 page, so the waiting ones are theirs.
    who = reporter(room, class_id, about, monitor=kind == "pending" or rng.random() < 0.6)
    report = Report(class_id, about, who, day, concern, stamp(rng, day), room.someone())
    if kind == "pending":
        report.status, report.propose = "待处理", ORANGE if concern in texts.SERIOUS_CONCERNS else YELLOW
    elif rejection is not None:
        report.propose = YELLOW
        report.decision = ("已驳回", room.someone(), soon_after(room, report.recorded_at, 10), rejection[1])
    else:
        fresh = day >= room.days.last - timedelta(days=7)
        report.status = "待处理" if rng.random() < (0.7 if fresh else 0.15) else "已处理"
    return report


def _subject(
    room: CareRoom, kind: str, pool: list[Pupil], window: tuple[date, date]
) -> tuple[int, int | None, str, date]:
    """The class and student a report is about (no student for a class-wide concern), the
    concern, and the day it was reported."""
    rng, days = room.rng, room.days
    low, high = window
    if pool and kind != "class" and (kind or rng.random() > 0.08):
        pupil = pool.pop(rng.randrange(len(pool)))
        serious = kind == "pending" and rng.random() < 0.3
        concern = rng.choice(texts.SERIOUS_CONCERNS if serious else texts.CONCERNS)
        return pupil.class_id, pupil.id, concern, days.pick(rng, max(low, pupil.enrolled_on), high)
    class_id = rng.choice(sorted(room.enrolment.classes))
    concern = rng.choice(texts.CLASS_CONCERNS)
    return class_id, None, concern, days.pick(rng, low, high)


def write_report(room: CareRoom, r: Report) -> None:
    conn = room.conn
    report_id = care_records.insert_peer_report(
        conn,
        class_id=r.class_id,
        student_id=r.student_id,
        reporter=r.reporter,
        reported_on=r.reported_on,
        concern=r.concern,
        user_id=r.recorded_by,
        now=r.recorded_at,
    )
    if r.propose is not None and r.student_id is not None:
        proposal_id = warnings.insert_proposal(
            conn,
            student_id=r.student_id,
            level=r.propose,
            reason=texts.reported_reason(r.reporter, r.concern),
            now=r.recorded_at,
            peer_report_id=report_id,
        )
        if r.decision is not None:
            status, by, at, reason = r.decision
            warnings.decide_proposal(conn, proposal_id, status=status, decided_by=by, reason=reason, now=at)
    if r.status != "待处理":
        care_records.set_peer_report_status(conn, report_id, r.status)
