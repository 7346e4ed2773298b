"""今日: what a counselor opens the program for — today's appointments, who is on duty, and a
待办 list. Which 待办 sources feed it, each with the permission needed to see it, is listed once in
services/registry.py (built at start-up and handed in), so later modules (随访, 辅导记录签名) add
their rows there; nothing registers itself on import."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from counselroom.domain.roles import Actor, Permission
from counselroom.services.care import peer_reports, proposals, warning_list
from counselroom.services.duty import duty_calendar, duty_log
from counselroom.services.duty.duty_calendar import OnDuty
from counselroom.services.guard import authorize, may
from counselroom.services.scheduling import appointment_views
from counselroom.services.scheduling.appointment_views import AppointmentItem
from counselroom.store.database import Database

ATTENDANCE_LOOK_BACK_DAYS = 7
REPORT_OVERDUE_DAYS = 3  # a report nobody has followed up for this long shows as overdue


class TargetKind(enum.StrEnum):
    APPOINTMENT = "appointment"  # `id`: the appointment, opened in its details dialog
    STUDENT = "student"  # `id`: the student, whose file opens on `tab`
    DUTY_SLOT = "duty_slot"  # `id`: the duty assignment on `day`
    NOTE = "note"  # `id`: the 辅导记录, opened in its case on the 个案 page
    REFERRAL = "referral"  # `id`: the 转介, opened on the 转介与随访 page
    INCIDENT = "incident"  # `id`: the 危机事件, opened in its tab on the 转介与随访 page


@dataclass(frozen=True)
class TodoTarget:
    """The one record a 待办 is about, so activating it opens that record, not just its page."""

    kind: TargetKind
    id: int
    day: date | None = None
    tab: str = ""  # for a student: the file's tab (预警与关爱, 测评 …)


@dataclass(frozen=True)
class TodoItem:
    kind: str  # 复评 / 预警建议 / 风险作答 / 报告 / 危机排查 / 出勤 / 值班记录 …
    text: str
    page: str  # the sidebar page where it is dealt with
    overdue: bool = False
    target: TodoTarget | None = None  # None: the page itself (a count, a reminder)


@dataclass(frozen=True)
class TodayBoard:
    appointments: tuple[AppointmentItem, ...]  # the actor's own, today
    on_duty: OnDuty
    todos: tuple[TodoItem, ...]


TodoSource = Callable[[Database, Actor, datetime], list[TodoItem]]
# (permission needed to see it, source), in the order they are read
TodoSources = Sequence[tuple[Permission, TodoSource]]


def review_todos(db: Database, actor: Actor, now: datetime) -> list[TodoItem]:
    due = warning_list.reviews_due(db, actor, now=now, within_days=0)
    return [
        TodoItem(
            "复评",
            f"{e.student_name}（{e.class_name}）{e.level.label}预警"
            + ("复评已逾期" if e.review_overdue else "今天复评"),
            "预警",
            e.review_overdue,
            TodoTarget(TargetKind.STUDENT, e.student_id, tab="预警与关爱"),
        )
        for e in due
    ]


def proposal_todos(db: Database, actor: Actor, now: datetime) -> list[TodoItem]:
    waiting = proposals.pending_proposals(db, actor, now=now)
    return [TodoItem("预警建议", f"{len(waiting)} 条筛查阳性或报告的预警建议待确认", "预警")] if waiting else []


def report_todos(db: Database, actor: Actor, now: datetime) -> list[TodoItem]:
    """心理委员/班主任 reports still 待处理: each needs a counselor to follow it up."""
    waiting = peer_reports.list_peer_reports(db, actor, now=now, status="待处理")
    return [
        TodoItem(
            "报告",
            f"{_day(r.reported_on)} {r.reporter}报告{_about(r)}：{r.concern} —— 待处理："
            "请约谈了解情况，需要时建议预警等级",
            "预警",
            r.reported_on < (now - timedelta(days=REPORT_OVERDUE_DAYS)).date().isoformat(),
        )
        for r in waiting
    ]


def _day(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.month}月{day.day}日"


def _about(report: peer_reports.PeerReport) -> str:
    return f" {report.class_name} {report.student_name}" if report.student_name else f" {report.class_name}"


def attendance_todos(db: Database, actor: Actor, now: datetime) -> list[TodoItem]:
    items: list[TodoItem] = []
    for back in range(ATTENDANCE_LOOK_BACK_DAYS, -1, -1):
        day = (now - timedelta(days=back)).date()
        view = appointment_views.day_view(db, actor, day=day, now=now, counselor_id=actor.user_id)
        items += [
            TodoItem(
                "出勤",
                f"{a.start:%m-%d %H:%M} {'、'.join(s.name for s in a.students)} {a.type.label}：请标记已到或未到",
                "预约",
                back > 0,
                TodoTarget(TargetKind.APPOINTMENT, a.id, day),
            )
            for a in view.rows
            if a.awaiting_attendance
        ]
    return items


def duty_log_todos(db: Database, actor: Actor, now: datetime) -> list[TodoItem]:
    missing = duty_log.missing_duty_logs(db, actor, now=now)
    return [
        TodoItem(
            "值班记录",
            f"{s.day:%m-%d} {s.start:%H:%M}–{s.end:%H:%M} {s.staff_name} 的值班记录未填写",
            "值班",
            True,
            TodoTarget(TargetKind.DUTY_SLOT, s.assignment_id, s.day) if s.assignment_id is not None else None,
        )
        for s in missing
    ]


def today_board(db: Database, actor: Actor, *, sources: TodoSources, now: datetime) -> TodayBoard:
    """`sources`: the registry's todo_sources."""
    authorize(db, actor, Permission.SIGN_IN, now=now)
    appointments: tuple[AppointmentItem, ...] = ()
    if actor.can(Permission.SCHEDULE_APPOINTMENTS):
        day = appointment_views.day_view(db, actor, day=now.date(), now=now, counselor_id=actor.user_id)
        appointments = tuple(sorted(day.rows, key=lambda a: a.start))
    todos = [item for permission, source in sources if may(db, actor, permission) for item in source(db, actor, now)]
    todos.sort(key=lambda t: not t.overdue)
    return TodayBoard(appointments, duty_calendar.on_duty_now(db, actor, now=now), tuple(todos))
