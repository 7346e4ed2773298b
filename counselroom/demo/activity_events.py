"""Demo 班会与活动 (school store): a 主题班团队会 in every class each term (a few classes miss one),
a 专题活动 for every grade (one grade goes without in one past term), 家长学校 each term, 宣传 around
5·25 and 10·10 and in the 心理健康宣传月, a few 团体辅导 and two 心理委员 trainings a term. Dated
before today: the current term has what has happened so far."""

from __future__ import annotations

from datetime import date

from counselroom.demo.activity_ground import ActivityGround, DemoTerm
from counselroom.demo.activity_texts import (
    CLASS_MEETING_TITLES,
    GROUP_TITLES,
    PARENT_TITLES,
    PEER_TRAINING_TITLES,
    PUBLICITY,
    THEMED_TITLES,
)
from counselroom.domain.activities.school_activities import PARENT_FORMS, ActivityKind, ActivityScope
from counselroom.store.school import school_activities as store

MISSED_CLASS_MEETING = 0.04
# Occasions by (month, first day, last day) on which the school holds its 宣传.
OCCASION_DAYS = {"5·25心理健康日": (5, 20, 28), "10·10世界精神卫生日": (10, 8, 12), "心理健康宣传月": (5, 6, 16)}


def add_events(ground: ActivityGround) -> None:
    missing_themed = _grade_without_themed(ground)
    for term in ground.terms:
        _class_meetings(ground, term)
        _themed(ground, term, skip=missing_themed.get((term.year_name, term.number)))
        _parent_school(ground, term)
        _publicity(ground, term)
        _groups_and_monitors(ground, term)


def _insert(
    ground: ActivityGround,
    term: DemoTerm,
    kind: ActivityKind,
    title: str,
    scope: ActivityScope,
    *,
    day: date | None = None,
    grade_id: int | None = None,
    class_ids: tuple[int, ...] = (),
    organizer: int | None = None,
    participants: int = 0,
    occasion: str = "",
    form: str = "",
) -> None:
    held_on = day or ground.day(term)
    fields = store.ActivityFields(
        kind.value, held_on, title, scope.value, grade_id, class_ids, organizer, participants, occasion, form, ""
    )
    store.insert(ground.conn, fields, by=ground.recorder(), now=ground.stamp(held_on))


def _class_meetings(ground: ActivityGround, term: DemoTerm) -> None:
    """Held in the second half of the term's first month or later; by now, that share of them."""
    for cls in term.classes:
        if ground.rng.random() < MISSED_CLASS_MEETING or ground.rng.random() > term.elapsed * 1.5:
            continue
        head = ground.enrolment.classes[cls.id].head_id if cls.id in ground.enrolment.classes else None
        size = len(ground.pupils(cls.id, term)) or 45
        title = f"主题班会：{ground.rng.choice(CLASS_MEETING_TITLES)}"
        _insert(
            ground,
            term,
            ActivityKind.CLASS_MEETING,
            title,
            ActivityScope.CLASSES,
            class_ids=(cls.id,),
            organizer=head,
            participants=size,
        )


def _grade_without_themed(ground: ActivityGround) -> dict[tuple[str, int], int]:
    """One past term in which one grade had no 专题活动 (the coverage view shows it in red)."""
    past = [t for t in ground.terms if not t.current and t.classes]
    if not past:
        return {}
    term = ground.rng.choice(past)
    return {(term.year_name, term.number): ground.rng.choice(term.classes).grade_id}


def _themed(ground: ActivityGround, term: DemoTerm, *, skip: int | None) -> None:
    grades = dict.fromkeys(c.grade_id for c in term.classes)  # in school order
    counselors = ground.counselors()
    for grade_id in grades:
        if grade_id == skip or ground.rng.random() > term.elapsed * 1.4:
            continue
        size = sum(len(ground.pupils(c.id, term)) for c in term.classes if c.grade_id == grade_id)
        _insert(
            ground,
            term,
            ActivityKind.THEMED,
            ground.rng.choice(THEMED_TITLES),
            ActivityScope.GRADE,
            grade_id=grade_id,
            organizer=ground.rng.choice(counselors).id,
            participants=size,
        )


def _parent_school(ground: ActivityGround, term: DemoTerm) -> None:
    if term.elapsed < 0.2:
        return
    families = sum(len(ground.pupils(c.id, term)) for c in term.classes)
    for title in ground.rng.sample(PARENT_TITLES, 1 + (ground.rng.random() < 0.4)):
        _insert(
            ground,
            term,
            ActivityKind.PARENT_SCHOOL,
            title,
            ActivityScope.SCHOOL,
            organizer=ground.rng.choice(ground.counselors()).id,
            participants=int(families * ground.rng.uniform(0.6, 0.85)),
            form=ground.rng.choice(PARENT_FORMS),
        )


def _publicity(ground: ActivityGround, term: DemoTerm) -> None:
    for occasion, (month, first, last) in OCCASION_DAYS.items():
        year = term.start.year if month >= 9 else term.end.year
        low, high = date(year, month, first), date(year, month, last)
        if not (term.start <= low and high <= term.end) or low > term.last:
            continue
        for title, form in PUBLICITY[occasion]:
            _insert(
                ground,
                term,
                ActivityKind.PUBLICITY,
                title,
                ActivityScope.SCHOOL,
                day=ground.day(term, low, high),
                organizer=ground.rng.choice(ground.counselors()).id,
                occasion=occasion,
                form=form,
            )


def _groups_and_monitors(ground: ActivityGround, term: DemoTerm) -> None:
    monitors = 2 * len(term.classes)
    for title in PEER_TRAINING_TITLES[: round(2 * term.elapsed)]:
        _insert(
            ground,
            term,
            ActivityKind.PEER_MONITOR_TRAINING,
            title,
            ActivityScope.SCHOOL,
            organizer=ground.rng.choice(ground.counselors()).id,
            participants=monitors,
        )
    for _ in range(round(ground.rng.randint(2, 4) * term.elapsed)):
        cls = ground.rng.choice(term.classes)
        _insert(
            ground,
            term,
            ActivityKind.GROUP_COUNSELING,
            ground.rng.choice(GROUP_TITLES),
            ActivityScope.CLASSES,
            class_ids=(cls.id,),
            organizer=ground.rng.choice(ground.counselors()).id,
            participants=ground.rng.randint(8, 16),
        )
