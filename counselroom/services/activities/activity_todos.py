"""今日 待办 from 达标情况, for those who record activities (RECORD_ACTIVITIES: counselor, lead):
classes the profile's lesson rule covers with no 心理课 in the last two weeks; classes with families
(or students) not yet visited once the term is within 4 weeks of its end; people short of the
profile's training for the school year in its last 2 months. Each is one item that says how many
and names the first few — a school of 60 classes gets one line, not 60. Opens the 活动 page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from counselroom.domain.activities.coverage import applies_to, visit_unit
from counselroom.domain.activities.home_visits import VisitUnit
from counselroom.domain.roles import Actor, Permission
from counselroom.services.activities import coverage_lines as lines
from counselroom.services.guard import authorize
from counselroom.services.school.policy import policy_of
from counselroom.services.today import TodoItem
from counselroom.store.activities import coverage_queries as queries
from counselroom.store.activities.coverage_queries import TermSpan
from counselroom.store.connection import Connection
from counselroom.store.database import Database

PAGE = "活动"
LESSON_LOOK_BACK = timedelta(days=14)
VISITS_BEFORE_TERM_END = timedelta(weeks=4)
TRAINING_BEFORE_YEAR_END = timedelta(days=61)  # the school year's last two months
NAMES_SHOWN = 3


def activity_todos(db: Database, actor: Actor, now: datetime) -> list[TodoItem]:
    authorize(db, actor, Permission.RECORD_ACTIVITIES, now=now)
    today = now.date()
    term = queries.term_on(db.conn, today)
    if term is None:  # the holidays: nothing is due
        return []
    return [
        *_lesson_items(db.conn, term, today),
        *_visit_items(db.conn, term, today),
        *_training_items(db.conn, term, today),
    ]


def _names(names: Sequence[str]) -> str:
    shown = "、".join(names[:NAMES_SHOWN])
    return f"{shown} 等" if len(names) > NAMES_SHOWN else shown


def _lesson_items(conn: Connection, term: TermSpan, today: date) -> list[TodoItem]:
    """Classes the lesson rule covers with no 心理课 in the last 14 days (once the term is 14 days old)."""
    rule = policy_of(conn).rule("lessons.per_two_weeks")
    since = today - LESSON_LOOK_BACK + timedelta(days=1)
    if rule is None or since < term.start:
        return []
    held = queries.lesson_hours_per_class(conn, since, today)
    during = queries.classes_during(conn, term.start, term.end)
    covered = [c for c in during if applies_to(rule, c.stage, c.year_in_stage)]
    without = [c.name for c in covered if held.get(c.id, 0) == 0]
    if not without:
        return []
    return [TodoItem("心理课", f"{len(without)} 个班级近两周没有心理课：{_names(without)}", PAGE)]


def _visit_items(conn: Connection, term: TermSpan, today: date) -> list[TodoItem]:
    """Within 4 weeks of the term's end: classes with families (南昌) or students (渭南) not yet visited."""
    rule = policy_of(conn).rule("home_visits.count")
    if rule is None or today < term.end - VISITS_BEFORE_TERM_END:
        return []
    classes = queries.classes_during(conn, term.start, term.end)
    short = [line for line in lines.visit_lines(conn, policy_of(conn), term, classes) if line.gap]
    if not short:
        return []
    left = sum((line.needed or 0) - line.ours for line in short)
    family = visit_unit(rule) is VisitUnit.FAMILY
    who, counted = ("家庭", "个家庭") if family else ("学生", "名学生")
    text = f"{len(short)} 个班级还有{who}未家访（共 {left} {counted}）：{_names([line.subject for line in short])}"
    return [TodoItem("家访", text, PAGE, today > term.end - timedelta(weeks=1))]


def _training_items(conn: Connection, term: TermSpan, today: date) -> list[TodoItem]:
    """In the school year's last two months: who is still short of the profile's training."""
    if today < term.year_end - TRAINING_BEFORE_YEAR_END:
        return []
    short = [line for line in lines.training_lines(conn, policy_of(conn), term) if line.gap]
    people = list(dict.fromkeys(line.subject for line in short))
    if not people:
        return []
    text = f"{len(people)} 人本学年培训未达到{policy_of(conn).name}的要求：{_names(people)}"
    return [TodoItem("培训", text, PAGE, today > term.year_end - timedelta(days=14))]
