"""The 个案分析报告's content (issue #10 item 5), read through the case services so it passes the one
access rule: get_case goes through cases._readable_case (may_read_case) first — a counselor neither
assigned nor shared, the principal and the admin are refused there, and the refusal is audited —
and writes the 打开个案 row; case_notes writes the row for reading the notes. The lead and a
counselor the case is assigned or shared to may build it (a shared colleague prepares a 会诊 too).

Only signed notes go in (a draft is the counselor's unfinished text, not a record); attachments
by name, kind and date only. reports.case_report lays the result out."""

from __future__ import annotations

from datetime import date, datetime

from counselroom.domain.cases.note_rules import NoteState
from counselroom.domain.cases.note_templates import NoteTemplate
from counselroom.domain.roles import Actor
from counselroom.domain.school.class_names import print_name
from counselroom.reports.case_report import (
    CaseReportData,
    ReportAddendum,
    ReportAttachment,
    ReportCase,
    ReportNote,
    ReportPlan,
    ReportReview,
    Signature,
)
from counselroom.services.cases import attachments, cases, notes, plan_reviews
from counselroom.services.cases.cases import CaseDetail
from counselroom.services.cases.notes import NoteView
from counselroom.store.care import care_records
from counselroom.store.cases import cases as case_store
from counselroom.store.database import Database
from counselroom.store.school import school
from counselroom.store.students import student_records
from counselroom.system.note_template_files import load_note_templates


def case_report_data(db: Database, actor: Actor, case_id: int, *, now: datetime) -> CaseReportData:
    """Everything the report prints about one case, as the actor may read it (READ_ASSIGNED_CASES)."""
    detail = cases.get_case(db, actor, case_id, now=now)  # the access rule, audited (打开个案)
    signed = [n for n in notes.case_notes(db, actor, case_id, now=now) if NoteState(n.state).signed]
    files = attachments.case_attachments(db, actor, case_id, now=now)
    reviews = plan_reviews.plan_history(db, actor, detail.student_id, now=now)
    plan = care_records.plan_of(db.conn, detail.student_id)
    templates = {t.id: t for t in load_note_templates()}
    return CaseReportData(
        school_name=_school_name(db),
        printed_by=f"{actor.display_name}（{actor.role.label}）",
        printed_at=now,
        case=_case(db, detail),
        plan=_plan(plan, reviews),
        notes=tuple(_note(n, templates.get(n.template_id)) for n in signed),
        attachments=tuple(ReportAttachment(f.file_name, f.kind, _day(f.added_at)) for f in files),
    )


def _case(db: Database, detail: CaseDetail) -> ReportCase:
    student = student_records.get(db.conn, detail.student_id)
    return ReportCase(
        case_id=detail.id,
        student_name=detail.student_name,
        class_name=print_name(detail.class_name),
        gender=student.gender if student else "",
        opened_on=_day(detail.opened_on),
        status=detail.status,
        reason=detail.reason,
        issue_types=detail.issue_types,
        assigned=tuple(p.name for p in detail.people if p.part == case_store.ASSIGNED),
        shared=tuple(p.name for p in detail.people if p.part == case_store.SHARED),
        next_step=detail.next_step,
        closed_on=_day(detail.closed_on) if detail.closed_on else None,
        close_summary=detail.close_summary,
    )


def _plan(plan: care_records.PlanRow | None, reviews: list[plan_reviews.PlanReview]) -> ReportPlan | None:
    """一人一案 as saved (a review also saves it; the latest review stands in for a missing row)."""
    if plan is None and not reviews:
        return None
    history = tuple(_review(r) for r in reviews)
    if plan is None:
        last = history[-1]
        return ReportPlan(last.goals, last.measures, last.reviewed_on, history)
    return ReportPlan(plan.goals, plan.measures, _day(plan.updated_at), history)


def _note(note: NoteView, template: NoteTemplate | None) -> ReportNote:
    """The fields in the template's order with its labels; a key the template no longer has keeps
    its value, under the key (a later edit of a template changes no signed note)."""
    order = [(f.key, f.label) for f in template.note_fields] if template else []
    known = {key for key, _label in order}
    order += [(key, key) for key in note.fields if key not in known]
    return ReportNote(
        held_on=_day(note.held_on),
        kind=note.template_name,
        author=note.author,
        state=note.state,
        signed=_signature(note.signed),
        cosigned=_signature(note.cosigned),
        fields=tuple((label, note.fields[key]) for key, label in order if note.fields.get(key, "").strip()),
        addenda=tuple(ReportAddendum(a.text, a.author, datetime.fromisoformat(a.added_at)) for a in note.addenda),
    )


def _review(review: plan_reviews.PlanReview) -> ReportReview:
    return ReportReview(
        reviewed_on=_day(review.reviewed_on),
        reviewed_by=review.reviewed_by,
        what_worked=review.what_worked,
        changes=review.changes,
        goals=review.goals,
        measures=review.measures,
        next_review=_day(review.next_review) if review.next_review else None,
    )


def _signature(text: str) -> Signature | None:
    """NoteView's "王老师 2025-10-13T10:00:00" (or "") as a name and a time."""
    name, _space, when = text.rpartition(" ")
    return Signature(name, datetime.fromisoformat(when)) if when else None


def _day(text: str) -> date:
    """A stored date or timestamp (ISO) as its day."""
    return datetime.fromisoformat(text).date()


def _school_name(db: Database) -> str:
    found = school.get_school(db.conn)
    return found.name if found else ""
