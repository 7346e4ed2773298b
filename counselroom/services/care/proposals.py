"""Warning-level proposals from positive screens and reports: a counselor confirms (possibly at
another level) or rejects them with a reason. Nothing is listed without a person deciding.

A **red** proposal is not dropped on one counselor's word: a counselor's rejection is recorded as
待负责人确认 and the proposal stays waiting until a 心理中心负责人, signed in to their own account,
confirms the rejection (cosign_rejection) — or lists the student. A lead may reject directly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.care.warnings import WarningAction, WarningLevel, WarningSource, require_reason
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.services.accounts.session import Changes
from counselroom.services.care.warning_list import open_entry
from counselroom.services.guard import authorize
from counselroom.store import audit_log, users
from counselroom.store.care import care_records, warnings
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.students import student_records as student_store


@dataclass(frozen=True)
class ProposalItem:
    id: int
    student_id: int
    student_name: str
    class_name: str
    proposed_level: WarningLevel
    reason: str
    source: str
    created_at: str
    current_level: WarningLevel | None
    awaiting_lead: str = ""  # a counselor's rejection waiting for the lead: who, when, why

    @property
    def status(self) -> str:
        return "待负责人确认" if self.awaiting_lead else "待确认"


def pending_proposals(db: Database, actor: Actor, *, now: datetime) -> list[ProposalItem]:
    authorize(db, actor, Permission.MANAGE_WARNINGS, now=now)
    items = []
    asked = warnings.awaiting_cosign(db.conn)
    names = {int(u.id): u.display_name for u in users.all_users(db.conn)}
    for p in warnings.pending_proposals(db.conn):
        request = asked.get(p.id)
        student = student_store.get(db.conn, p.student_id)
        current = warnings.open_warning(db.conn, p.student_id)
        items.append(
            ProposalItem(
                p.id,
                p.student_id,
                student.name if student else "",
                student.class_name if student else "",
                p.proposed_level,
                p.reason,
                _source(db.conn, p),
                p.created_at.replace("T", " "),
                current.level if current else None,
                _request_text(request, names) if request else "",
            )
        )
    return sorted(items, key=lambda i: (-i.proposed_level.rank, i.created_at))


def _request_text(request: warnings.RejectionRequestRow, names: dict[int, str]) -> str:
    when = request.requested_at.replace("T", " ")[:16]
    return f"{names.get(request.requested_by, '')} {when} 申请不列入：{request.reason}"


def _source(conn: Connection, p: warnings.ProposalRow) -> str:
    if p.result_id is not None:
        return WarningSource.SCREENING.value
    if p.peer_report_id is None:  # a talk needing follow-up (services/activities/talks.py) says so first
        return WarningSource.TALK.value if p.reason.startswith(WarningSource.TALK.value) else WarningSource.OTHER.value
    # Reports are raised by a 心理委员 or a 班主任; the reporter field says which.
    if "班主任" in care_records.peer_report_reporter(conn, p.peer_report_id):
        return WarningSource.HEAD_TEACHER.value
    return WarningSource.PEER_MONITOR.value


def _pending(db: Database, proposal_id: int) -> warnings.ProposalRow:
    row = warnings.proposal(db.conn, proposal_id)
    if row is None or row.status != "待确认":
        raise NotFound("这条建议已处理或不存在")
    return row


def confirm_proposal(
    db: Database,
    actor: Actor,
    proposal_id: int,
    *,
    level: WarningLevel,
    reason: str,
    now: datetime,
    review_on: date | None = None,
) -> Changes:
    """List the student at `level` (the counselor may differ from the proposal), or raise the
    level of an existing entry; the proposal is marked 已确认."""
    authorize(db, actor, Permission.MANAGE_WARNINGS, now=now, object_type="proposal", object_id=proposal_id)
    proposal = _pending(db, proposal_id)
    text = require_reason(reason)
    with db.transaction() as conn:
        current = warnings.open_warning(conn, proposal.student_id)
        if current is None:
            open_entry(
                conn,
                actor,
                proposal.student_id,
                level=level,
                reason=text,
                source=_source(conn, proposal),
                review_on=review_on,
                counselor_id=None,
                now=now,
            )
        elif level.rank > current.level.rank:
            warnings.update(
                conn,
                current.id,
                level=level,
                review_on=review_on or current.review_on,
                counselor_id=current.counselor_id,
                reason=text,
                now=now,
            )
            warnings.add_history(
                conn,
                warning_id=current.id,
                action=WarningAction.CHANGE,
                from_level=current.level.value,
                to_level=level.value,
                review_on=review_on or current.review_on,
                reason=text,
                changed_by=actor.user_id,
                now=now,
            )
        warnings.decide_proposal(conn, proposal_id, status="已确认", decided_by=actor.user_id, reason=text, now=now)
        if proposal.peer_report_id is not None:
            care_records.set_peer_report_status(conn, proposal.peer_report_id, "已转预警")
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.PROPOSAL_DECIDED,
            object_type="proposal",
            object_id=proposal_id,
            detail=f"确认 {level.label}",
        )
    return Changes.of(ChangeKind.WARNINGS, summary=f"已确认，列为{level.label}预警")


def _rejection_reason(reason: str) -> str:
    text = require_reason(reason, field="不列入的理由")
    if len(text) < 4:
        raise ValidationError("请写明不列入的理由（至少 4 个字）", field="不列入的理由")
    return text


def reject_proposal(db: Database, actor: Actor, proposal_id: int, *, reason: str, now: datetime) -> Changes:
    """Not listed: the reason is kept (e.g. 复评访谈未见异常、问卷作答随意). A counselor's
    rejection of a red proposal only asks the lead (待负责人确认); the proposal stays pending."""
    authorize(db, actor, Permission.MANAGE_WARNINGS, now=now, object_type="proposal", object_id=proposal_id)
    proposal = _pending(db, proposal_id)
    text = _rejection_reason(reason)
    if proposal.proposed_level is WarningLevel.RED and not actor.can(Permission.COSIGN_RED_REJECTIONS):
        return _ask_the_lead(db, actor, proposal_id, text, now)
    with db.transaction() as conn:
        warnings.decide_proposal(conn, proposal_id, status="已驳回", decided_by=actor.user_id, reason=text, now=now)
        _close_report(conn, proposal)
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.PROPOSAL_DECIDED,
            object_type="proposal",
            object_id=proposal_id,
            detail="不列入",
        )
    return Changes.of(ChangeKind.WARNINGS, summary="已记录不列入的理由")


def _close_report(conn: Connection, proposal: warnings.ProposalRow) -> None:
    """A decided proposal's 心理委员/班主任 report leaves the 今日 待办."""
    if proposal.peer_report_id is not None:
        care_records.set_peer_report_status(conn, proposal.peer_report_id, "已处理")


def _ask_the_lead(db: Database, actor: Actor, proposal_id: int, reason: str, now: datetime) -> Changes:
    if proposal_id in warnings.awaiting_cosign(db.conn):
        raise ValidationError("已申请不列入，正等待心理中心负责人确认", field="不列入的理由")
    with db.transaction() as conn:
        warnings.request_rejection(conn, proposal_id, requested_by=actor.user_id, reason=reason, now=now)
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.PROPOSAL_DECIDED,
            object_type="proposal",
            object_id=proposal_id,
            detail="申请不列入（红色，待负责人确认）",
        )
    return Changes.of(
        ChangeKind.WARNINGS,
        summary="红色预警建议不列入须心理中心负责人确认：已提交，确认前这条建议仍在待确认列表中",
    )


def cosign_rejection(db: Database, actor: Actor, proposal_id: int, *, note: str = "", now: datetime) -> Changes:
    """The lead, in their own session, confirms a counselor's rejection of a red proposal."""
    authorize(db, actor, Permission.COSIGN_RED_REJECTIONS, now=now, object_type="proposal", object_id=proposal_id)
    proposal = _pending(db, proposal_id)
    request = warnings.awaiting_cosign(db.conn).get(proposal_id)
    if request is None:
        raise NotFound("这条建议没有待确认的不列入申请")
    reason = request.reason + (f"（负责人意见：{note.strip()}）" if note.strip() else "")
    with db.transaction() as conn:
        warnings.decide_proposal(
            conn,
            proposal_id,
            status="已驳回",
            decided_by=request.requested_by,
            reason=reason,
            now=now,
            cosigned_by=actor.user_id,
        )
        _close_report(conn, proposal)
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.PROPOSAL_DECIDED,
            object_type="proposal",
            object_id=proposal_id,
            detail="负责人确认不列入",
        )
    return Changes.of(ChangeKind.WARNINGS, summary="已确认不列入，理由和双方签名已保留")
