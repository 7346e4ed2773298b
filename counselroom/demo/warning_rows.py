"""Writing the demo's planned 预警 listings and deciding the screens' proposals (part of care_records).

- each listing's history: 列入, then a 复评 at each review date that has come (a few done a day
  or two late), a 调整 at the first when the level changed, and 解除 for a closed listing; the
  review date that stands is before today for the few left overdue;
- 家长告知: the guardian told within a few days of the listing — always for 红, mostly for 橙,
  about half the time for 黄 — by phone, in person, on a home visit or by 微信, with what they said;
- the proposals of every screen: confirmed for the students listed from it (and for those
  already listed then), some of the latest screen's left waiting for a counselor, the rest
  rejected with a reason (a red one rejected by a counselor co-signed by the lead).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from counselroom.demo import care_texts as texts
from counselroom.demo.care_ground import CareRoom, Entry, soon_after
from counselroom.demo.enrolment_facts import stamp
from counselroom.demo.screening_sittings import Proposal, Sitting
from counselroom.domain.care.warnings import WarningAction, WarningLevel, default_review_date
from counselroom.store import users
from counselroom.store.care import warnings

YELLOW = WarningLevel.YELLOW


@dataclass(frozen=True)
class _Line:
    at: datetime
    by: int
    action: WarningAction
    before: str
    after: str
    review_on: date | None
    reason: str


# -- history --------------------------------------------------------------------------------


def write_entry(room: CareRoom, entry: Entry) -> None:
    lines, review = _history(room, entry)
    first = lines[0]
    conn = room.conn
    warning_id = warnings.insert(
        conn,
        student_id=entry.pupil.id,
        level=entry.start,
        reason=entry.reason,
        source=entry.source.value,
        counselor_id=entry.counselor,
        opened_on=first.at.date(),
        review_on=first.review_on or review,
        now=first.at,
    )
    reason, level = entry.reason, entry.start
    for line in lines:
        warnings.add_history(
            conn,
            warning_id=warning_id,
            action=line.action,
            from_level=line.before,
            to_level=line.after,
            review_on=line.review_on,
            reason=line.reason,
            changed_by=line.by,
            now=line.at,
        )
        if line.action is WarningAction.CHANGE:
            reason, level = line.reason, WarningLevel(line.after)
    _tell_guardian(room, entry, warning_id)
    last = lines[-1]
    closed = last.action is WarningAction.CLOSE
    entry.level = level
    entry.closed_at = last.at if closed else None
    warnings.update(
        conn,
        warning_id,
        level=level,
        review_on=review,
        counselor_id=entry.counselor,
        reason=reason,
        now=last.at,
        closed_on=last.at.date() if closed else None,
    )


_TOLD = {WarningLevel.RED: 1.0, WarningLevel.ORANGE: 0.85, YELLOW: 0.5}


def _tell_guardian(room: CareRoom, entry: Entry, warning_id: int) -> None:
    if not entry.pupil.guardians or room.rng.random() >= _TOLD[entry.start]:
        return
    told_at = soon_after(room, entry.opened_at, 1 if entry.start is WarningLevel.RED else 5)
    channel, response = texts.guardian_notice(room.rng, entry.start)
    user = users.by_id(room.conn, entry.counselor)
    warnings.insert_guardian_notice(
        room.conn,
        warning_id,
        told_at=told_at.replace(second=0, microsecond=0),
        channel=channel,
        told_by=f"心理教师 {user.display_name}" if user else "心理教师",
        guardian=entry.pupil.guardians[0],
        response=response,
        user_id=entry.counselor,
        now=told_at,
    )


def _history(room: CareRoom, entry: Entry) -> tuple[list[_Line], date]:
    """列入, then a review at each review date that has come (a few done a day or two late), a
    调整 at the first when the level changed, and 解除 at the last for a closed entry. Returns
    the lines and the review date that stands (before today when overdue)."""
    rng = room.rng
    level, review = _first_review(room, entry)
    lines = [_Line(entry.opened_at, entry.counselor, WarningAction.OPEN, "", level.value, review, entry.reason)]
    closing_at = rng.randint(1, 3) if entry.closes else 0
    done = 0
    while review <= room.days.last:
        step = _next_review(room, entry, level, review, lines[-1].at)
        if step is None:
            break
        at, who, after, upcoming = step
        done += 1
        if entry.closes and done >= closing_at and after is level:
            closing = rng.choice(texts.CLOSE_REASONS)
            lines.append(_Line(at, who, WarningAction.CLOSE, level.value, "", None, closing))
            return lines, review
        lines.append(_review_line(rng, at, who, level, after, upcoming))
        level, review = after, upcoming
    if entry.closes:  # ran out of time before the planned number of reviews: close at the last
        return _close_at_last(room, entry, lines, level, review)
    return lines, review


def _first_review(room: CareRoom, entry: Entry) -> tuple[WarningLevel, date]:
    """The level listed at and its first review date. A listing too recent for any review to have
    changed its level is listed at the level it is at now."""
    days, opened = room.days, entry.opened_at
    level = entry.start
    review = days.on_or_after(default_review_date(level, opened.date()))
    if entry.start is not entry.level and review > days.last:
        level = entry.start = entry.level  # no review yet at which it could have changed
        review = days.on_or_after(default_review_date(level, opened.date()))
    return level, review


def _next_review(
    room: CareRoom, entry: Entry, level: WarningLevel, review: date, since: datetime
) -> tuple[datetime, int, WarningLevel, date] | None:
    """When and by whom the review due on `review` was done, the level after it and the next
    review date; None when it is not done (yet), which leaves the listing overdue."""
    rng, days = room.rng, room.days
    changing = level is not entry.level
    late = 0 if changing else rng.choices((0, 1, 2, 4), weights=(60, 20, 10, 10))[0]
    day = days.later(review, late) if late else review
    if day > days.last:
        return None  # due, not yet done: overdue
    after = entry.level if changing else level
    upcoming = days.on_or_after(default_review_date(after, day))
    if (
        entry.overdue
        and not entry.closes
        and not changing
        and upcoming > days.last
        and review >= days.last - timedelta(days=12)
    ):
        return None
    at = stamp(rng, day, earliest=since)
    who = entry.counselor if rng.random() < 0.85 else room.someone()
    return at, who, after, upcoming


def _review_line(
    rng: random.Random, at: datetime, who: int, level: WarningLevel, after: WarningLevel, upcoming: date
) -> _Line:
    """A 调整 when the level changes at this review, else a 复评."""
    if after is not level:
        return _Line(
            at, who, WarningAction.CHANGE, level.value, after.value, upcoming, texts.level_change(rng, level, after)
        )
    return _Line(at, who, WarningAction.REVIEW, level.value, level.value, upcoming, texts.review_note(rng, level))


def _close_at_last(
    room: CareRoom, entry: Entry, lines: list[_Line], level: WarningLevel, review: date
) -> tuple[list[_Line], date]:
    """Closed at the last review when there was one, else on the last school day."""
    rng = room.rng
    last = lines[-1]
    if last.action is WarningAction.REVIEW:
        lines[-1] = _Line(last.at, last.by, WarningAction.CLOSE, level.value, "", None, rng.choice(texts.CLOSE_REASONS))
        return lines, lines[-2].review_on or review
    at = stamp(rng, room.days.last, earliest=last.at)
    lines.append(
        _Line(at, entry.counselor, WarningAction.CLOSE, level.value, "", None, rng.choice(texts.CLOSE_REASONS))
    )
    return lines, review


# -- proposals --------------------------------------------------------------------------------


def decide_proposals(room: CareRoom, sittings: Sequence[Sitting], entries: Sequence[Entry], *, pending: int) -> None:
    """Confirmed for the students listed from a screen (and for those already listed then);
    about `pending` of the latest screen's left waiting; the rest rejected with a reason."""
    rng = room.rng
    by_student: dict[int, list[Entry]] = {}
    for entry in entries:
        by_student.setdefault(entry.pupil.id, []).append(entry)
    waiting = _waiting(rng, sittings[-1].proposed(), by_student, pending) if sittings else set()
    for index, sitting in enumerate(sittings):
        for sid, props in sorted(sitting.proposed().items()):
            created = props[0].created
            listed = next((e for e in by_student.get(sid, ()) if e.origin == index), None)
            already = next((e for e in by_student.get(sid, ()) if e.covers(created)), None)
            if listed is not None:
                decision = ("已确认", listed.counselor, listed.opened_at, listed.reason)
            elif already is not None:
                decision = ("已确认", already.counselor, soon_after(room, created, 10), texts.ALREADY_LISTED)
            elif index == len(sittings) - 1 and sid in waiting:
                continue
            else:
                item9 = any(p.item9 for p in props)
                reason = rng.choice(texts.REJECT_ITEM9_REASONS if item9 else texts.REJECT_REASONS)
                decision = ("已驳回", room.someone(), soon_after(room, created, 21), reason)
            status, by, at, reason = decision
            for p in props:
                _decide(room, p, status, by, at, reason)


def _decide(room: CareRoom, p: Proposal, status: str, by: int, at: datetime, reason: str) -> None:
    """As the services decide: a counselor's rejection of a red proposal waits for the lead."""
    if status == "已驳回" and p.level is WarningLevel.RED and by != room.lead:
        warnings.request_rejection(room.conn, p.id, requested_by=by, reason=reason, now=at)
        cosigned = soon_after(room, at, 3)
        warnings.decide_proposal(
            room.conn, p.id, status=status, decided_by=by, reason=reason, now=cosigned, cosigned_by=room.lead
        )
        return
    warnings.decide_proposal(room.conn, p.id, status=status, decided_by=by, reason=reason, now=at)


def _waiting(
    rng: random.Random, proposed: Mapping[int, list[Proposal]], listed: Mapping[int, object], target: int
) -> set[int]:
    """Students whose proposals nobody has reached yet: yellow ones (red and orange are seen first)."""
    free = [sid for sid in sorted(proposed) if sid not in listed]
    yellow = [sid for sid in free if all(p.level is YELLOW for p in proposed[sid])]
    rest = [sid for sid in free if sid not in set(yellow)]
    rng.shuffle(yellow)
    rng.shuffle(rest)
    chosen, count = set(), 0
    for sid in yellow + rest:
        if count >= target:
            break
        chosen.add(sid)
        count += len(proposed[sid])
    return chosen
