"""Table models of the 活动 page: one per record type, adapters over the services' dataclasses
(set_rows with Talk, HomeVisit, Lesson, Activity, Training, Meeting), tested without a window."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from counselroom.gui.models import RowTableModel


def day_text(day: date) -> str:
    """Tables show dates as 2025-09-01 (UX.md)."""
    return day.isoformat()


def students_text(students: Sequence[Any]) -> str:
    """张三（初一(1)班）、李四（初一(1)班）; a class named once when all are in it: 张三、李四（初一(1)班）."""
    classes = {s.class_name for s in students}
    if len(classes) == 1 and len(students) > 1:
        return "、".join(s.name for s in students) + f"（{next(iter(classes))}）"
    return "、".join(f"{s.name}（{s.class_name}）" if s.class_name else s.name for s in students)


def _yes(flag: bool) -> str:
    return "需跟进" if flag else ""


class TalkTableModel(RowTableModel[Any]):
    DAY, CATEGORY, TALKER, STUDENTS, TOPIC, FOLLOW_UP, RECORDED_BY = range(7)
    WIDE = TOPIC
    columns = (
        ("日期", lambda t: day_text(t.held_on)),
        ("类别", lambda t: t.category.value),
        ("谈话人", lambda t: t.talker),
        ("学生", lambda t: students_text(t.students)),
        ("主题", lambda t: t.topic),
        ("跟进", lambda t: _yes(t.follow_up)),
        ("记录人", lambda t: t.recorded_by),
    )


class HomeVisitTableModel(RowTableModel[Any]):
    DAY, MODE, VISITOR, STUDENTS, MET_WITH, SUMMARY, FOLLOW_UP, RECORDED_BY = range(8)
    WIDE = SUMMARY
    columns = (
        ("日期", lambda v: day_text(v.held_on)),
        ("方式", lambda v: v.mode.value),
        ("家访教师", lambda v: v.visitor),
        ("学生", lambda v: students_text(v.students)),
        ("接待家长", lambda v: v.met_with),
        ("家访情况", lambda v: v.summary),
        ("跟进", lambda v: _yes(v.follow_up)),
        ("记录人", lambda v: v.recorded_by),  # who may delete it: the recorder (or the lead)
    )


class LessonTableModel(RowTableModel[Any]):
    DAY, PERIOD, CLASS, TOPIC, TEACHER, HOURS, SOURCE = range(7)
    WIDE = TOPIC
    columns = (
        ("日期", lambda v: day_text(v.held_on)),
        ("节次", lambda v: f"第{v.period}节" if v.period else "—"),
        ("班级", lambda v: v.class_name),
        ("课题", lambda v: v.topic),
        ("任课教师", lambda v: v.teacher),
        ("课时", lambda v: v.hours),
        ("来源", lambda v: v.source),
    )


def _participants(count: int) -> object:
    return count if count else "—"


class ActivityTableModel(RowTableModel[Any]):
    """主题班团队会, 专题活动, 团体辅导 and 心理委员培训指导 together: the kind is a column."""

    WIDE = 2

    columns = (
        ("日期", lambda a: day_text(a.held_on)),
        ("类别", lambda a: a.kind.value),
        ("活动名称", lambda a: a.title),
        ("范围", lambda a: a.scope_text),
        ("组织者", lambda a: a.organizer),
        ("参与人数", lambda a: _participants(a.participants)),
        ("备注", lambda a: a.notes),
    )


class ParentSchoolTableModel(RowTableModel[Any]):
    WIDE = 1
    columns = (
        ("日期", lambda a: day_text(a.held_on)),
        ("活动名称", lambda a: a.title),
        ("形式", lambda a: a.form),
        ("范围", lambda a: a.scope_text),
        ("组织者", lambda a: a.organizer),
        ("家长人数", lambda a: _participants(a.participants)),
    )


class PublicityTableModel(RowTableModel[Any]):
    WIDE = 1
    columns = (
        ("日期", lambda a: day_text(a.held_on)),
        ("活动名称", lambda a: a.title),
        ("主题日", lambda a: a.occasion),
        ("形式", lambda a: a.form),
        ("范围", lambda a: a.scope_text),
        ("组织者", lambda a: a.organizer),
        ("参与人数", lambda a: _participants(a.participants)),
    )


class TrainingTableModel(RowTableModel[Any]):
    DAY, NAME, POSITION, TITLE, HOURS, LEVEL, KIND, ORGANIZER = range(8)
    WIDE = TITLE
    columns = (
        ("日期", lambda t: day_text(t.held_on)),
        ("姓名", lambda t: t.staff_name),
        ("岗位", lambda t: t.position),
        ("培训名称", lambda t: t.title),
        ("学时", lambda t: t.hours),
        ("级别", lambda t: t.level.value),
        ("类型", lambda t: t.kind.value),
        ("主办单位", lambda t: t.organizer),
    )


class MeetingTableModel(RowTableModel[Any]):
    WIDE = 2
    columns = (
        ("日期", lambda m: day_text(m.held_on)),
        ("会议类别", lambda m: m.body.value),
        ("议题", lambda m: m.topic),
        ("参会人数", lambda m: _participants(m.attendees)),
        ("会议决定", lambda m: m.decisions),
    )
