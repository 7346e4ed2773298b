"""今日 待办 from 复学: for the counselor who follows a return, each first-month check-in due today
or past due and not done (past due in red). It opens the student's file on its 休学与复学 tab. The
principal and the admin see none of it: the source needs the care key (registry)."""

from __future__ import annotations

from datetime import date, datetime

from counselroom.domain.roles import Actor, Permission
from counselroom.domain.students.leave_return import checkin_overdue
from counselroom.services.guard import authorize
from counselroom.services.today import TargetKind, TodoItem, TodoTarget
from counselroom.store.database import Database
from counselroom.store.students import leave_return as store
from counselroom.store.students import student_records as student_store

TAB = "休学与复学"


def return_checkin_todos(db: Database, actor: Actor, now: datetime) -> list[TodoItem]:
    authorize(db, actor, Permission.WRITE_CARE_RECORDS, now=now)
    items = []
    for due in store.due_for_counselor(db.conn, actor.user_id, now.date()):
        student = student_store.get(db.conn, due.student_id)
        who = f"{student.name}（{student.class_name}）" if student else ""
        day = date.fromisoformat(due.due_on)
        late = checkin_overdue(due_on=day, done=False, today=now.date())
        when = f"已逾期（应于 {day.month}月{day.day}日）" if late else "今天"
        items.append(
            TodoItem(
                "复学随访",
                f"{who}复学后随访{when}：请了解适应情况并记录",
                "学生",
                late,
                TodoTarget(TargetKind.STUDENT, due.student_id, tab=TAB),
            )
        )
    return items
