"""预约 (SPEC §2, S001 面谈、预约): types, channels, statuses and sources with their Chinese
labels, and the shape rules of one booking. The conflict rules live in appointment_rules.py.

Attendance is only ever set by a person: nothing here (or anywhere) turns a past booking into
未到, and a cancelled appointment is never 未到 either — a late cancellation is its own flag."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from counselroom.domain.errors import ValidationError

LATE_CANCEL_HOURS = 24  # cancelled less than this before the start: 临时取消
MIN_MINUTES, MAX_MINUTES = 10, 240
NOTE_MAX = 200  # a practical remark (带作业本, 家长陪同), never clinical content
MAX_STUDENTS = 60


class _Worded(enum.StrEnum):
    """Enums whose stored value is already the Chinese word shown to the teacher."""

    @property
    def label(self) -> str:
        return self.value


class AppointmentType(_Worded):
    INDIVIDUAL = "个别辅导"
    GROUP = "团体辅导"
    PARENT = "家长咨询"
    CRISIS = "危机评估"
    FOLLOW_UP = "随访"

    @property
    def default_minutes(self) -> int:
        """50 minutes for a session, as is usual; a group takes two class periods."""
        return {"个别辅导": 50, "团体辅导": 80, "家长咨询": 50, "危机评估": 60, "随访": 30}[self.value]

    @property
    def colour(self) -> str:
        """Block colour in the calendar (and on any printout), one per type."""
        return {
            "个别辅导": "#4a90c2",
            "团体辅导": "#5aa469",
            "家长咨询": "#c9a227",
            "危机评估": "#c0504d",
            "随访": "#8e7cc3",
        }[self.value]

    def student_count_problem(self, count: int) -> str:
        if self is AppointmentType.GROUP:
            return "" if 1 <= count <= MAX_STUDENTS else f"团体辅导请选择 1 到 {MAX_STUDENTS} 名学生"
        if self is AppointmentType.PARENT:
            return "" if count <= 1 else "家长咨询最多注明一名相关学生"
        return "" if count == 1 else f"{self.value}请选择一名学生"


class Channel(_Worded):
    FACE = "面谈"
    PHONE = "电话"
    ONLINE = "网络"


class AppointmentStatus(_Worded):
    BOOKED = "已预约"
    ATTENDED = "已到"
    NO_SHOW = "未到"
    CANCELLED = "取消"

    @property
    def holds_time(self) -> bool:
        """A cancelled or missed appointment leaves its counselor, room and student free."""
        return self in (AppointmentStatus.BOOKED, AppointmentStatus.ATTENDED)


class AppointmentSource(_Worded):
    SELF = "自主预约"
    HEAD_TEACHER = "班主任推荐"
    PEER_MONITOR = "心理委员发现"
    SCREENING = "筛查"
    RETURNED = "转回"


class WaitlistStatus(enum.StrEnum):
    WAITING = "等待"
    SCHEDULED = "已安排"
    CANCELLED = "已取消"


def check_times(start: datetime, end: datetime) -> None:
    """One appointment lies within one day and lasts MIN_MINUTES to MAX_MINUTES."""
    if end <= start:
        raise ValidationError("结束时间应晚于开始时间", field="时长")
    if end.date() != start.date():  # the overlap queries rely on this (store.appointments)
        raise ValidationError("预约应在同一天内开始和结束", field="时长")
    minutes = (end - start).total_seconds() / 60
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValidationError(f"时长应在 {MIN_MINUTES} 到 {MAX_MINUTES} 分钟之间", field="时长")


def check_shape(type_: AppointmentType, channel: Channel, *, room_id: int | None, students: int, note: str) -> None:
    """The parts of a booking that need no database: students per type, a room for 面谈, a short note."""
    problem = type_.student_count_problem(students)
    if problem:
        raise ValidationError(problem, field="学生")
    if channel is Channel.FACE and room_id is None:
        raise ValidationError("面谈请选择辅导室", field="辅导室")
    if len(note.strip()) > NOTE_MAX:
        raise ValidationError(f"备注请控制在 {NOTE_MAX} 字以内（只写安排事项，辅导内容请写在个案记录中）", field="备注")


def is_late_cancel(start: datetime, cancelled_at: datetime) -> bool:
    """Cancelled less than LATE_CANCEL_HOURS before the start (or after it): 临时取消, not 未到."""
    return start - cancelled_at < timedelta(hours=LATE_CANCEL_HOURS)


def check_cancel(status: AppointmentStatus, reason: str) -> str:
    if status is not AppointmentStatus.BOOKED:
        raise ValidationError(f"这次预约已是“{status}”，不能再取消", field="状态")
    text = reason.strip()
    if len(text) < 2:
        raise ValidationError("请写明取消原因（例如：学生考试、家长来电改期）", field="原因")
    return text


def check_attendance(status: AppointmentStatus, new: AppointmentStatus, *, start: datetime, now: datetime) -> None:
    """已到/未到, set by the counselor once the appointment has begun; a correction is allowed."""
    if new not in (AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW):
        raise ValidationError("出勤只能记为“已到”或“未到”", field="出勤")
    if status is AppointmentStatus.CANCELLED:
        raise ValidationError("已取消的预约不记出勤（取消不算未到）", field="出勤")
    if start > now:
        raise ValidationError("预约还没有开始，不能记录出勤", field="出勤")


def check_movable(status: AppointmentStatus) -> None:
    if status is not AppointmentStatus.BOOKED:
        raise ValidationError(f"这次预约已是“{status}”，不能再改期", field="状态")


def awaiting_attendance(status: AppointmentStatus, start: datetime, now: datetime) -> bool:
    """Begun but not yet marked: shown as 待记出勤 — still 已预约 until a person decides."""
    return status is AppointmentStatus.BOOKED and start <= now


def day_text(moment: datetime) -> str:
    return f"{moment.month}月{moment.day}日"


def span_text(start: datetime, end: datetime) -> str:
    """10月13日 10:00–10:50, as the conflict messages name a time."""
    return f"{day_text(start)} {start:%H:%M}–{end:%H:%M}"
