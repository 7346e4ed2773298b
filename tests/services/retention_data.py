"""A demo student with records of every kind, who then leaves: what the purge tests delete.

`prepare_leaver` picks a demo student with a case, notes, an attachment, a warning and a referral,
whose name, 学号 and guardians nobody else shares (so each of those words must be gone after the
purge), and adds through the services what the demo did not give them: a signed note and an
addendum with words found nowhere else, a group note and a talk shared with a classmate (kept for
the classmate after the purge), a peer talk they held as 心理委员, a home visit, a draft, a search
for their name. Then they leave (转出), and a second student leaves (毕业) with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from counselroom.domain.activities.home_visits import VisitMode
from counselroom.domain.activities.talks import TalkCategory
from counselroom.domain.students.student_facts import StudentStatus
from counselroom.services.accounts import drafts
from counselroom.services.accounts.session import Session
from counselroom.services.activities import home_visits, talks
from counselroom.services.activities.home_visits import VisitInput
from counselroom.services.activities.talks import TalkInput
from counselroom.services.care import peer_reports
from counselroom.services.cases import notes
from counselroom.services.cases.search import search_care_texts
from counselroom.services.students import student_records
from tests.conftest import FIXED_NOW

NOTE_WORDS = "紫藤花开的那个下午她说起外婆 zzqqpurgedtoken7"  # nowhere else in the demo
FTS_WORD = "qqpurgedtoken"  # its word as the search index keeps it (prefixes may be shared)
ADDENDUM_WORDS = "补记：槐树下的秋千她又提到一次"
PART_WORDS = "在团体里她第一次主动发言，讲到萤火虫"
VISIT_WORDS = "家里阳台种满了薄荷和迷迭香"
DRAFT_WORDS = "未保存：她说梦见了灯塔"
LEFT_ON = FIXED_NOW.date()
LATER = datetime(2028, 10, 16, 9, 0)  # three years and a few days after they left

_CANDIDATES = """
SELECT s.id FROM students s JOIN cases c ON c.student_id = s.id JOIN attachments a ON a.case_id = c.id
WHERE s.status = '在读'
  AND EXISTS (SELECT 1 FROM warnings w WHERE w.student_id = s.id)
  AND EXISTS (SELECT 1 FROM referrals r WHERE r.student_id = s.id)
  AND (SELECT count(*) FROM students o WHERE o.name = s.name) = 1
  AND NOT EXISTS (SELECT 1 FROM guardians g JOIN guardians o ON o.student_id <> g.student_id
                  AND (o.name = g.name OR o.phone = g.phone) WHERE g.student_id = s.id)
  AND NOT EXISTS (SELECT 1 FROM guardians g JOIN staff t ON t.name = g.name WHERE g.student_id = s.id)
  AND NOT EXISTS (SELECT 1 FROM guardians g JOIN students o ON o.name = g.name WHERE g.student_id = s.id)
ORDER BY (SELECT count(*) FROM note_students n WHERE n.student_id = s.id) DESC, s.id LIMIT 1
"""


@dataclass(frozen=True)
class Leaver:
    student_id: int
    other_leaver: int  # a second student due on the same day, purged together
    classmate: int  # shares the group note and a talk; stays
    words: tuple[str, ...]  # name, 学号, guardians' names and phones, and the texts written for the test
    group_note: int
    shared_talk: int
    peer_talk: int


def prepare_leaver(lead: Session) -> Leaver:
    db, actor, conn = lead.db, lead.actor, lead.db.conn
    row = conn.execute(_CANDIDATES).fetchone()
    assert row is not None, "the demo has no student with a case, an attachment, a warning and a referral"
    sid = int(row[0])
    name, number, class_id, gender = conn.execute(
        "SELECT name, student_no, class_id, gender FROM students WHERE id = ?", (sid,)
    ).fetchone()
    guardians = conn.execute("SELECT name, phone FROM guardians WHERE student_id = ?", (sid,)).fetchall()
    classmate = int(
        conn.execute(
            "SELECT id FROM students WHERE class_id = ? AND id <> ? AND gender <> ? AND status = '在读' ORDER BY id",
            (class_id, sid, gender),
        ).fetchone()[0]
    )
    case_id = int(conn.execute("SELECT id FROM cases WHERE student_id = ? ORDER BY id", (sid,)).fetchone()[0])
    day = LEFT_ON - timedelta(days=7)
    note_id = notes.start_note(
        db,
        actor,
        case_id,
        template_id="individual",
        held_on=day,
        fields={"topic": "近况", "process": NOTE_WORDS, "next_step": "下周再谈"},
        now=FIXED_NOW,
    )
    notes.sign_note(db, actor, note_id, now=FIXED_NOW)
    notes.add_addendum(db, actor, note_id, ADDENDUM_WORDS, now=FIXED_NOW)
    group_note = notes.start_group_note(
        db,
        actor,
        template_id="group",
        held_on=day,
        fields={"theme": "人际交往", "goals": "学会倾听", "process": f"{name}和同伴一起完成了信任背摔"},
        student_parts={sid: PART_WORDS, classmate: "能耐心听完同伴的话"},
        now=FIXED_NOW,
    )
    notes.sign_note(db, actor, group_note, now=FIXED_NOW)
    peer_reports.set_peer_monitors(db, actor, class_id, [sid, classmate], now=FIXED_NOW)
    head_teacher = conn.execute("SELECT head_teacher_id FROM classes WHERE id = ?", (class_id,)).fetchone()[0]
    talks.record_talks(
        db,
        actor,
        [
            TalkInput(
                TalkCategory.HEAD_TEACHER,
                day,
                (sid, classmate),
                talker_staff_id=head_teacher,
                topic=f"{name}与同桌的相处",
            ),
            TalkInput(TalkCategory.PEER, day, (classmate,), talker_student_id=sid, topic="考前紧张"),
        ],
        now=FIXED_NOW,
    )
    mine = "SELECT max(id) FROM talks WHERE id IN (SELECT talk_id FROM talk_students WHERE student_id = ?) AND "
    shared_talk = int(conn.execute(mine + "talker_staff_id = ?", (classmate, head_teacher)).fetchone()[0])
    peer_talk = int(conn.execute(mine + "talker_student_id = ?", (classmate, sid)).fetchone()[0])
    home_visits.record_home_visits(
        db,
        actor,
        [VisitInput((sid,), day, VisitMode.IN_PERSON, head_teacher, met_with="母亲", summary=VISIT_WORDS)],
        now=FIXED_NOW,
    )
    drafts.keep_drafts(db, actor, {f"student:{sid}:background": DRAFT_WORDS}, now=FIXED_NOW)
    search_care_texts(db, actor, name, now=FIXED_NOW)
    other = _second_leaver(lead, exclude={sid, classmate})
    student_records.change_student_status(
        db, actor, sid, to_status=StudentStatus.TRANSFERRED, on_date=LEFT_ON, reason="随父母迁居外省", now=FIXED_NOW
    )
    words = (name, number, *(g[0] for g in guardians), *(g[1] for g in guardians if g[1]))
    return Leaver(
        sid,
        other,
        classmate,
        (*words, NOTE_WORDS, FTS_WORD, ADDENDUM_WORDS, PART_WORDS, VISIT_WORDS, DRAFT_WORDS),
        group_note,
        shared_talk,
        peer_talk,
    )


def _second_leaver(lead: Session, *, exclude: set[int]) -> int:
    """A student with no records of their own, who leaves the same day."""
    conn = lead.db.conn
    other = int(
        conn.execute(
            "SELECT id FROM students WHERE status = '在读' AND id NOT IN (SELECT student_id FROM cases)"
            f" AND id NOT IN ({', '.join('?' for _ in exclude)}) ORDER BY id LIMIT 1",
            tuple(exclude),
        ).fetchone()[0]
    )
    student_records.change_student_status(
        lead.db, lead.actor, other, to_status=StudentStatus.GRADUATED, on_date=LEFT_ON, reason="毕业", now=FIXED_NOW
    )
    return other
