"""心理委员 per class as the school's policy profile says (S001 南昌: 初中、普通高中 one boy and one
girl; S003 江西: no fewer than two; S004 渭南: nothing), counting only students still at school;
and the concerns they or 班主任 raise, entered by a counselor — a concern can propose a warning
level for a counselor to decide."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.school.peer_monitors import MonitorRule, check_class, choice_problem, monitor_rule
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.services.school.policy import policy_of
from counselroom.store import audit_log
from counselroom.store.care import care_records, warnings
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.school import classes
from counselroom.store.students import student_records as student_store

AT_SCHOOL = ("在读", "复学")


@dataclass(frozen=True)
class ClassMonitors:
    class_id: int
    class_name: str
    boys: int  # 心理委员 still at school
    girls: int
    stage: str = ""
    required: bool = False  # the profile asks for them in this class's stage
    complete: bool = False
    state: str = ""  # 齐全, 缺男生心理委员, 还差 1 名, 不作要求


@dataclass(frozen=True)
class Pupil:
    id: int
    name: str
    student_no: str
    gender: str


@dataclass(frozen=True)
class MonitorChoices:
    """What the 设置心理委员 dialog offers: the class's students at school and who serves now."""

    class_id: int
    class_name: str
    rule: str  # the profile's rule for this class, with its source; '' when none applies
    pupils: tuple[Pupil, ...]
    current: frozenset[int]


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
    """Every current class with its boy and girl 心理委员 still at school, checked against the
    profile's rule (aggregate, no names)."""
    authorize(db, actor, Permission.VIEW_AGGREGATES, now=now)
    rule = monitor_rule(policy_of(db.conn))
    found = []
    for c in care_records.classes_with_monitor_counts(db.conn):
        check = check_class(rule, c.stage, c.boys, c.girls)
        found.append(
            ClassMonitors(
                c.class_id, c.class_name, c.boys, c.girls, c.stage, check.required, check.complete, check.text
            )
        )
    return found


def peer_monitor_rule(db: Database, actor: Actor, *, now: datetime) -> str:
    """The profile's rule in words, for the heading above the coverage table."""
    authorize(db, actor, Permission.VIEW_AGGREGATES, now=now)
    profile = policy_of(db.conn)
    rule = monitor_rule(profile)
    if rule is None:
        return f"政策依据（{profile.name}）未对心理委员人数作出规定"
    return _rule_text(rule)


def peer_monitor_choices(db: Database, actor: Actor, class_id: int, *, now: datetime) -> MonitorChoices:
    authorize(db, actor, Permission.WRITE_CARE_RECORDS, now=now, object_type="class", object_id=class_id)
    found = next((c for c in care_records.classes_with_monitor_counts(db.conn) if c.class_id == class_id), None)
    if found is None:
        raise NotFound("班级不存在或已毕业")
    rule = monitor_rule(policy_of(db.conn))
    pupils = student_store.at_school_in_class(db.conn, class_id)
    return MonitorChoices(
        class_id,
        found.class_name,
        _rule_text(rule) if rule is not None and rule.covers(found.stage) else "",
        tuple(Pupil(s.id, s.name, s.student_no, s.gender) for s in pupils),
        frozenset(m[0] for m in care_records.peer_monitors(db.conn, class_id)),
    )


def set_peer_monitors(db: Database, actor: Actor, class_id: int, student_ids: list[int], *, now: datetime) -> Changes:
    """The class's 心理委员: students of that class at school, as many as the profile asks for
    (none clears them)."""
    authorize(db, actor, Permission.WRITE_CARE_RECORDS, now=now, object_type="class", object_id=class_id)
    chosen = [student_store.get(db.conn, s) for s in dict.fromkeys(student_ids)]
    if any(s is None or s.class_id != class_id or s.status not in AT_SCHOOL for s in chosen):
        raise ValidationError("心理委员须是本班在读学生", field="心理委员")
    problem = choice_problem(
        monitor_rule(policy_of(db.conn)), _stage(db.conn, class_id), [s.gender for s in chosen if s]
    )
    if problem:
        raise ValidationError(problem, field="心理委员")
    with db.transaction() as conn:
        care_records.set_peer_monitors(conn, class_id, list(dict.fromkeys(student_ids)), since=now.date())
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.PEER_MONITORS_SET, object_type="class", object_id=class_id
        )
    return Changes.of(ChangeKind.STUDENTS, summary="已设置心理委员")


def _stage(conn: Connection, class_id: int) -> str:
    try:
        return classes.grade_of(conn, class_id).stage
    except LookupError:
        raise NotFound("班级不存在") from None


def _rule_text(rule: MonitorRule) -> str:
    """初中、普通高中每班男、女心理委员各 1 名（S001，鼓励）."""
    return f"{rule.text}（{rule.source}，{rule.strength}）"


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
