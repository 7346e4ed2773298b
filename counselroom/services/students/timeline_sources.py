"""The 一生一档 chronology's sources, each taking the actor: a source decides per record what the
viewer may see (a note shows only to those who may read its case), not only per kind. Listed once
in services/registry.py."""

from __future__ import annotations

from counselroom.domain.cases.access import CaseAccess, may_read_case
from counselroom.domain.roles import Actor, UserId
from counselroom.services.cases.cases import _access_of
from counselroom.store.activities import home_visits as visit_store
from counselroom.store.activities import talks as talk_store
from counselroom.store.cases import notes as note_store
from counselroom.store.database import Database
from counselroom.store.students import timeline as store_timeline
from counselroom.system.note_template_files import load_note_templates

Event = store_timeline.Event


def status_events(db: Database, actor: Actor, student_id: int) -> list[Event]:
    return store_timeline.status_events(db.conn, student_id)


def warning_events(db: Database, actor: Actor, student_id: int) -> list[Event]:
    return store_timeline.warning_events(db.conn, student_id)


def screening_events(db: Database, actor: Actor, student_id: int) -> list[Event]:
    return store_timeline.screening_events(db.conn, student_id)


def peer_report_events(db: Database, actor: Actor, student_id: int) -> list[Event]:
    return store_timeline.peer_report_events(db.conn, student_id)


def mentor_events(db: Database, actor: Actor, student_id: int) -> list[Event]:
    return store_timeline.mentor_events(db.conn, student_id)


def talk_events(db: Database, actor: Actor, student_id: int) -> list[Event]:
    """六谈: category and talker, and the topic as entered (as a 心理委员's report shows its concern)."""
    return [
        (t.held_on, "谈话", f"{t.category}（{t.talker}）" + (f"：{t.topic}" if t.topic else ""))
        for t in talk_store.student_events(db.conn, student_id)
    ]


def home_visit_events(db: Database, actor: Actor, student_id: int) -> list[Event]:
    """家访: how and by whom — the account of the visit stays on the 家访 page."""
    return [
        (v.held_on, "家访", f"家访（{v.mode}，{v.visitor}）") for v in visit_store.student_events(db.conn, student_id)
    ]


def note_events(db: Database, actor: Actor, student_id: int) -> list[Event]:
    """辅导记录 by type and date — only those in cases the viewer may read (never their text)."""
    names = {t.id: t.name for t in load_note_templates()}
    found = []
    for e in note_store.events_of_student(db.conn, student_id):
        access = _access_of(db, e.case_id) if e.case_id is not None else CaseAccess.own(UserId(e.author_id))
        if may_read_case(actor, access):
            state = "" if e.signed else "（草稿）"
            found.append((e.held_on, "辅导记录", f"{names.get(e.template, e.template)}{state}"))
    return found
