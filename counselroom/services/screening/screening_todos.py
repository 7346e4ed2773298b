"""今日 待办 from screening (listed in services/registry.py): every result with a risk answer that
no counselor has decided on yet, and the special times when a crisis check is due.

A risk-answer item stays until a counselor confirms or rejects its proposal: nothing else clears
it. A result with a risk answer but no proposal at all (a sheet an earlier version skipped as
invalid) is listed too, so it is never out of sight.
"""

from __future__ import annotations

from datetime import datetime

from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.screening.crisis_times import GradeSpan, TermSpan, crisis_checks_due, day_text
from counselroom.services.guard import authorize
from counselroom.services.today import TargetKind, TodoItem, TodoTarget
from counselroom.store.database import Database
from counselroom.store.school import classes, school
from counselroom.store.screening import screening_results as store
from counselroom.store.students import student_records as student_store

RISK_KIND = "风险作答"
CRISIS_KIND = "危机排查"


def risk_answer_todos(db: Database, actor: Actor, now: datetime) -> list[TodoItem]:
    """One line per result with a risk answer awaiting a decision; red or waiting since an
    earlier day shows as overdue (first on the board)."""
    authorize(db, actor, Permission.MANAGE_WARNINGS, now=now)
    return [_risk_item(db, row, now) for row in store.risk_results_awaiting_decision(db.conn)]


def _risk_item(db: Database, row: store.RiskResultRow, now: datetime) -> TodoItem:
    student = student_store.get(db.conn, row.student_id)
    who = f"{student.name}（{student.class_name}）" if student else "（学生已删除）"
    what = f"{who}{day_text(row.taken_on)}的 {row.instrument} 风险题有作答"
    what += "（问卷被标为无效，风险题仍须核实）" if row.invalid_reason else ""
    if row.proposal_id is None:
        text = f"{what}，还没有预警建议（旧版本跳过了无效问卷）：请尽快面谈评估；重新导入该批次的文件即可生成预警建议"
        return TodoItem(RISK_KIND, text, "学生", True, TodoTarget(TargetKind.STUDENT, row.student_id, tab="测评"))
    level = WarningLevel(row.proposed_level)
    text = f"{what}，{level.label}预警建议待确认：请尽快面谈评估，再在“预警”页确认或写明不列入的理由"
    waited = row.proposed_at[:10] < now.date().isoformat()
    return TodoItem(RISK_KIND, text, "预警", level is WarningLevel.RED or waited)


def crisis_check_todos(db: Database, actor: Actor, now: datetime) -> list[TodoItem]:
    """The special times (新生入学, 开学季, 考试季, 毕业季, 春季) whose crisis check is due today."""
    authorize(db, actor, Permission.RECORD_SCREENING, now=now)
    terms = [TermSpan(t.number, t.start_date, t.end_date) for t in school.all_terms(db.conn)]
    seen: dict[str, GradeSpan] = {}
    for c in classes.current_classes(db.conn):
        seen.setdefault(c.grade_name, GradeSpan(c.grade_name, c.stage, c.year_in_stage))
    checks = crisis_checks_due(now.date(), terms, list(seen.values()))
    return [TodoItem(CRISIS_KIND, check.text, "预警") for check in checks]
