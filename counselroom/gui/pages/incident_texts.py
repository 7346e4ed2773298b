"""How the leader in charge reads an incident's status (今日's alert card, 预警's 危机事件 tab):
number, status and timings as sentences and table cells — no Qt here, so it is tested alone.
What may be shown is decided below the GUI (services/crisis/incident_overview.py)."""

from __future__ import annotations

from datetime import date, datetime

from counselroom.domain.crisis.incident_rules import IncidentStatus
from counselroom.domain.roles import Actor, Permission
from counselroom.gui.text_format import minute_text
from counselroom.services.crisis.incident_overview import IncidentStatusView

NOT_NOTIFIED = "尚未记录通知分管校领导"
DETAIL_HIDDEN = "这里只显示事件编号、状态和时间；事件经过、处置记录和当事学生仅由处置的心理教师和心理中心负责人查看。"


def sees_incident_status_only(actor: Actor) -> bool:
    """The principal (and the admin): statistics, but no incident of their own to open. Counselors
    and the lead work incidents on their own page and are not shown the card."""
    return actor.can(Permission.VIEW_AGGREGATES) and not actor.can(Permission.READ_ASSIGNED_CASES)


def is_open(view: IncidentStatusView) -> bool:
    return view.status != IncidentStatus.CLOSED.value


def day_and_time(iso: str) -> str:
    """2025-12-03T14:05 → 12月3日 14:05."""
    at = datetime.fromisoformat(iso)
    return f"{at.month}月{at.day}日 {at:%H:%M}"


def later_time(iso: str, since_iso: str) -> str:
    """Just the time when it fell on the same day as `since_iso`, else the day too."""
    at = datetime.fromisoformat(iso)
    same_day = at.date() == datetime.fromisoformat(since_iso).date()
    return f"{at:%H:%M}" if same_day else day_and_time(iso)


def duration(minutes: int | None) -> str:
    if minutes is None:
        return ""
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return f"{rest} 分钟"
    if hours < 24:
        return f"{hours} 小时" + (f" {rest} 分钟" if rest else "")
    days, hours = divmod(hours, 24)
    return f"{days} 天" + (f" {hours} 小时" if hours else "")


def alert_line(view: IncidentStatusView) -> str:
    """危机事件处置中：事件 #12，登记于 12月3日 14:05，已通知分管校领导 14:20（15 分钟）。"""
    if view.leader_notified_at:
        at = later_time(view.leader_notified_at, view.opened_at)
        notified = f"已通知分管校领导 {at}（{duration(view.minutes_to_leader)}）"
    else:
        notified = NOT_NOTIFIED
    return f"危机事件{view.status}：事件 #{view.number}，登记于 {day_and_time(view.opened_at)}，{notified}。"


def table_time(iso: str) -> str:
    """Tables write dates as 2025-12-03 (UX.md): 2025-12-03 14:05 — to the minute, though 会签 (the
    closing time) is kept to the second."""
    return minute_text(iso) if iso else "—"


def followups_text(view: IncidentStatusView) -> str:
    return f"{view.followups_done}/{view.followups_planned}" if view.followups_planned else "—"


def counts_line(by_status: dict[str, int], total: int) -> str:
    parts = "　".join(f"{status} {count} 起" for status, count in by_status.items())
    return f"共 {total} 起：{parts}"


def term_start(terms: list[tuple[date, date]], today: date) -> date | None:
    """本学期's first day: the term today falls in, else the last one begun (a holiday)."""
    begun = sorted(start for start, _end in terms if start <= today)
    current = [start for start, end in terms if start <= today <= end]
    return current[0] if current else (begun[-1] if begun else None)
