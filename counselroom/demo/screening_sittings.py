"""The demo school's 心理普查: PHQ-9 and GAD-7 sittings imported from a screening platform.

Every school year gets an autumn sitting (in October, or late September when the demo is made
early in the term); the current year gets a spring one too once March is over. About 95% of the
students at school take part, class by class over a week. Answers come from a per-student
level of distress (higher in the key groups) plus noise, tuned so that about 13–14% score
PHQ-9 ≥ 10, about 10% GAD-7 ≥ 10, 2–3% answer PHQ-9 item 9 above 0, and about 4% of sheets are
careless: answered too fast (an invalid sheet), or the same option throughout (valid, with a
note asking the counselor to check it).

Each sheet is scored by the domain's published rules, checked by its invalid-questionnaire
rules and written by the screening service's own `store_result`, which also files the
warning-level proposal of a valid positive or of any risk answer (an invalid sheet's too) — so
the rows are exactly what an import writes.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from counselroom.demo.enrolment_facts import Enrolment, SchoolDays, stamp
from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.screening.instruments import GAD7, PHQ9, InstrumentSpec, ScreeningScore, score
from counselroom.domain.screening.screening_quality import invalid_reason
from counselroom.domain.students.student_facts import StudentFlag as F
from counselroom.services.screening.screening_results import SOURCE_IMPORTED, store_result
from counselroom.store.care import warnings as warning_store
from counselroom.store.connection import Connection
from counselroom.store.school import school
from counselroom.store.screening import screening_results as store

TAKE_PART = 0.95  # the rest are ill, away or excused that week
CARELESS = 0.04  # sheets answered too fast (3 in 5) or all alike

# Distress rises with the family situations and hardships that S003 names as key groups.
_SHIFTS = {
    F.HARDSHIP_PSYCHOLOGICAL: 1.0,
    F.ORPHAN: 0.5,
    F.LEFT_BEHIND: 0.25,
    F.SINGLE_PARENT: 0.2,
    F.HARDSHIP_LEARNING: 0.2,
    F.DISABILITY: 0.2,
    F.DIVORCED: 0.15,
    F.CONGENITAL: 0.15,
    F.LOW_INCOME: 0.1,
}
_EXAM_YEAR, _GIRL = 0.15, 0.1

# Totals are log-normal in the sheet's distress x: exp(mu + sigma * x), capped at the maximum.
_PHQ_MU, _PHQ_SIGMA = 1.4, 0.72
_GAD_MU, _GAD_SIGMA = 1.35, 0.7
_STABLE = 0.8  # how much of a sheet is the student's lasting level (the rest is this fortnight)

# How often each item takes a point of the total: sleep, tiredness and concentration most.
_PHQ_WEIGHTS = (3, 3, 4, 4, 2, 3, 4, 1)  # items 1–8; item 9 is drawn on its own
_GAD_WEIGHTS = (4, 3, 3, 3, 2, 3, 2)


@dataclass(frozen=True)
class Proposal:
    """A proposal the import filed, with what the counselor will read on it."""

    id: int
    student_id: int
    level: WarningLevel
    instrument: str
    total: int
    item9: int  # 0 on GAD-7
    band: str
    created: datetime


@dataclass(frozen=True)
class Sitting:
    name: str
    held_on: date
    imported_at: datetime
    screened: int
    proposals: tuple[Proposal, ...]

    def proposed(self) -> dict[int, list[Proposal]]:
        """student id → that student's proposals from this sitting."""
        found: dict[int, list[Proposal]] = {}
        for p in self.proposals:
            found.setdefault(p.student_id, []).append(p)
        return found


def latent_distress(rng: random.Random, enrolment: Enrolment) -> dict[int, float]:
    """Each student's lasting level of distress (about standard normal, higher in key groups)."""
    found = {}
    for pupil in enrolment.pupils:
        shift = sum(v for flag, v in _SHIFTS.items() if flag.value in pupil.flags)
        shift += (_EXAM_YEAR if enrolment.exam_year(pupil) else 0.0) + (_GIRL if pupil.gender == "女" else 0.0)
        found[pupil.id] = rng.gauss(0.0, 1.0) + shift
    return found


def write_screening(
    conn: Connection,
    rng: random.Random,
    enrolment: Enrolment,
    days: SchoolDays,
    *,
    distress: Mapping[int, float],
    away: Mapping[int, tuple[date, date]],
    importer_id: int,
) -> tuple[Sitting, ...]:
    """Every sitting, oldest first. `away`: student id → (休学 from, back on) to skip them."""
    sittings = []
    for name, held_on in _sitting_days(rng, conn, days):
        if not any(p.enrolled_on <= held_on for p in enrolment.pupils):
            continue  # before the oldest class came: the students of then are not in the demo
        sittings.append(
            _sit(conn, rng, enrolment, days, name, held_on, distress=distress, away=away, importer_id=importer_id)
        )
    return tuple(sittings)


def _sitting_days(rng: random.Random, conn: Connection, days: SchoolDays) -> list[tuple[str, date]]:
    starts = [t.start_date for t in school.all_terms(conn) if t.number == 1]
    found = []
    for start in starts:
        autumn = _autumn_day(rng, days, start.year)
        if autumn is not None:
            found.append((f"{start.year}年秋季心理普查", autumn))
        spring_year = start.year + 1
        if start == starts[-1] and days.today >= date(spring_year, 4, 1):
            spring = days.between(date(spring_year, 3, 9), date(spring_year, 3, 20))
            if spring:
                found.append((f"{spring_year}年春季心理普查", rng.choice(spring)))
    return found


def _autumn_day(rng: random.Random, days: SchoolDays, year: int) -> date | None:
    """After the National Day holiday as a rule; in late September when the demo is made in
    mid-October, so the results are in; early in September only when nothing else fits."""
    soon = days.today - timedelta(days=14)
    for low, high in ((date(year, 10, 12), date(year, 10, 24)), (date(year, 9, 21), date(year, 9, 30))):
        choices = days.between(low, min(high, soon))
        if choices:
            return rng.choice(choices)
    choices = days.between(date(year, 9, 1), days.today - timedelta(days=3))
    return choices[-1] if choices else None


def _sit(
    conn: Connection,
    rng: random.Random,
    enrolment: Enrolment,
    days: SchoolDays,
    name: str,
    held_on: date,
    *,
    distress: Mapping[int, float],
    away: Mapping[int, tuple[date, date]],
    importer_id: int,
) -> Sitting:
    week = [held_on, *(days.later(held_on, n) for n in range(1, 5))]
    week = [d for d in week if d <= days.last] or [held_on]
    class_day = {class_id: rng.choice(week) for class_id in enrolment.classes}
    imported_on = min(max(days.later(max(week), rng.randint(2, 4)), max(week)), max(days.last, max(week)))
    imported_at = stamp(rng, imported_on)
    batches = {
        spec.code.value: store.insert_batch(
            conn,
            name=name,
            instrument=spec.code.value,
            source=SOURCE_IMPORTED,
            held_on=held_on,
            file_name=f"心理测评平台导出_{spec.code.value}_{held_on:%Y%m%d}.xlsx",
            created_by=importer_id,
            now=imported_at,
        )
        for spec in (PHQ9, GAD7)
    }
    first_proposal = warning_store.last_proposal_id(conn)
    scored_by_result: dict[int, ScreeningScore] = {}
    screened = 0
    for pupil in enrolment.pupils:
        taken_on = class_day[pupil.class_id]
        gone = away.get(pupil.id)
        if pupil.enrolled_on > taken_on or (gone and gone[0] <= taken_on < gone[1]):
            continue
        if rng.random() >= TAKE_PART:
            continue
        screened += 1
        for spec, answers, seconds in _sheets(rng, distress[pupil.id]):
            scored = score(spec, answers)
            invalid = invalid_reason(item_count=len(scored.answers), duration_seconds=seconds)
            result_id, _level = store_result(
                conn,
                batches[spec.code.value],
                pupil.id,
                scored,
                invalid=invalid,
                taken_on=taken_on,
                duration_seconds=seconds,
                now=imported_at,
            )
            scored_by_result[result_id] = scored
    proposals = tuple(
        _proposal(p, scored_by_result[p.result_id])
        for p in warning_store.pending_proposals(conn)
        if p.id > first_proposal and p.result_id is not None and p.result_id in scored_by_result
    )
    return Sitting(name, held_on, imported_at, screened, proposals)


def _proposal(row: warning_store.ProposalRow, scored: ScreeningScore) -> Proposal:
    return Proposal(
        row.id,
        row.student_id,
        row.proposed_level,
        scored.instrument,
        int(scored.total),
        scored.item9 or 0,
        scored.band,
        datetime.fromisoformat(row.created_at),
    )


# -- answer sheets (pure) -------------------------------------------------------------------


def _sheets(rng: random.Random, lasting: float) -> list[tuple[InstrumentSpec, list[int], int]]:
    """(instrument, answers, seconds taken) for PHQ-9 then GAD-7 of one student in one sitting."""
    now = _STABLE * lasting + math.sqrt(1 - _STABLE**2) * rng.gauss(0.0, 1.0)
    anxious = 0.7 * now + 0.71 * rng.gauss(0.0, 1.0)
    careless = rng.random() < CARELESS
    both = rng.random() < 0.7
    which = rng.choice((PHQ9, GAD7))
    sheets = []
    for spec, x in ((PHQ9, now), (GAD7, anxious)):
        if careless and (both or spec is which):
            sheets.append((spec, *_careless(rng, spec)))
        else:
            sheets.append((spec, _answers(rng, spec, x), _seconds(rng, spec)))
    return sheets


def _answers(rng: random.Random, spec: InstrumentSpec, x: float) -> list[int]:
    """A considered sheet: its total from the distress x, spread over the items by weight (PHQ-9
    item 9, the risk item, drawn on its own and put last).
    Never all zeros: those are the careless sheets' (the same option throughout)."""
    if spec is PHQ9:
        total = min(27, max(1, int(math.exp(_PHQ_MU + _PHQ_SIGMA * x))))
        item9 = _item9(rng, total)
        rest = min(total - item9, 3 * len(_PHQ_WEIGHTS))
        return [*_spread(rng, max(rest, 0 if item9 else 1), _PHQ_WEIGHTS), item9]
    total = min(21, max(1, int(math.exp(_GAD_MU + _GAD_SIGMA * x))))
    return _spread(rng, total, _GAD_WEIGHTS)


def _item9(rng: random.Random, total: int) -> int:
    """Thoughts of self-harm: rare on a low total, commoner the higher it is (2–3% overall)."""
    chance = 0.003 if total < 10 else 0.08 if total < 15 else 0.2 if total < 20 else 0.4
    if rng.random() >= chance:
        return 0
    roll = rng.random()
    return 1 if roll < 0.75 else 2 if roll < 0.95 else 3


def _spread(rng: random.Random, total: int, weights: Sequence[int]) -> list[int]:
    answers = [0] * len(weights)
    pool = [i for i, w in enumerate(weights) for _ in range(w)]
    left = min(total, 3 * len(weights))
    while left:
        i = pool[int(rng.random() * len(pool))]
        if answers[i] < 3:
            answers[i] += 1
            left -= 1
    return answers


def _seconds(rng: random.Random, spec: InstrumentSpec) -> int:
    """A minute or so, more for the longer form; never near the too-fast line."""
    median = 75 if spec is PHQ9 else 55
    return max(spec.item_count * 3, int(math.exp(rng.gauss(math.log(median), 0.35))))


def _careless(rng: random.Random, spec: InstrumentSpec) -> tuple[list[int], int]:
    """Clicked through: too fast (any answers), or the same option throughout at normal speed."""
    items = spec.item_count
    if rng.random() < 0.6:
        seconds = rng.randint(5, items * 2 - 2)
        answers = [0] * items if rng.random() < 0.5 else [rng.randint(0, 3) for _ in range(items)]
        return answers, seconds
    same = rng.choices((0, 1, 2, 3), weights=(50, 20, 15, 15))[0]
    return [same] * items, _seconds(rng, spec)
