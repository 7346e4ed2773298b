"""The demo school's counseling room at work: what a teacher trying the demo should find.

Written after the roster, in the same transaction, from the same `random.Random`:

- 学籍: the 休学 and 复学 students get their status changes, with reasons;
- 心理普查: the sittings of demo_screening, with the proposals the import filed;
- 三级预警: about 2.5% of the students on the list (红 0.2%, 橙 0.8%, 黄 1.5%), each with a
  responsible counselor, a reason, a source, history from 列入 through 复评 and 调整 up to a review
  date around today (a few overdue); a handful of entries closed (解除) earlier;
- proposals: the screens' proposals decided (confirmed for the students listed from them, else
  rejected with a reason), 10–20 still waiting for a counselor;
- 心理委员: one boy and one girl in every class, and 20–40 reports over the term from them or
  from 班主任, some of which became proposals;
- 成长导师 for most listed students and about half of the other key-group students (a 班主任 or
  科任教师, at most 12 students each); 一人一案 plans and 成长史/生活史/心理支持系统 for most listed.

Rows go through the store modules the services use, in the shapes the services write. Nothing
is audited row by row: the one audit row of the demo records the whole generation.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from counselroom.domain.key_groups import StudentFacts, groups_of
from counselroom.domain.students import StaffPosition, StudentStatus
from counselroom.domain.warnings import WarningAction, WarningLevel, WarningSource, default_review_date
from counselroom.services import demo_texts as texts
from counselroom.services.demo_roster import Pupil, Roster, SchoolDays, load_roster, stamp
from counselroom.services.demo_screening import Proposal, Sitting, latent_distress, write_screening
from counselroom.services.mentoring import MAX_MENTEES
from counselroom.store import care, warnings
from counselroom.store import students as student_store
from counselroom.store.connection import Connection

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
_STARTED_ELSEWHERE = {RED: ((ORANGE, 0.25),), ORANGE: ((YELLOW, 0.15), (RED, 0.10)),
                      YELLOW: ((ORANGE, 0.20),)}
EXAM_YEAR_GROUP = "初三/高三升学压力"  # every 初三/高三 student: by itself, a mentor for a quarter of them
_PERSONAL_REPORTS_PENDING = 2  # recent reports whose proposal waits (the rest come from the screen)
_REPORTS_REJECTED = 2
_MIN_OTHER_REPORTS = 6


@dataclass
class _Report:
    class_id: int
    student_id: int | None
    reporter: str
    reported_on: date
    concern: str
    recorded_at: datetime
    recorded_by: int
    status: str = "已处理"
    propose: WarningLevel | None = None
    decision: tuple[str, int, datetime, str] | None = None  # status, by, at, reason


@dataclass
class _Entry:
    pupil: Pupil
    level: WarningLevel  # now, or when closed
    start: WarningLevel  # when listed
    source: WarningSource
    counselor: int
    opened_at: datetime
    reason: str
    origin: int | None = None  # the sitting a 筛查 listing came from
    closes: bool = False
    overdue: bool = False
    report: _Report | None = None
    closed_at: datetime | None = field(default=None)

    def covers(self, moment: datetime) -> bool:
        return self.opened_at <= moment and (self.closed_at is None or moment <= self.closed_at)


@dataclass
class _Room:
    """What every step needs: the connection, the dice, the school, and the two counselors."""

    conn: Connection
    rng: random.Random
    roster: Roster
    days: SchoolDays
    lead: int
    counselor: int
    distress: dict[int, float] = field(default_factory=dict)
    monitors: dict[int, list[Pupil]] = field(default_factory=dict)

    def someone(self) -> int:
        """The counselor who did it: the full-time counselor more often than the lead."""
        return self.counselor if self.rng.random() < 0.6 else self.lead

    def year_start(self) -> date:
        starts = [t.start for t in self.days.terms if t.start.month >= 8 and t.start <= self.days.today]
        return starts[-1] if starts else self.days.terms[0].start

    def term_window(self) -> tuple[date, date]:
        """From the second week of the current term to the last school day (or the last four
        months when the term has barely begun)."""
        low = self.days.current_term().start + timedelta(days=7)
        if low > self.days.last - timedelta(days=5):
            low = self.days.last - timedelta(days=120)
        return low, self.days.last


def add_care_records(conn: Connection, rng: random.Random, *, user_ids: Mapping[str, int],
                     now: datetime) -> None:
    """Everything of issue #3 beyond the roster, for the roster just written to `conn`."""
    roster = load_roster(conn)
    room = _Room(conn, rng, roster, SchoolDays.of_school(conn, now.date()), user_ids["lead"],
                 user_ids["counselor"])
    away = _status_changes(room)
    room.distress = latent_distress(rng, roster)
    sittings = write_screening(conn, rng, roster, room.days, distress=room.distress, away=away,
                               importer_id=room.lead)
    room.monitors = _peer_monitors(room)
    entries = _plan_listings(room, sittings)
    reports = [e.report for e in entries if e.report is not None]
    for entry in entries:
        _write_entry(room, entry)
    students = len(roster.pupils)
    pending = min(20, max(10, round(students / 250)))
    _decide_proposals(room, sittings, entries, pending=pending - _PERSONAL_REPORTS_PENDING)
    wanted = min(40, max(20, round(students / 125)))
    reports += _other_reports(room, entries, count=max(wanted - len(reports), _MIN_OTHER_REPORTS))
    for report in sorted(reports, key=lambda r: r.recorded_at):
        _write_report(room, report)
    _mentors_plans_backgrounds(room, entries, sittings)


# -- 学籍 -------------------------------------------------------------------------------------

def _status_changes(room: _Room) -> dict[int, tuple[date, date]]:
    """休学 and 复学 with their history; returns when each was away (not screened then)."""
    days, rng = room.days, room.rng
    away = {}
    back = days.on_or_after(days.current_term().start)
    if back > days.last:
        back = days.on_or_after(days.last - timedelta(days=150))
    for pupil in room.roster.pupils:
        if pupil.status == StudentStatus.SUSPENDED:
            left = days.pick(rng, room.year_start() + timedelta(days=10), days.last)
            _change_status(room, pupil, StudentStatus.ENROLLED, StudentStatus.SUSPENDED, left,
                           rng.choice(texts.SUSPEND_REASONS))
            away[pupil.id] = (left, date.max)
        elif pupil.status == StudentStatus.RESUMED:
            left = days.pick(rng, back - timedelta(days=330), back - timedelta(days=120))
            _change_status(room, pupil, StudentStatus.ENROLLED, StudentStatus.SUSPENDED, left,
                           rng.choice(texts.SUSPEND_REASONS))
            _change_status(room, pupil, StudentStatus.SUSPENDED, StudentStatus.RESUMED, back,
                           rng.choice(texts.RESUME_REASONS))
            away[pupil.id] = (left, back)
    return away


def _change_status(room: _Room, pupil: Pupil, before: StudentStatus, after: StudentStatus, on: date,
                   reason: str) -> None:
    student_store.change_status(room.conn, pupil.id, from_status=before.value, to_status=after.value,
                                on_date=on, reason=reason, user_id=room.lead, now=stamp(room.rng, on))


# -- 心理委员 ----------------------------------------------------------------------------------

def _peer_monitors(room: _Room) -> dict[int, list[Pupil]]:
    """One boy and one girl per class, elected in the second or third week of the school year,
    from the steadier half of the class (a 心理委员 volunteers to look after others)."""
    rng, days = room.rng, room.days
    by_class: dict[int, list[Pupil]] = {}
    for pupil in room.roster.pupils:
        if pupil.status != StudentStatus.SUSPENDED:
            by_class.setdefault(pupil.class_id, []).append(pupil)
    chosen = {}
    start = room.year_start()
    for class_id in sorted(room.roster.classes):
        pair = []
        for gender in ("男", "女"):
            pool = sorted((p for p in by_class.get(class_id, ()) if p.gender == gender),
                          key=lambda p: room.distress[p.id])
            if pool:
                pair.append(rng.choice(pool[: max(1, len(pool) // 2)]))
        if pair:
            since = days.pick(rng, start + timedelta(days=7), start + timedelta(days=20))
            care.set_peer_monitors(room.conn, class_id, [p.id for p in pair], since=since)
            chosen[class_id] = pair
    return chosen


def _reporter(room: _Room, class_id: int, about: int | None, *, monitor: bool) -> str:
    if monitor:
        others = [p for p in room.monitors.get(class_id, ()) if p.id != about]
        if others:
            return f"心理委员 {room.rng.choice(others).name}"
    cls = room.roster.classes[class_id]
    return f"班主任 {room.roster.staff_named(cls.head_id)}".strip()


# -- the warning list -----------------------------------------------------------------------------

def _plan_listings(room: _Room, sittings: Sequence[Sitting]) -> list[_Entry]:
    rng, pupils = room.rng, room.roster.pupils
    latest = len(sittings) - 1
    proposed = sittings[-1].proposed() if sittings else {}
    listable = {p.id: p for p in pupils if p.status != StudentStatus.SUSPENDED}
    screened = _by_proposed_level(proposed, [sid for sid in _by_severity(rng, proposed) if sid in listable])
    others = [p for p in _by_distress(room, listable.values()) if p.id not in proposed]
    entries: list[_Entry] = []
    for level in (RED, ORANGE, YELLOW):
        for _ in range(max(1 if level is not YELLOW else 2, round(len(pupils) * LEVEL_SHARE[level]))):
            source = _weighted(rng, _SOURCES[level])
            start = _start_level(rng, level)
            found = _take(screened, _PREFERRED[level]) if source is S.SCREENING else None
            if found is not None:
                pupil = listable[found]
                entries.append(_from_screen(room, pupil, level, start, sittings[latest], latest,
                                            proposed[pupil.id]))
                continue
            if source is S.SCREENING:
                source = S.HEAD_TEACHER
            if others:
                entries.append(_from_elsewhere(room, others.pop(0), level, start, source))
    overdue = rng.sample(range(len(entries)), max(1, round(len(entries) * 0.08))) if entries else []
    for i in overdue:
        entries[i].overdue = True
    return entries + _closed_listings(room, sittings, taken={e.pupil.id for e in entries})


def _by_severity(rng: random.Random, proposed: Mapping[int, list[Proposal]]) -> list[int]:
    """Students with proposals, the most worrying first (a noisy order: a counselor's judgement
    after the follow-up interview is not the score)."""
    keyed = [(max(p.total + 8 * p.item9 for p in props) + rng.gauss(0, 3), sid)
             for sid, props in sorted(proposed.items())]
    return [sid for _, sid in sorted(keyed, reverse=True)]


def _by_distress(room: _Room, pupils: Iterable[Pupil]) -> list[Pupil]:
    """The more distressed first, loosely: who a teacher, a parent or a friend notices."""
    keyed = [(room.distress[p.id] + room.rng.gauss(0, 0.6), p.id, p) for p in pupils]
    return [p for _, _, p in sorted(keyed, key=lambda k: (-k[0], k[1]))]


def _by_proposed_level(proposed: Mapping[int, list[Proposal]],
                      ordered: Sequence[int]) -> dict[WarningLevel, list[int]]:
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


def _from_screen(room: _Room, pupil: Pupil, level: WarningLevel, start: WarningLevel, sitting: Sitting,
                 origin: int, props: Sequence[Proposal]) -> _Entry:
    """Listed after the follow-up interview of a positive screen (PHQ-9 named first)."""
    rng, days = room.rng, room.days
    imported = sitting.imported_at
    day = days.pick(rng, imported.date() + timedelta(days=2), imported.date() + timedelta(days=25))
    shown = min(props, key=lambda p: (p.instrument != "PHQ-9", -p.total))
    reason = texts.screening_reason(rng, sitting.name, shown.instrument, shown.total, shown.band,
                                    max(p.item9 for p in props), start)
    return _Entry(pupil, level, start, S.SCREENING, room.someone(), stamp(rng, day, earliest=imported),
                  reason, origin=origin)


def _from_elsewhere(room: _Room, pupil: Pupil, level: WarningLevel, start: WarningLevel,
                    source: WarningSource, *, window: tuple[date, date] | None = None) -> _Entry:
    rng, days = room.rng, room.days
    low, high = window or room.term_window()
    day = days.pick(rng, max(low, pupil.enrolled_on + timedelta(days=14)), high)
    counselor = room.someone()
    if source in (S.HEAD_TEACHER, S.PEER_MONITOR):
        report = _report_about(room, pupil, day, monitor=source is S.PEER_MONITOR,
                               serious=start is RED)
        role = "心理委员" if source is S.PEER_MONITOR and report.reporter.startswith("心理委员") else "班主任"
        source = S.PEER_MONITOR if role == "心理委员" else S.HEAD_TEACHER
        opened_at = stamp(rng, day, earliest=report.recorded_at)
        reason = texts.confirmed_report_reason(rng, role, report.concern, start)
        report.status, report.propose = "已转预警", start
        report.decision = ("已确认", counselor, opened_at, reason)
        return _Entry(pupil, level, start, source, counselor, opened_at, reason, report=report)
    reason = texts.direct_reason(rng, source, start)
    return _Entry(pupil, level, start, source, counselor, stamp(rng, day), reason)


def _report_about(room: _Room, pupil: Pupil, listed_on: date, *, monitor: bool, serious: bool) -> _Report:
    rng, days = room.rng, room.days
    reported = days.pick(rng, listed_on - timedelta(days=6), listed_on)
    concern = rng.choice(texts.SERIOUS_CONCERNS if serious else texts.CONCERNS)
    return _Report(pupil.class_id, pupil.id, _reporter(room, pupil.class_id, pupil.id, monitor=monitor),
                   reported, concern, stamp(rng, reported), room.someone())


def _closed_listings(room: _Room, sittings: Sequence[Sitting], *, taken: set[int]) -> list[_Entry]:
    """A handful listed earlier and closed since: from an older screen where there is one, or
    from a talk, a parent or a 班主任 in the months before."""
    rng, days = room.rng, room.days
    latest = set(sittings[-1].proposed()) if sittings else set()
    ever_proposed = {p.student_id for s in sittings for p in s.proposals}
    old = [i for i, s in enumerate(sittings[:-1]) if s.imported_at.date() <= days.last - timedelta(days=40)]
    listable = [p for p in room.roster.pupils
                if p.status != StudentStatus.SUSPENDED and p.id not in taken and p.id not in latest]
    window = (days.last - timedelta(days=330), days.last - timedelta(days=50))
    quiet = [p for p in _by_distress(room, listable)
             if p.id not in ever_proposed and p.enrolled_on + timedelta(days=14) <= window[1]]
    by_id = {p.id: p for p in listable}
    entries = []
    for _ in range(max(3, round(len(room.roster.pupils) * CLOSED_SHARE))):
        level = rng.choices((YELLOW, ORANGE, RED), weights=(70, 25, 5))[0]
        source = _weighted(rng, _CLOSED_SOURCES)
        if source is S.SCREENING and old:
            origin = rng.choice(old)
            proposed = sittings[origin].proposed()
            candidates = [sid for sid in _by_severity(rng, proposed) if sid in by_id and sid not in taken]
            if candidates:
                pupil = by_id[candidates[0]]
                entry = _from_screen(room, pupil, level, level, sittings[origin], origin, proposed[pupil.id])
                entry.closes = True
                entries.append(entry)
                taken.add(pupil.id)
                continue
        if source is S.SCREENING:
            source = S.TALK
        while quiet and quiet[0].id in taken:
            quiet.pop(0)
        if not quiet:
            break
        pupil = quiet.pop(0)
        entry = _from_elsewhere(room, pupil, level, level, source, window=window)
        entry.closes = True
        entries.append(entry)
        taken.add(pupil.id)
    return entries


@dataclass(frozen=True)
class _Line:
    at: datetime
    by: int
    action: WarningAction
    before: str
    after: str
    review_on: date | None
    reason: str


def _history(room: _Room, entry: _Entry) -> tuple[list[_Line], date]:
    """列入, then a review at each review date that has come (a few done a day or two late), a
    调整 at the first when the level changed, and 解除 at the last for a closed entry. Returns
    the lines and the review date that stands (before today when overdue)."""
    rng, days = room.rng, room.days
    level, opened = entry.start, entry.opened_at
    review = days.on_or_after(default_review_date(level, opened.date()))
    if entry.start is not entry.level and review > days.last:
        level = entry.start = entry.level  # no review yet at which it could have changed
        review = days.on_or_after(default_review_date(level, opened.date()))
    lines = [_Line(opened, entry.counselor, WarningAction.OPEN, "", level.value, review, entry.reason)]
    closing_at = rng.randint(1, 3) if entry.closes else 0
    done = 0
    while review <= days.last:
        changing = level is not entry.level
        late = 0 if changing else rng.choices((0, 1, 2, 4), weights=(60, 20, 10, 10))[0]
        day = days.later(review, late) if late else review
        if day > days.last:
            break  # due, not yet done: overdue
        after = entry.level if changing else level
        upcoming = days.on_or_after(default_review_date(after, day))
        if (entry.overdue and not entry.closes and not changing and upcoming > days.last
                and review >= days.last - timedelta(days=12)):
            break
        at = stamp(rng, day, earliest=lines[-1].at)
        who = entry.counselor if rng.random() < 0.85 else room.someone()
        done += 1
        if entry.closes and done >= closing_at and not changing:
            closing = rng.choice(texts.CLOSE_REASONS)
            lines.append(_Line(at, who, WarningAction.CLOSE, level.value, "", None, closing))
            return lines, review
        if changing:
            lines.append(_Line(at, who, WarningAction.CHANGE, level.value, after.value, upcoming,
                               texts.level_change(rng, level, after)))
        else:
            lines.append(_Line(at, who, WarningAction.REVIEW, level.value, level.value, upcoming,
                               texts.review_note(rng, level)))
        level, review = after, upcoming
    if entry.closes:  # ran out of time before the planned number of reviews: close at the last
        last = lines[-1]
        if last.action is WarningAction.REVIEW:
            lines[-1] = _Line(last.at, last.by, WarningAction.CLOSE, level.value, "", None,
                              rng.choice(texts.CLOSE_REASONS))
            return lines, lines[-2].review_on or review
        at = stamp(rng, days.last, earliest=last.at)
        lines.append(_Line(at, entry.counselor, WarningAction.CLOSE, level.value, "", None,
                           rng.choice(texts.CLOSE_REASONS)))
    return lines, review


def _write_entry(room: _Room, entry: _Entry) -> None:
    lines, review = _history(room, entry)
    first = lines[0]
    conn = room.conn
    warning_id = warnings.insert(conn, student_id=entry.pupil.id, level=entry.start, reason=entry.reason,
                                 source=entry.source.value, counselor_id=entry.counselor,
                                 opened_on=first.at.date(), review_on=first.review_on or review, now=first.at)
    reason, level = entry.reason, entry.start
    for line in lines:
        warnings.add_history(conn, warning_id=warning_id, action=line.action, from_level=line.before,
                             to_level=line.after, review_on=line.review_on, reason=line.reason,
                             changed_by=line.by, now=line.at)
        if line.action is WarningAction.CHANGE:
            reason, level = line.reason, WarningLevel(line.after)
    last = lines[-1]
    closed = last.action is WarningAction.CLOSE
    entry.level = level
    entry.closed_at = last.at if closed else None
    warnings.update(conn, warning_id, level=level, review_on=review, counselor_id=entry.counselor,
                    reason=reason, now=last.at, closed_on=last.at.date() if closed else None)


# -- proposals --------------------------------------------------------------------------------

def _decide_proposals(room: _Room, sittings: Sequence[Sitting], entries: Sequence[_Entry], *,
                      pending: int) -> None:
    """Confirmed for the students listed from a screen (and for those already listed then);
    about `pending` of the latest screen's left waiting; the rest rejected with a reason."""
    rng = room.rng
    by_student: dict[int, list[_Entry]] = {}
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
                decision = ("已确认", already.counselor, _after(room, created, 10), texts.ALREADY_LISTED)
            elif index == len(sittings) - 1 and sid in waiting:
                continue
            else:
                item9 = any(p.item9 for p in props)
                reason = rng.choice(texts.REJECT_ITEM9_REASONS if item9 else texts.REJECT_REASONS)
                decision = ("已驳回", room.someone(), _after(room, created, 21), reason)
            status, by, at, reason = decision
            for p in props:
                warnings.decide_proposal(room.conn, p.id, status=status, decided_by=by, reason=reason, now=at)


def _waiting(rng: random.Random, proposed: Mapping[int, list[Proposal]], listed: Mapping[int, object],
             target: int) -> set[int]:
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


def _after(room: _Room, moment: datetime, within_days: int) -> datetime:
    start = moment.date()
    day = room.days.pick(room.rng, start + timedelta(days=1), start + timedelta(days=within_days))
    return stamp(room.rng, max(day, moment.date()), earliest=moment)


# -- reports --------------------------------------------------------------------------------

def _other_reports(room: _Room, entries: Sequence[_Entry], *, count: int) -> list[_Report]:
    """Reports that did not lead to a listing: a couple of recent ones proposing a level and still
    waiting, a couple whose proposal was turned down, the rest dealt with or still open."""
    rng, days = room.rng, room.days
    listed = {e.pupil.id for e in entries}
    pool = [p for p in _by_distress(room, room.roster.pupils)
            if p.id not in listed and p.status != StudentStatus.SUSPENDED]
    pool = pool[: max(count * 3, len(pool) // 4)]
    term = room.term_window()
    recent = (days.last - timedelta(days=12), days.last)
    kinds = ["pending"] * _PERSONAL_REPORTS_PENDING + ["rejected"] * _REPORTS_REJECTED + ["class"]
    kinds += [""] * (count - len(kinds))
    reports = []
    for kind in kinds:
        low, high = recent if kind == "pending" else term
        rejection = rng.choice(texts.REJECTED_REPORTS) if kind == "rejected" else None
        if pool and kind != "class" and (kind or rng.random() > 0.08):
            pupil = pool.pop(rng.randrange(len(pool)))
            class_id, about = pupil.class_id, pupil.id
            serious = kind == "pending" and rng.random() < 0.3
            concern = rng.choice(texts.SERIOUS_CONCERNS if serious else texts.CONCERNS)
            day = days.pick(rng, max(low, pupil.enrolled_on), high)
        else:
            class_id, about = rng.choice(sorted(room.roster.classes)), None
            concern = rng.choice(texts.CLASS_CONCERNS)
            day = days.pick(rng, low, high)
        if rejection is not None:
            concern = rejection[0]
        # A report's proposal is shown as 心理委员报告 on the 预警 page, so the waiting ones are theirs.
        reporter = _reporter(room, class_id, about, monitor=kind == "pending" or rng.random() < 0.6)
        report = _Report(class_id, about, reporter, day, concern, stamp(rng, day), room.someone())
        if kind == "pending":
            report.status, report.propose = "待处理", ORANGE if concern in texts.SERIOUS_CONCERNS else YELLOW
        elif rejection is not None:
            report.propose = YELLOW
            report.decision = ("已驳回", room.someone(), _after(room, report.recorded_at, 10), rejection[1])
        else:
            fresh = day >= days.last - timedelta(days=7)
            report.status = "待处理" if rng.random() < (0.7 if fresh else 0.15) else "已处理"
        reports.append(report)
    return reports


def _write_report(room: _Room, r: _Report) -> None:
    conn = room.conn
    report_id = care.insert_peer_report(conn, class_id=r.class_id, student_id=r.student_id,
                                        reporter=r.reporter, reported_on=r.reported_on, concern=r.concern,
                                        user_id=r.recorded_by, now=r.recorded_at)
    if r.propose is not None and r.student_id is not None:
        proposal_id = warnings.insert_proposal(conn, student_id=r.student_id, level=r.propose,
                                               reason=texts.reported_reason(r.reporter, r.concern),
                                               now=r.recorded_at, peer_report_id=report_id)
        if r.decision is not None:
            status, by, at, reason = r.decision
            warnings.decide_proposal(conn, proposal_id, status=status, decided_by=by, reason=reason, now=at)
    if r.status != "待处理":
        care.set_peer_report_status(conn, report_id, r.status)


# -- 成长导师, 一人一案, background -------------------------------------------------------------------

def _mentors_plans_backgrounds(room: _Room, entries: Sequence[_Entry], sittings: Sequence[Sitting]) -> None:
    rng, days, roster = room.rng, room.days, room.roster
    entry_of = {e.pupil.id: e for e in entries}
    positives = {p.student_id for s in sittings for p in s.proposals}
    mentors = _Mentors(rng, roster)
    settled = days.pick(rng, room.year_start() + timedelta(days=14), room.year_start() + timedelta(days=45))
    for pupil in roster.pupils:
        entry = entry_of.get(pupil.id)
        cls = roster.class_of(pupil)
        facts = StudentFacts(pupil.flags, cls.stage, cls.year_in_stage, False, pupil.id in positives)
        groups = set(groups_of(facts))
        if entry is not None:
            chance = 0.6 if entry.closes else 0.9
            since = days.pick(rng, entry.opened_at.date() + timedelta(days=1),
                              entry.opened_at.date() + timedelta(days=14))
        else:
            chance = (0.8 if pupil.status == StudentStatus.RESUMED else 0.5 if groups - {EXAM_YEAR_GROUP}
                      else 0.25 if groups else 0.0)
            since = max(settled, days.on_or_after(pupil.enrolled_on))
        if chance and rng.random() < chance:
            staff_id = mentors.choose(cls.head_id)
            if staff_id is not None:
                care.assign_mentor(room.conn, pupil.id, staff_id, since=min(since, days.last),
                                   user_id=room.lead)
        if entry is not None:
            _plan_and_background(room, pupil, entry)
        elif pupil.status == StudentStatus.RESUMED and rng.random() < 0.7:
            _write_background(room, pupil, room.someone(), days.pick(rng, pupil.enrolled_on, days.last))


def _plan_and_background(room: _Room, pupil: Pupil, entry: _Entry) -> None:
    rng, days = room.rng, room.days
    opened = entry.opened_at.date()
    wants_plan = 0.5 if entry.closes else 1.0 if entry.level is not YELLOW else 0.8
    if rng.random() < wants_plan:
        goals, measures = texts.plan(rng, entry.level, pupil.flags, room.roster.exam_year(pupil))
        day = days.pick(rng, opened + timedelta(days=1), opened + timedelta(days=10))
        care.save_plan(room.conn, pupil.id, goals=goals, measures=measures, user_id=entry.counselor,
                       now=stamp(rng, day, earliest=entry.opened_at))
    if rng.random() < (0.5 if entry.closes else 0.8):
        day = days.pick(rng, opened, opened + timedelta(days=14))
        _write_background(room, pupil, entry.counselor, day, earliest=entry.opened_at)


def _write_background(room: _Room, pupil: Pupil, by: int, day: date, *,
                      earliest: datetime | None = None) -> None:
    growth, life, support = texts.background(room.rng, pupil.flags, pupil.guardians)
    student_store.save_background(room.conn, pupil.id, growth=growth, life=life, support=support, user_id=by,
                                  now=stamp(room.rng, day, earliest=earliest))


class _Mentors:
    """班主任 and 科任教师 with room for another mentee (at most MAX_MENTEES each): the class's own
    班主任 about half the time, else any teacher with room."""

    def __init__(self, rng: random.Random, roster: Roster) -> None:
        self.rng = rng
        self.free = [t.id for t in roster.teachers(StaffPosition.HEAD_TEACHER, StaffPosition.SUBJECT_TEACHER)]
        self.count: dict[int, int] = {}

    def choose(self, head_id: int | None) -> int | None:
        if head_id in self.free and self.rng.random() < 0.45:
            staff_id: int | None = head_id
        else:
            staff_id = self.rng.choice(self.free) if self.free else None
        if staff_id is not None:
            self.count[staff_id] = self.count.get(staff_id, 0) + 1
            if self.count[staff_id] >= MAX_MENTEES:
                self.free.remove(staff_id)
        return staff_id
