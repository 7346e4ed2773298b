"""The “万师润万心·大走访大谈心”活动记录表 (S000 附件 1-1) for a period: the six 六谈 categories with
参与人数, 谈话次数 and 谈心学生数量 — the school's name as 填报单位, the lead as 报送联系人 and the room's
telephone unless the caller gives others.

Two roads to the same numbers. A session holding the care key (counselor, lead) counts the talk
records themselves for any dates (talks.talk_tally). The principal's (and the admin's) session
never opens the care store: it reads the counts the care side keeps in the school store, which
exist per calendar month and per term — so for them the period must be one whole month or one whole
term (distinct students cannot be added up across months). The counts are school-wide per category
and name no one; they are shown whole, as the form asks, not suppressed like the report's tables."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, datetime

from counselroom.domain.activities.talks import PARTICIPANTS_MEANING, TalkCategory
from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Actor, Permission, Role
from counselroom.domain.school.terms import term_code
from counselroom.reports.activity_table_data import ActivityTableData, ActivityTableRow
from counselroom.services.activities import talks
from counselroom.services.guard import authorize
from counselroom.services.school.hotlines import local_hotlines
from counselroom.store import users
from counselroom.store.activities import activity_counts
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.school import school

WHOLE_PERIODS_ONLY = "校领导账号可按整月或整学期出表；任意日期范围请由心理教师出表"


def activity_table(
    db: Database,
    actor: Actor,
    *,
    start: date,
    end: date,
    now: datetime,
    contact: str | None = None,
    phone: str | None = None,
) -> ActivityTableData:
    if end < start:
        raise ValidationError(f"结束日期 {end} 早于开始日期 {start}", field="日期")
    if db.has_care and actor.can(Permission.VIEW_CARE_RECORDS):
        tally = talks.talk_tally(db, actor, start=start, end=end, now=now)
        counts = {t.category: (t.participants, t.talks, t.students) for t in tally}
    else:
        authorize(db, actor, Permission.VIEW_AGGREGATES, now=now)
        counts = _kept_counts(db.conn, start, end)
    rows = tuple(ActivityTableRow(n, c.value, *counts.get(c, (0, 0, 0))) for n, c in enumerate(TalkCategory, start=1))
    row = school.get_school(db.conn)
    return ActivityTableData(
        school=row.name if row else "",
        start=start,
        end=end,
        rows=rows,
        contact=contact.strip() if contact and contact.strip() else _lead_name(db.conn),
        phone=phone.strip() if phone and phone.strip() else _room_phone(db.conn),
        meanings=tuple(f"{c.value}为{PARTICIPANTS_MEANING[c]}" for c in TalkCategory),
    )


def _kept_counts(conn: Connection, start: date, end: date) -> dict[TalkCategory, tuple[int, int, int]]:
    """From the school store's talks_month / talks_term: the period must be exactly one of them."""
    if start.day == 1 and end == date(start.year, start.month, monthrange(start.year, start.month)[1]):
        found = activity_counts.talk_counts(conn, month=f"{start.year}-{start.month:02d}")
    else:
        term = next((t for t in school.all_terms(conn) if (t.start_date, t.end_date) == (start, end)), None)
        if term is None:
            raise ValidationError(WHOLE_PERIODS_ONLY, field="日期")
        found = activity_counts.talk_counts(conn, term=term_code(term.year_name, term.number))
    return {c.category: (c.participants, c.talks, c.students) for c in found}


def _lead_name(conn: Connection) -> str:
    return next((u.display_name for u in users.all_users(conn) if u.role is Role.LEAD and u.active), "")


def _room_phone(conn: Connection) -> str:
    """The room's own telephone from 设置 → 辅导室与开放时间 (a 热线/电话 line), if any."""
    lines = local_hotlines(conn)
    phone = next((h for h in lines if "电话" in h.label or "热线" in h.label), None)
    return phone.number if phone else ""
