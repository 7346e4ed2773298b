"""Planning the demo's 三级预警 list (part of care_records): who is listed, at what level, from
which source, by which counselor and since when — in memory; warning_rows writes it.

About 2.5% of the students are on the list (红 0.2%, 橙 0.8%, 黄 1.5%): most from the latest
screen, at about the level it proposed, the rest from a 班主任, a 心理委员, a parent or a talk
(a 班主任 or 心理委员 listing comes with the report behind it). A few are overdue for review,
and a handful listed earlier have been closed (解除) since.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from counselroom.demo import care_texts as texts
from counselroom.demo.care_ground import CareRoom, Entry, by_distress
from counselroom.demo.class_reports import report_about
from counselroom.demo.enrolment_facts import Pupil, stamp
from counselroom.demo.screening_sittings import Proposal, Sitting
from counselroom.domain.care.warnings import WarningLevel, WarningSource, default_review_date
from counselroom.domain.students.student_facts import StudentStatus

RED, ORANGE, YELLOW = WarningLevel.RED, WarningLevel.ORANGE, WarningLevel.YELLOW
LEVEL_SHARE = {RED: 0.002, ORANGE: 0.008, YELLOW: 0.015}  # of the students at school
CLOSED_SHARE = 0.006
S = WarningSource
_SOURCES = {  # where listings come from, by final level
    RED: {S.SCREENING: 70, S.HEAD_TEACHER: 8, S.PARENT: 10, S.PEER_MONITOR: 4, S.TALK: 8},
    ORANGE: {S.SCREENING: 55, S.HEAD_TEACHER: 9, S.PEER_MONITOR: 8, S.TALK: 14, S.PARENT: 14},
    YELLOW: {S.SCREENING: 55, S.HEAD_TEACHER: 9, S.PEER_MONITOR: 8, S.TALK: 14, S.PARENT: 14},
}
_CLOSED_SOURCES = {S.SCREENING: 40, S.HEAD_TEACHER: 10, S.TALK: 25, S.PARENT: 25}
# A counselor lists a screened student at about the level the screen proposed: these are the
# proposed levels looked at first for each level listed.
_PREFERRED = {RED: (RED, ORANGE), ORANGE: (ORANGE, RED, YELLOW), YELLOW: (YELLOW, ORANGE, RED)}
# (start level, chance) of a listing that began at another level than it is at now.
_STARTED_ELSEWHERE = {RED: ((ORANGE, 0.25),), ORANGE: ((YELLOW, 0.15), (RED, 0.10)), YELLOW: ((ORANGE, 0.20),)}


def plan_listings(room: CareRoom, sittings: Sequence[Sitting]) -> list[Entry]:
    rng, pupils = room.rng, room.enrolment.pupils
    latest = len(sittings) - 1
    proposed = sittings[-1].proposed() if sittings else {}
    listable = {p.id: p for p in pupils if p.status != StudentStatus.SUSPENDED}
    screened = _by_proposed_level(proposed, [sid for sid in _by_severity(rng, proposed) if sid in listable])
    others = [p for p in by_distress(room, listable.values()) if p.id not in proposed]
    entries: list[Entry] = []
    for level in (RED, ORANGE, YELLOW):
        for _ in range(max(1 if level is not YELLOW else 2, round(len(pupils) * LEVEL_SHARE[level]))):
            source = _weighted(rng, _SOURCES[level])
            start = _start_level(rng, level)
            found = _take(screened, _PREFERRED[level]) if source is S.SCREENING else None
            if found is not None:
                pupil = listable[found]
                entries.append(_from_screen(room, pupil, level, start, sittings[latest], latest, proposed[pupil.id]))
                continue
            if source is S.SCREENING:
                source = S.HEAD_TEACHER
            if others:
                entries.append(_from_elsewhere(room, others.pop(0), level, start, source))
    could = _could_be_overdue(room, entries) or _made_overdue(room, entries, others) or list(range(len(entries)))
    overdue = rng.sample(could, min(len(could), max(1, round(len(entries) * 0.08)))) if entries else []
    for i in overdue:
        entries[i].overdue = True
    return entries + _closed_listings(room, sittings, taken={e.pupil.id for e in entries})


def _could_be_overdue(room: CareRoom, entries: Sequence[Entry]) -> list[int]:
    """Entries whose first review falls due in the last days before today, with the next one not
    yet: only those can be left overdue by a recent review not done (warning_rows)."""
    last = room.days.last
    found = []
    for i, e in enumerate(entries):
        first = default_review_date(e.start, e.opened_at.date())
        if e.start is e.level and last - timedelta(days=12) <= first <= last < first + timedelta(
            days=e.level.review_days
        ):
            found.append(i)
    return found


def _made_overdue(room: CareRoom, entries: list[Entry], others: list[Pupil]) -> list[int]:
    """When no listing's first review happens to fall in the last days (a demo made early in a
    term lists most students from a screen only days old), one more student is listed after a
    talk (谈心谈话) a month back, whose review is now due and not yet done: the demo's 今日 should
    show an overdue review, as a real room's often does."""
    last, level = room.days.last, YELLOW
    opened = room.days.on_or_before(last - timedelta(days=level.review_days + room.rng.randint(1, 10)))
    pupil = next((p for p in others if p.enrolled_on + timedelta(days=14) <= opened), None)
    if pupil is None:
        return []
    others.remove(pupil)
    entries.append(_from_elsewhere(room, pupil, level, level, S.TALK, window=(opened, opened)))
    return [len(entries) - 1] if _could_be_overdue(room, entries[-1:]) else []


def _by_severity(rng: random.Random, proposed: Mapping[int, list[Proposal]]) -> list[int]:
    """Students with proposals, the most worrying first (a noisy order: a counselor's judgement
    after the follow-up interview is not the score)."""
    keyed = [
        (max(p.total + 8 * p.item9 for p in props) + rng.gauss(0, 3), sid) for sid, props in sorted(proposed.items())
    ]
    return [sid for _, sid in sorted(keyed, reverse=True)]


def _by_proposed_level(proposed: Mapping[int, list[Proposal]], ordered: Sequence[int]) -> dict[WarningLevel, list[int]]:
    """The students in `ordered`, grouped by the highest level proposed for them."""
    groups: dict[WarningLevel, list[int]] = {RED: [], ORANGE: [], YELLOW: []}
    for sid in ordered:
        groups[max((p.level for p in proposed[sid]), key=lambda lv: lv.rank)].append(sid)
    return groups


def _take(groups: Mapping[WarningLevel, list[int]], preferred: Sequence[WarningLevel]) -> int | None:
    return next((groups[level].pop(0) for level in preferred if groups[level]), None)


def _start_level(rng: random.Random, level: WarningLevel) -> WarningLevel:
    roll = rng.random()
    for start, chance in _STARTED_ELSEWHERE[level]:
        if roll < chance:
            return start
        roll -= chance
    return level


def _weighted(rng: random.Random, weights: Mapping[WarningSource, int]) -> WarningSource:
    return rng.choices(tuple(weights), weights=tuple(weights.values()))[0]


def _from_screen(
    room: CareRoom,
    pupil: Pupil,
    level: WarningLevel,
    start: WarningLevel,
    sitting: Sitting,
    origin: int,
    props: Sequence[Proposal],
) -> Entry:
    """Listed after the follow-up interview of a positive screen (PHQ-9 named first)."""
    rng, days = room.rng, room.days
    imported = sitting.imported_at
    day = days.pick(rng, imported.date() + timedelta(days=2), imported.date() + timedelta(days=25))
    shown = min(props, key=lambda p: (p.instrument != "PHQ-9", -p.total))
    reason = texts.screening_reason(
        rng, sitting.name, shown.instrument, shown.total, shown.band, max(p.item9 for p in props), start
    )
    return Entry(
        pupil, level, start, S.SCREENING, room.someone(), stamp(rng, day, earliest=imported), reason, origin=origin
    )


def _from_elsewhere(
    room: CareRoom,
    pupil: Pupil,
    level: WarningLevel,
    start: WarningLevel,
    source: WarningSource,
    *,
    window: tuple[date, date] | None = None,
) -> Entry:
    rng, days = room.rng, room.days
    low, high = window or room.term_window()
    day = days.pick(rng, max(low, pupil.enrolled_on + timedelta(days=14)), high)
    counselor = room.someone()
    if source in (S.HEAD_TEACHER, S.PEER_MONITOR):
        report = report_about(room, pupil, day, monitor=source is S.PEER_MONITOR, serious=start is RED)
        role = "心理委员" if source is S.PEER_MONITOR and report.reporter.startswith("心理委员") else "班主任"
        source = S.PEER_MONITOR if role == "心理委员" else S.HEAD_TEACHER
        opened_at = stamp(rng, day, earliest=report.recorded_at)
        reason = texts.confirmed_report_reason(rng, role, report.concern, start)
        report.status, report.propose = "已转预警", start
        report.decision = ("已确认", counselor, opened_at, reason)
        return Entry(pupil, level, start, source, counselor, opened_at, reason, report=report)
    reason = texts.direct_reason(rng, source, start)
    return Entry(pupil, level, start, source, counselor, stamp(rng, day), reason)


def _closed_listings(room: CareRoom, sittings: Sequence[Sitting], *, taken: set[int]) -> list[Entry]:
    """A handful listed earlier and closed since: from an older screen where there is one, or
    from a talk, a parent or a 班主任 in the months before."""
    rng, days = room.rng, room.days
    latest = set(sittings[-1].proposed()) if sittings else set()
    ever_proposed = {p.student_id for s in sittings for p in s.proposals}
    old = [i for i, s in enumerate(sittings[:-1]) if s.imported_at.date() <= days.last - timedelta(days=40)]
    listable = [
        p
        for p in room.enrolment.pupils
        if p.status != StudentStatus.SUSPENDED and p.id not in taken and p.id not in latest
    ]
    window = (days.last - timedelta(days=330), days.last - timedelta(days=50))
    quiet = [
        p
        for p in by_distress(room, listable)
        if p.id not in ever_proposed and p.enrolled_on + timedelta(days=14) <= window[1]
    ]
    by_id = {p.id: p for p in listable}
    entries = []
    for _ in range(max(3, round(len(room.enrolment.pupils) * CLOSED_SHARE))):
        level = rng.choices((YELLOW, ORANGE, RED), weights=(70, 25, 5))[0]
        source = _weighted(rng, _CLOSED_SOURCES)
        entry = _from_old_screen(room, sittings, old, by_id, taken, level) if source is S.SCREENING and old else None
        if entry is None:
            if source is S.SCREENING:
                source = S.TALK
            while quiet and quiet[0].id in taken:
                quiet.pop(0)
            if not quiet:
                break
            entry = _from_elsewhere(room, quiet.pop(0), level, level, source, window=window)
        entry.closes = True
        entries.append(entry)
        taken.add(entry.pupil.id)
    return entries


def _from_old_screen(
    room: CareRoom,
    sittings: Sequence[Sitting],
    old: Sequence[int],
    by_id: Mapping[int, Pupil],
    taken: set[int],
    level: WarningLevel,
) -> Entry | None:
    """Listed from one of the `old` sittings: its most worrying student not yet taken, if any."""
    origin = room.rng.choice(old)
    proposed = sittings[origin].proposed()
    candidates = [sid for sid in _by_severity(room.rng, proposed) if sid in by_id and sid not in taken]
    if not candidates:
        return None
    pupil = by_id[candidates[0]]
    return _from_screen(room, pupil, level, level, sittings[origin], origin, proposed[pupil.id])
