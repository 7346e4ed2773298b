"""What a service can report as changed, so the GUI reloads the pages that show it.

An enum rather than strings: a misspelt kind fails where it is written (at import for a page's
`refresh_on`, at the call for a service) instead of leaving a page silently stale. The values are
the strings used before the enum, so nothing persisted or compared elsewhere changes."""

from __future__ import annotations

import enum


class ChangeKind(enum.StrEnum):
    ACCOUNTS = "accounts"
    ACTIVITIES = "activities"  # 六谈, 家访, lessons, 班会, 家长学校, 宣传, 培训, 会议, room facts
    APPOINTMENTS = "appointments"  # appointments and the waitlist
    AUDIT = "audit"  # a print, a saved file: only the audit log grew
    BACKUPS = "backups"  # a backup made or failed, the backup settings
    CASES = "cases"  # 个案 and 辅导记录
    CLASSES = "classes"
    DUTY = "duty"
    INCIDENTS = "incidents"  # 危机事件, 事后安抚 and 保密例外
    MENTORS = "mentors"
    PARTNERS = "partners"  # 合作机构: hospitals and agencies
    REFERRALS = "referrals"  # 转介 and their 随访
    REPORTS = "reports"  # what the principal writes into a report (问题与改进措施)
    ROOMS = "rooms"
    SCREENING = "screening"
    SETTINGS = "settings"  # school calendar, hotlines, idle lock, the room's location
    STUDENTS = "students"
    WARNINGS = "warnings"
