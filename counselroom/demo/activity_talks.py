"""Demo 六谈 and 家访 (care store). Each term every class has its 班主任's talks with a few students,
a psychology teacher's with the ones the room follows (a family situation on file first), a subject
teacher's, a 心理委员's with a classmate, a guardian's after a 家长会; the school leaders talk with a
few students of each grade (六困生, 结对子). Home visits reach every family of most classes each term
(siblings are one family), by the 班主任, in person, by phone or 微信; in a few classes a term some
families are missed. In the current term the visits spread over the weeks gone by; as it nears its
end the most classes are done and a few lag behind, their families still waiting."""

from __future__ import annotations

from collections.abc import Sequence

from counselroom.demo.activity_ground import ActivityGround, DemoTerm
from counselroom.demo.activity_texts import TALK_TOPICS, VISIT_COMPANIONS, VISIT_SUMMARIES
from counselroom.demo.enrolment_facts import Pupil
from counselroom.domain.activities.home_visits import VisitMode, families
from counselroom.domain.activities.talks import TalkCategory, TalkerKind, talker_kind
from counselroom.domain.students.student_facts import StaffPosition
from counselroom.store.activities import home_visits, talks
from counselroom.store.care import care_records
from counselroom.store.students import enrolment_sync

# Talks a class has in a whole term, by category (a lower and an upper number).
PER_CLASS = {
    TalkCategory.HEAD_TEACHER: (3, 6),
    TalkCategory.COUNSELOR: (1, 2),
    TalkCategory.TEACHER: (0, 2),
    TalkCategory.PEER: (1, 2),
    TalkCategory.GUARDIAN: (1, 2),
}
LEADER_PER_GRADE = (1, 3)
LAGGING_CLASSES = 0.04  # classes a term that miss some families
MISSED = (0.05, 0.15)  # …the share of their families missed in a past term
LAGGING_NOW = 0.6  # …and visited by the end in the current term
MODES = (VisitMode.IN_PERSON,) * 5 + (VisitMode.PHONE,) * 3 + (VisitMode.WECHAT,) * 2


def add_talks(ground: ActivityGround) -> None:
    guardians = ground.guardians
    teachers = [t.id for t in ground.staff(StaffPosition.SUBJECT_TEACHER)] or [t.id for t in ground.counselors()]
    leaders = [t.id for t in ground.staff(StaffPosition.LEADER)]
    for term in ground.terms:
        for cls in term.classes:
            pupils = ground.pupils(cls.id, term)
            if not pupils:
                continue
            head = ground.enrolment.classes[cls.id].head_id if cls.id in ground.enrolment.classes else None
            monitors = [m[0] for m in care_records.peer_monitors(ground.conn, cls.id)]
            for category, (low, high) in PER_CLASS.items():
                for _ in range(round(ground.rng.randint(low, high) * term.elapsed)):
                    talker = _talker(ground, category, head, teachers, monitors, pupils, guardians)
                    if talker is not None:
                        _talk(ground, term, category, talker, pupils)
        _leader_talks(ground, term, leaders)


def _talker(
    ground: ActivityGround,
    category: TalkCategory,
    head: int | None,
    teachers: Sequence[int],
    monitors: Sequence[int],
    pupils: Sequence[Pupil],
    guardians: dict[int, list[enrolment_sync.GuardianRecord]],
) -> tuple[int | None, int | None, str, Pupil | None] | None:
    """(staff id, 心理委员 id, guardian as told, the student the guardian is of); None: nobody."""
    rng = ground.rng
    if category is TalkCategory.HEAD_TEACHER:
        return (head, None, "", None) if head is not None else None
    if category is TalkCategory.COUNSELOR:
        return rng.choice(ground.counselors()).id, None, "", None
    if category is TalkCategory.TEACHER:
        return rng.choice(teachers), None, "", None
    if category is TalkCategory.PEER:
        return (None, rng.choice(monitors), "", None) if monitors else None
    pupil = rng.choice(pupils)
    known = guardians.get(pupil.id)
    return (None, None, f"{known[0].name}（{known[0].relation}）", pupil) if known else None


def _talk(
    ground: ActivityGround,
    term: DemoTerm,
    category: TalkCategory,
    talker: tuple[int | None, int | None, str, Pupil | None],
    pupils: Sequence[Pupil],
) -> None:
    staff_id, peer_id, guardian, of = talker
    if of is not None:
        chosen = [of]
    elif category is TalkCategory.COUNSELOR:
        followed = [p for p in pupils if p.flags] or list(pupils)
        chosen = [ground.rng.choice(followed)]
    else:
        others = [p for p in pupils if p.id != peer_id]
        chosen = ground.rng.sample(others, min(len(others), 1 if ground.rng.random() < 0.8 else 2))
    _insert(ground, term, category, staff_id, peer_id, guardian, [p.id for p in chosen])


def _leader_talks(ground: ActivityGround, term: DemoTerm, leaders: Sequence[int]) -> None:
    grades: dict[int, list[Pupil]] = {}
    for cls in term.classes:
        grades.setdefault(cls.grade_id, []).extend(ground.pupils(cls.id, term))
    for pupils in grades.values():
        for _ in range(round(ground.rng.randint(*LEADER_PER_GRADE) * term.elapsed)):
            if leaders and pupils:
                chosen = [p.id for p in ground.rng.sample(pupils, min(len(pupils), ground.rng.randint(1, 3)))]
                _insert(ground, term, TalkCategory.LEADER, ground.rng.choice(leaders), None, "", chosen)


def _insert(
    ground: ActivityGround,
    term: DemoTerm,
    category: TalkCategory,
    staff_id: int | None,
    peer_id: int | None,
    guardian: str,
    student_ids: list[int],
) -> None:
    day = ground.day(term)
    talks.insert_talk(
        ground.conn,
        category=category.value,
        talker_kind=talker_kind(category).value,
        talker_staff_id=staff_id,
        talker_student_id=peer_id,
        talker_name=guardian if talker_kind(category) is TalkerKind.GUARDIAN else "",
        held_on=day,
        topic=ground.rng.choice(TALK_TOPICS[category]),
        follow_up=ground.rng.random() < 0.03,
        batch=None,
        student_ids=student_ids,
        recorded_by=ground.recorder(),
        now=ground.stamp(day),
    )


# -- home visits --------------------------------------------------------------------------------


def add_home_visits(ground: ActivityGround) -> None:
    guardians = ground.guardians
    for term in ground.terms:
        pupils = {p.id: p for cls in term.classes for p in ground.pupils(cls.id, term)}
        phones = {sid: (guardians[sid][0].phone if guardians.get(sid) else None) for sid in pupils}
        lagging = _lagging(ground, term)
        for members in families(phones).values():
            first = pupils[min(members)]
            share = lagging.get(first.class_id, 1.0) * _visited_by_now(term)
            if share >= 1.0 or ground.rng.random() < share:
                _visit(ground, term, first, sorted(members), guardians)


def _lagging(ground: ActivityGround, term: DemoTerm) -> dict[int, float]:
    """The few classes that miss some families this term → the share of families they reach."""
    ids = [c.id for c in term.classes if ground.pupils(c.id, term)]
    chosen = ground.rng.sample(ids, min(len(ids), max(1, round(LAGGING_CLASSES * len(ids)))))
    return {i: LAGGING_NOW if term.current else 1 - ground.rng.uniform(*MISSED) for i in chosen}


def _visited_by_now(term: DemoTerm) -> float:
    """Visits are done by three weeks before the end; partway through the term, that share of them."""
    return min(1.0, term.elapsed / 0.85)


def _visit(
    ground: ActivityGround,
    term: DemoTerm,
    first: Pupil,
    members: list[int],
    guardians: dict[int, list[enrolment_sync.GuardianRecord]],
) -> None:
    rng = ground.rng
    cls = ground.enrolment.classes.get(first.class_id)
    visitor = cls.head_id if cls is not None and cls.head_id is not None else rng.choice(ground.counselors()).id
    met = guardians.get(first.id)
    day = ground.day(term)
    home_visits.insert_visit(
        ground.conn,
        held_on=day,
        mode=rng.choice(MODES).value,
        visitor_id=visitor,
        companions=rng.choice(VISIT_COMPANIONS),
        met_with=met[0].relation if met else "",
        summary=rng.choice(VISIT_SUMMARIES),
        follow_up=rng.random() < 0.02,
        batch=None,
        student_ids=members,
        recorded_by=ground.recorder(),
        now=ground.stamp(day),
    )
