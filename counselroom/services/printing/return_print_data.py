"""The 复学评估表's content (issue #11 item 6), read through the services: the leave, the return, its
documents and check-ins through return_checkins.student_leaves (counselors and the lead, who hold the
care key: VIEW_CARE_RECORDS), and the 复学评估 itself through notes.open_note — the case access rule:
a counselor neither assigned nor shared to the case is refused, and the refusal is audited; the read
is audited (打开辅导记录). The principal and the admin are refused at the first check.

Only a signed assessment is printed (record_return accepts no other); its fields come in the
template's order with the template's labels, as in the 个案分析报告."""

from __future__ import annotations

from datetime import datetime

from counselroom.domain.cases.note_rules import NoteState
from counselroom.domain.errors import NotFound
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.school.class_names import print_name
from counselroom.reports.form_parts import day_text
from counselroom.reports.return_assessment import AssessmentPart, CheckinPart, DocumentPart, ReturnAssessmentData
from counselroom.services.cases import notes
from counselroom.services.cases.notes import NoteView
from counselroom.services.guard import authorize
from counselroom.services.printing.form_data import printed_by
from counselroom.services.students import return_checkins
from counselroom.services.students.return_checkins import LeaveView, ReturnView
from counselroom.store.database import Database
from counselroom.store.students import leave_return, student_records
from counselroom.system.note_template_files import load_note_templates

NO_RETURN = "没有这次复学登记"


def return_assessment_data(db: Database, actor: Actor, return_id: int, *, now: datetime) -> ReturnAssessmentData:
    """The 复学评估表 of one return (VIEW_CARE_RECORDS, then the assessment's case access rule)."""
    authorize(db, actor, Permission.VIEW_CARE_RECORDS, now=now, object_type="student_return", object_id=return_id)
    row = leave_return.leave_of_return(db.conn, return_id)
    if row is None:
        raise NotFound(NO_RETURN)
    leave = _leave(db, actor, row.student_id, return_id, now)
    back = leave.back
    assert back is not None
    note = notes.open_note(db, actor, back.assessment_note_id, now=now) if back.assessment_note_id else None
    student = student_records.get(db.conn, row.student_id)
    return ReturnAssessmentData(
        printed=printed_by(db, actor, now=now),
        return_id=return_id,
        student_name=student.name if student else "",
        gender=student.gender if student else "",
        class_name=print_name(student.class_name) if student else "",
        leave_reason_kind=leave.reason_kind.value,
        left_on=day_text(leave.left_on),
        expected_return=day_text(leave.expected_return),
        returned_on=day_text(back.returned_on),
        counselor=back.counselor,
        assessment=_assessment(note) if note and NoteState(note.state).signed else None,
        documents=tuple(DocumentPart(d.kind.value, d.received_on, d.issuer, d.expected) for d in back.documents),
        missing=tuple(d.value for d in back.missing),
        checkins=tuple(CheckinPart(c.due_on, c.done_on, c.note) for c in back.checkins),
    )


def _leave(db: Database, actor: Actor, student_id: int, return_id: int, now: datetime) -> LeaveView:
    for leave in return_checkins.student_leaves(db, actor, student_id, now=now).leaves:
        if isinstance(leave.back, ReturnView) and leave.back.id == return_id:
            return leave
    raise NotFound(NO_RETURN)


def _assessment(note: NoteView) -> AssessmentPart:
    template = {t.id: t for t in load_note_templates()}.get(note.template_id)
    order = [(f.key, f.label) for f in template.note_fields] if template else []
    known = {key for key, _label in order}
    order += [(key, key) for key in note.fields if key not in known]
    name, _space, when = note.signed.rpartition(" ")
    return AssessmentPart(
        held_on=day_text(note.held_on),
        author=note.author,
        signed=f"{name} {datetime.fromisoformat(when):%Y-%m-%d %H:%M}" if when else "—",
        fields=tuple((label, note.fields[key]) for key, label in order if note.fields.get(key, "").strip()),
    )
