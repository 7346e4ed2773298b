"""Checks shared by the entry of 心理课, 班会与活动, 培训 and 会议 (records that name no student):
dates against the school calendar, staff and classes that exist, texts and numbers in range. Each
raises ValidationError naming the field and the entry's row (1-based), so a bulk entry says which
of its rows is wrong. Building blocks: called inside an authorised service call."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from counselroom.domain.activities.recording import day_text
from counselroom.domain.errors import ValidationError
from counselroom.domain.visible_text import visible
from counselroom.store.connection import Connection
from counselroom.store.school import activity_refs, school, staff

NO_CALENDAR = "请先在“设置”中录入校历（学年和学期）"
MAX_RANGE_DAYS = 3700  # about ten school years: a list is for a term or a year, never unbounded


def check_range(start: date, end: date) -> None:
    if end < start:
        raise ValidationError("结束日期应不早于开始日期", field="日期")
    if (end - start).days > MAX_RANGE_DAYS:
        raise ValidationError("日期范围过大，请选择十年以内", field="日期")


def check_term_day(conn: Connection, day: date, today: date, *, row: int) -> None:
    """A day of a term (lessons and class activities happen while school is in session), not later than today."""
    _not_future(day, today, row)
    terms = school.all_terms(conn)
    if not terms:
        raise ValidationError(NO_CALENDAR, field="日期", row=row)
    if not any(t.start_date <= day <= t.end_date for t in terms):
        raise ValidationError(f"{day_text(day)}不在校历的任何学期内", field="日期", row=row)


def check_calendar_day(conn: Connection, day: date, today: date, *, row: int) -> None:
    """A day of the calendar's school years, not later than today. Trainings and meetings may fall
    in a vacation (暑期培训, 开学前的工作会议), so a school year here runs from 1 July: the summer
    before its first term belongs to it."""
    _not_future(day, today, row)
    terms = school.all_terms(conn)
    if not terms:
        raise ValidationError(NO_CALENDAR, field="日期", row=row)
    first = date(terms[0].start_date.year, 7, 1)
    if day < first:
        raise ValidationError(f"{day_text(day)}早于校历中的第一个学年（{day_text(first)}起）", field="日期", row=row)


def _not_future(day: date, today: date, row: int) -> None:
    if day > today:
        raise ValidationError(f"{day_text(day)}还没有到，请记录已经开展的活动", field="日期", row=row)


def staff_name(conn: Connection, staff_id: int, *, field: str, row: int) -> str:
    """The name of an active staff member, or a row error."""
    name = staff.active_name(conn, staff_id)
    if name is None:
        raise ValidationError("没有这位教职工，或已不在职", field=field, row=row)
    return name


def current_classes(conn: Connection, class_ids: Sequence[int], *, row: int) -> list[str]:
    """The names of classes still at school, each named once; a row error otherwise."""
    if not class_ids:
        raise ValidationError("请选择班级", field="班级", row=row)
    if len(set(class_ids)) != len(class_ids):
        raise ValidationError("同一个班级选了两次", field="班级", row=row)
    found = activity_refs.classes_by_id(conn, class_ids)
    names = []
    for class_id in class_ids:
        ref = found.get(class_id)
        if ref is None:
            raise ValidationError("没有这个班级", field="班级", row=row)
        if ref.graduated:
            raise ValidationError(f"{ref.name}已毕业", field="班级", row=row)
        names.append(ref.name)
    return names


def text(value: str, *, field: str, row: int | None, limit: int, required: bool = False) -> str:
    cleaned = visible(value.strip())
    if required and not cleaned:
        raise ValidationError(f"请填写{field}", field=field, row=row)
    if len(cleaned) > limit:
        raise ValidationError(f"{field}请控制在 {limit} 字以内", field=field, row=row)
    return cleaned


def whole_number(value: int, bounds: tuple[int, int], *, field: str, row: int | None) -> int:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(f"{field}应为 {low} 到 {high} 之间的整数", field=field, row=row)
    return value
