"""一人一案 grows up (issue #10 item 5): reviews on a schedule — what worked, what changes, the
next review date — each updating the plan and kept as its history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.services.accounts.session import Changes
from counselroom.services.cases import search_documents
from counselroom.services.guard import authorize
from counselroom.store import audit_log, users
from counselroom.store.care import care_records
from counselroom.store.cases import plan_reviews as store
from counselroom.store.database import Database
from counselroom.store.students import student_records as student_store

MAX_TEXT = 5000
MAX_REVIEW_GAP = timedelta(days=366)


@dataclass(frozen=True)
class PlanReview:
    reviewed_on: str
    what_worked: str
    changes: str
    next_review: str
    goals: str
    measures: str
    reviewed_by: str


def review_plan(
    db: Database,
    actor: Actor,
    student_id: int,
    *,
    reviewed_on: date,
    what_worked: str,
    changes: str,
    next_review: date | None,
    goals: str,
    measures: str,
    now: datetime,
) -> Changes:
    """A review of the student's plan: the plan becomes `goals`/`measures`, the review is kept."""
    authorize(db, actor, Permission.WRITE_CARE_RECORDS, now=now, object_type="student", object_id=student_id)
    if student_store.get(db.conn, student_id) is None:
        raise NotFound("没有这名学生")
    if not what_worked.strip():
        raise ValidationError("请写明这一阶段的效果（做了什么、有什么变化）", field="效果")
    if not goals.strip() or not measures.strip():
        raise ValidationError("请写明调整后的帮扶目标和措施", field="一人一案")
    if reviewed_on > now.date():
        raise ValidationError("复查日期不能晚于今天", field="复查日期")
    if next_review is not None and not reviewed_on < next_review <= reviewed_on + MAX_REVIEW_GAP:
        raise ValidationError("下次复查日期应在本次之后一年以内", field="下次复查")
    for label, text in (("效果", what_worked), ("调整", changes), ("帮扶目标", goals), ("帮扶措施", measures)):
        if len(text) > MAX_TEXT:
            raise ValidationError(f"“{label}”请控制在 {MAX_TEXT} 字以内", field=label)
    with db.transaction() as conn:
        store.insert_review(
            conn,
            student_id,
            reviewed_on=reviewed_on,
            what_worked=what_worked.strip(),
            changes=changes.strip(),
            next_review=next_review,
            goals=goals.strip(),
            measures=measures.strip(),
            reviewed_by=actor.user_id,
            now=now,
        )
        care_records.save_plan(
            conn, student_id, goals=goals.strip(), measures=measures.strip(), user_id=actor.user_id, now=now
        )
        search_documents.index_plan(conn, student_id)
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.CARE_PLAN_SAVED, object_type="student", object_id=student_id,
            detail="复查",
        )  # fmt: skip
    return Changes.of(ChangeKind.MENTORS, summary="已记录一人一案复查")


def plan_history(db: Database, actor: Actor, student_id: int, *, now: datetime) -> list[PlanReview]:
    """The plan's reviews, oldest first (a confidential care record)."""
    authorize(db, actor, Permission.VIEW_CARE_RECORDS, now=now, object_type="student", object_id=student_id)
    names = {int(u.id): u.display_name for u in users.all_users(db.conn)}
    return [
        PlanReview(
            r.reviewed_on,
            r.what_worked,
            r.changes,
            r.next_review or "",
            r.goals,
            r.measures,
            names.get(r.reviewed_by, ""),
        )
        for r in store.reviews_of(db.conn, student_id)
    ]
