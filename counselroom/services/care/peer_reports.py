"""心理委员 (two per class, one boy and one girl) and the concerns they or 班主任 raise,
entered by a counselor; a concern can propose a warning level for a counselor to decide."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.store import audit_log
from counselroom.store.care import care_records, warnings
from counselroom.store.database import Database
from counselroom.store.school import classes
from counselroom.store.students import student_records as student_store


@dataclass(frozen=True)
class ClassMonitors:
    class_id: int
    class_name: str
    boys: int
    girls: int

    @property
    def complete(self) -> bool:
        return self.boys == 1 and self.girls == 1


@dataclass(frozen=True)
class PeerReport:
    id: int
    class_name: str
    student_name: str
    reporter: str
    reported_on: str
    concern: str
    status: str


def monitor_coverage(db: Database, actor: Actor, *, now: datetime) -> list[ClassMonitors]:
    """Every current class with how many boy and girl 心理委员 it has (aggregate, no names)."""
    authorize(db, actor, Permission.VIEW_AGGREGATES, now=now)
    return [
        ClassMonitors(c.class_id, c.class_name, c.boys, c.girls)
        for c in care_records.classes_with_monitor_counts(db.conn)
    ]


def set_peer_monitors(db: Database, actor: Actor, class_id: int, student_ids: list[int], *, now: datetime) -> Changes:
    """Two per class, one boy and one girl (S001), both in that class and at school."""
    authorize(db, actor, Permission.WRITE_CARE_RECORDS, now=now, object_type="class", object_id=class_id)
    chosen = [student_store.get(db.conn, s) for s in student_ids]
    if any(s is None or s.class_id != class_id or s.status not in ("在读", "复学") for s in chosen):
        raise ValidationError("心理委员须是本班在读学生", field="心理委员")
    genders = sorted(s.gender for s in chosen if s is not None)
    if genders != ["女", "男"]:
        raise ValidationError("每班设男、女心理委员各 1 名", field="心理委员")
    with db.transaction() as conn:
        care_records.set_peer_monitors(conn, class_id, student_ids, since=now.date())
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.PEER_MONITORS_SET, object_type="class", object_id=class_id
        )
    return Changes.of(ChangeKind.STUDENTS, summary="已设置心理委员")


def record_peer_report(
    db: Database,
    actor: Actor,
    *,
    class_id: int,
    student_id: int | None,
    reporter: str,
    reported_on: date,
    concern: str,
    now: datetime,
    propose_level: WarningLevel | None = None,
) -> Changes:
    """A concern raised by a 心理委员 or 班主任; optionally proposes a level for the warning list."""
    authorize(db, actor, Permission.WRITE_CARE_RECORDS, now=now, object_type="class", object_id=class_id)
    if not concern.strip() or not reporter.strip():
        raise ValidationError("请写明报告人和所反映的情况", field="情况")
    if reported_on > now.date():
        raise ValidationError("报告日期不能晚于今天", field="日期")
    if not classes.class_exists(db.conn, class_id):
        raise NotFound("班级不存在")
    if propose_level is not None and student_id is None:
        raise ValidationError("要建议预警，请选定是哪名学生", field="学生")
    with db.transaction() as conn:
        report_id = care_records.insert_peer_report(
            conn,
            class_id=class_id,
            student_id=student_id,
            reporter=reporter.strip(),
            reported_on=reported_on,
            concern=concern.strip(),
            user_id=actor.user_id,
            now=now,
        )
        if propose_level is not None and student_id is not None:
            warnings.insert_proposal(
                conn,
                student_id=student_id,
                level=propose_level,
                now=now,
                reason=f"{reporter.strip()}报告：{concern.strip()}",
                peer_report_id=report_id,
            )
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.PEER_REPORT_RECORDED,
            object_type="peer_report",
            object_id=report_id,
        )
    return Changes.of(ChangeKind.WARNINGS, ChangeKind.STUDENTS, summary="已登记报告")


def close_peer_report(db: Database, actor: Actor, report_id: int, *, now: datetime) -> Changes:
    """A report followed up without a warning proposal (talked to, nothing to list): 已处理,
    which takes it off the 今日 待办."""
    authorize(db, actor, Permission.WRITE_CARE_RECORDS, now=now, object_type="peer_report", object_id=report_id)
    if report_id not in {r.id for r in care_records.peer_reports(db.conn, status="待处理")}:
        raise NotFound("这条报告已处理或不存在")
    with db.transaction() as conn:
        care_records.set_peer_report_status(conn, report_id, "已处理")
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.PEER_REPORT_RECORDED,
            object_type="peer_report",
            object_id=report_id,
            detail="标记已处理",
        )
    return Changes.of(ChangeKind.WARNINGS, ChangeKind.STUDENTS, summary="已标记为已处理")


def list_peer_reports(db: Database, actor: Actor, *, now: datetime, status: str | None = None) -> list[PeerReport]:
    authorize(db, actor, Permission.VIEW_CARE_RECORDS, now=now)
    names = {}
    result = []
    for r in care_records.peer_reports(db.conn, status=status):
        if r.student_id is not None and r.student_id not in names:
            student = student_store.get(db.conn, r.student_id)
            names[r.student_id] = student.name if student else ""
        result.append(
            PeerReport(
                r.id,
                r.class_name,
                names.get(r.student_id, "") if r.student_id else "",
                r.reporter,
                r.reported_on,
                r.concern,
                r.status,
            )
        )
    return result
