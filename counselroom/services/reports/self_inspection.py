"""学期自查报告 (S004 §三: 每学期…至少一次全面自查): the five areas judged against the school's policy
profile, built from TermFacts — the school store only, so the principal builds it as a counselor
does and both get the same numbers (VIEW_AGGREGATES). No student is named or counted below the
profile's threshold anywhere in it. The principal (or the lead) writes the 问题与改进措施 for the
term with `save_notes` (WRITE_REPORT_NOTES); the text stays in the school store, never in the audit
log."""

from __future__ import annotations

from datetime import datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.school.policy_profiles import PolicyProfile
from counselroom.reports.self_inspection_data import SelfInspection
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.services.reports import inspection_areas as areas
from counselroom.services.reports.counseling_area import counseling_area
from counselroom.services.reports.report_facts import TermFacts, term_facts
from counselroom.services.reports.report_term import report_term
from counselroom.services.school.policy import policy_of
from counselroom.store import audit_log
from counselroom.store.database import Database
from counselroom.store.school import report_notes
from counselroom.store.students import student_records

MAX_NOTES = 2000
NOTES_HINT = "校长和心理中心都能看到，不要写学生姓名"  # shown by the entry box


def self_inspection(db: Database, actor: Actor, term_id: int, *, now: datetime) -> SelfInspection:
    """The report for the term as of `now` (a running term is reported so far)."""
    authorize(db, actor, Permission.VIEW_AGGREGATES, now=now, object_type="term", object_id=term_id)
    facts = term_facts(db, actor, term_id, now=now)
    return build(facts, policy_of(db.conn), prepared_by=actor.display_name)


def build(facts: TermFacts, profile: PolicyProfile, *, prepared_by: str = "") -> SelfInspection:
    """The report from facts already read (building block: the 统计 tab and tests reuse the facts)."""
    built = [
        areas.room_area(facts, profile),
        areas.staff_area(facts, profile),
        areas.lessons_area(facts, profile),
        counseling_area(facts, profile),
        areas.publicity_area(facts, profile),
    ]
    term = facts.term
    documents = "、".join(d.id for d in profile.documents)
    return SelfInspection(
        school=facts.school,
        term=term.label,
        term_start=term.start,
        term_end=term.end,
        as_of=term.as_of,
        profile=f"{profile.name}（{documents}）" if documents else profile.name,
        students=facts.students,
        classes=facts.classes,
        areas=tuple(report for report, _gaps in built),
        gaps=tuple(gap for _report, gaps in built for gap in gaps),
        notes=facts.notes,
        prepared_by=prepared_by,
        small_count_threshold=facts.threshold,
    )


def save_notes(db: Database, actor: Actor, term_id: int, text: str, *, now: datetime) -> Changes:
    """问题与改进措施 for the term, replacing what was written before. Audited with the term only."""
    authorize(db, actor, Permission.WRITE_REPORT_NOTES, now=now, object_type="term", object_id=term_id)
    term = report_term(db.conn, term_id, now.date())  # NotFound for an unknown term
    cleaned = text.strip()
    if len(cleaned) > MAX_NOTES:
        raise ValidationError(
            f"问题与改进措施最多 {MAX_NOTES} 字，现有 {len(cleaned)} 字，请精简后再保存", field="问题与改进措施"
        )
    named = student_records.student_names_in(db.conn, cleaned)
    if named:  # the report goes to the principal and the 教育局: it names no student (SPEC §5)
        raise ValidationError(
            f"问题与改进措施中不能写学生姓名（“{named[0]}”）：请改为“个别学生”或只写年级、班级", field="问题与改进措施"
        )
    with db.transaction() as conn:
        report_notes.save(conn, term_id, cleaned, by=actor.user_id, now=now)
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.REPORT_NOTES_SAVED, object_type="term", object_id=term_id
        )
    return Changes.of(ChangeKind.REPORTS, summary=f"已保存{term.label}自查报告的问题与改进措施")
