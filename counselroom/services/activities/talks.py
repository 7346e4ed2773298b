"""六谈 (谈心谈话): record talks one at a time or a whole class at once (one transaction: a bad row
names its row and nothing is saved), list them, delete a wrong one, and tally them for the
活动记录表. A talk needing follow-up proposes a warning level for each of its students, which a
counselor decides on 今日 like any other proposal (services/care/proposals.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.activities.talks import TalkCategory, TalkerKind, talker_kind
from counselroom.domain.care.warnings import WarningLevel, WarningSource
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.services.accounts.session import Changes
from counselroom.services.activities.care_entries import (
    StudentRef,
    audit,
    checked_day,
    checked_students,
    checked_text,
    delete_entry,
    student_refs,
)
from counselroom.services.activities.entry_checks import check_range
from counselroom.services.guard import authorize
from counselroom.store.activities import people
from counselroom.store.activities import talks as store
from counselroom.store.care import warnings
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.school import staff

__all__ = ["StudentRef", "Talk", "TalkInput", "TalkTally", "delete_talk", "list_talks", "record_talks", "talk_tally"]

MAX_TOPIC = 100
MAX_GUARDIAN_NAME = 30
# A follow-up proposal's reason starts so; proposals.py reads its source (谈心谈话) from it.
PROPOSAL_PREFIX = f"{WarningSource.TALK.value}需跟进"
FOLLOW_UP_LEVEL = WarningLevel.YELLOW  # the lowest: the counselor decides the level on 今日


@dataclass(frozen=True)
class TalkInput:
    category: TalkCategory
    held_on: date
    student_ids: tuple[int, ...]
    talker_staff_id: int | None = None
    talker_student_id: int | None = None
    talker_name: str = ""  # a guardian, as told: 张XX（母亲）
    topic: str = ""
    follow_up: bool = False


@dataclass(frozen=True)
class Talk:
    id: int
    category: TalkCategory
    talker_kind: TalkerKind
    talker: str
    held_on: date
    students: tuple[StudentRef, ...]
    topic: str
    follow_up: bool
    recorded_by: str


@dataclass(frozen=True)
class TalkTally:
    category: TalkCategory
    participants: int
    talks: int
    students: int


@dataclass(frozen=True)
class _Checked:
    entry: TalkInput
    kind: TalkerKind
    talker: str
    student_ids: tuple[int, ...]
    talker_name: str
    topic: str


def record_talks(db: Database, actor: Actor, talks: Sequence[TalkInput], *, now: datetime) -> Changes:
    """One talk or many (a 班主任's talks with a whole class): all saved in one transaction, or none
    when a row breaks a rule (ValidationError with its 1-based row)."""
    authorize(db, actor, Permission.WRITE_CARE_RECORDS, now=now, object_type="talk")
    if not talks:
        raise ValidationError("没有要保存的谈话记录", field="谈话")
    checked = [_check(db.conn, entry, now, row) for row, entry in enumerate(talks, start=1)]
    proposals = 0
    with db.transaction() as conn:
        batch = store.next_batch(conn) if len(checked) > 1 else None
        for c in checked:
            talk_id = _insert(conn, c, batch, actor, now)
            audit(conn, actor, "talk", talk_id, "记录", now)
            if c.entry.follow_up:
                proposals += _propose(conn, c, now)
    summary = f"已记录 {len(checked)} 次谈话" + (f"，{proposals} 条预警建议待确认" if proposals else "")
    kinds = (ChangeKind.ACTIVITIES, ChangeKind.WARNINGS) if proposals else (ChangeKind.ACTIVITIES,)
    return Changes.of(*kinds, summary=summary)


def _check(conn: Connection, entry: TalkInput, now: datetime, row: int) -> _Checked:
    if not isinstance(entry.category, TalkCategory):
        raise ValidationError(f"谈话类别请选择：{'、'.join(c.value for c in TalkCategory)}", field="类别", row=row)
    kind = talker_kind(entry.category)
    held_on = checked_day(entry.held_on, now, row=row)
    student_ids = checked_students(conn, entry.student_ids, held_on, row=row)
    topic = checked_text(entry.topic, "主题", MAX_TOPIC, row=row)
    talker, guardian = _talker(conn, entry, kind, student_ids, row)
    return _Checked(entry, kind, talker, student_ids, guardian, topic)


def _talker(
    conn: Connection, entry: TalkInput, kind: TalkerKind, student_ids: tuple[int, ...], row: int
) -> tuple[str, str]:
    """The talker's name, and the guardian's name to store (only for a guardian)."""
    staff_given, peer_given = entry.talker_staff_id is not None, entry.talker_student_id is not None
    if kind is TalkerKind.STAFF:
        name = staff.active_name(conn, entry.talker_staff_id) if entry.talker_staff_id is not None else None
        if name is None or peer_given:
            raise ValidationError(f"“{entry.category.value}”的谈话人请选择在职教职工", field="谈话人", row=row)
        return name, ""
    if kind is TalkerKind.PEER:
        peer = entry.talker_student_id
        if peer is None or staff_given or not people.is_peer_monitor(conn, peer):
            raise ValidationError("朋辈之间相互谈的谈话人须是现任心理委员", field="谈话人", row=row)
        if peer in student_ids:
            raise ValidationError("心理委员不能与自己谈话，请检查所选学生", field="谈话人", row=row)
        return people.students(conn, [peer])[peer].name, ""
    name = checked_text(entry.talker_name, "谈话人", MAX_GUARDIAN_NAME, row=row)
    if not name or staff_given or peer_given:
        raise ValidationError("学生家长倾心谈请写明家长姓名及关系，如 张XX（母亲）", field="谈话人", row=row)
    return name, name


def _insert(conn: Connection, c: _Checked, batch: int | None, actor: Actor, now: datetime) -> int:
    e = c.entry
    return store.insert_talk(
        conn,
        category=e.category.value,
        talker_kind=c.kind.value,
        talker_staff_id=e.talker_staff_id if c.kind is TalkerKind.STAFF else None,
        talker_student_id=e.talker_student_id if c.kind is TalkerKind.PEER else None,
        talker_name=c.talker_name,
        held_on=e.held_on,
        topic=c.topic,
        follow_up=e.follow_up,
        batch=batch,
        student_ids=c.student_ids,
        recorded_by=int(actor.user_id),
        now=now,
    )


def _propose(conn: Connection, c: _Checked, now: datetime) -> int:
    """A yellow proposal per student, saying which talk asked for it."""
    about = f"：{c.topic}" if c.topic else ""
    reason = f"{PROPOSAL_PREFIX}（{c.entry.category.value}，{c.talker}，{c.entry.held_on.isoformat()}）{about}"
    for student_id in c.student_ids:
        warnings.insert_proposal(conn, student_id=student_id, level=FOLLOW_UP_LEVEL, reason=reason, now=now)
    return len(c.student_ids)


def list_talks(
    db: Database,
    actor: Actor,
    *,
    start: date,
    end: date,
    category: TalkCategory | None = None,
    class_id: int | None = None,
    now: datetime,
) -> list[Talk]:
    """Talks from `start` to `end` (both included), newest first; with `class_id`, those with a
    student now in that class."""
    authorize(db, actor, Permission.VIEW_CARE_RECORDS, now=now)
    check_range(start, end)
    rows = store.talks_between(db.conn, start, end, category=category.value if category else None, class_id=class_id)
    linked = store.students_of(db.conn, [r.id for r in rows])
    return [_talk(r, student_refs(linked, r.id)) for r in rows]


def _talk(r: store.TalkRow, students: tuple[StudentRef, ...]) -> Talk:
    return Talk(
        r.id,
        TalkCategory(r.category),
        TalkerKind(r.talker_kind),
        r.talker,
        date.fromisoformat(r.held_on),
        students,
        r.topic,
        r.follow_up,
        r.recorded_by_name,
    )


def delete_talk(db: Database, actor: Actor, talk_id: int, *, now: datetime) -> Changes:
    """A wrong entry: by whoever recorded it, or the lead. Proposals it raised stay for a counselor."""
    return delete_entry(db, actor, talk_id, kind="talk", word="谈话", get=store.get, remove=store.delete, now=now)


def talk_tally(db: Database, actor: Actor, *, start: date, end: date, now: datetime) -> list[TalkTally]:
    """The 活动记录表's numbers, six rows in S000's order. 参与人数 (participants) counts distinct
    talkers as PARTICIPANTS_MEANING says: staff members by person, 心理委员 by person, guardians by
    the name as told together with their student (store/activities/talks.py PARTICIPANT_KEY);
    谈话次数 counts talks (a talk with three students is one); 谈话学生数 counts distinct students."""
    authorize(db, actor, Permission.VIEW_CARE_RECORDS, now=now)
    check_range(start, end)
    found = {r.category: r for r in store.tally(db.conn, start, end)}
    rows = [found.get(c.value) for c in TalkCategory]
    return [
        TalkTally(c, r.participants, r.talks, r.students) if r else TalkTally(c, 0, 0, 0)
        for c, r in zip(TalkCategory, rows, strict=True)
    ]
