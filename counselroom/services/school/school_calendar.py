"""学年与学期: the school's terms with their dates; reports and rosters group time by them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import AlreadyExists, NotFound
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.school.terms import TermDates, check_terms, term_code, term_label, year_name
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.store import audit_log
from counselroom.store.database import Database
from counselroom.store.school import school


@dataclass(frozen=True)
class Term:
    id: int
    code: str  # 2025-2026-1
    label: str  # 2025-2026学年第一学期
    start: date
    end: date
    current: bool


def list_terms(db: Database, actor: Actor, *, now: datetime) -> list[Term]:
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    today = now.date()
    return [
        Term(
            t.id,
            term_code(t.year_name, t.number),
            term_label(t.year_name, t.number),
            t.start_date,
            t.end_date,
            t.start_date <= today <= t.end_date,
        )
        for t in school.all_terms(db.conn)
    ]


def add_school_year(
    db: Database, actor: Actor, *, start_year: int, first: TermDates, second: TermDates, now: datetime
) -> Changes:
    """A new 学年 with its two 学期 (dates checked for order and season)."""
    authorize(db, actor, Permission.MANAGE_SETTINGS, now=now)
    check_terms(first, second, start_year)
    name = year_name(start_year)
    if any(t.year_name == name for t in school.all_terms(db.conn)):
        raise AlreadyExists(f"{name}学年已经存在", field="学年")
    with db.transaction() as conn:
        year_id = school.insert_year(conn, name, first.start, second.end)
        for term in (first, second):
            school.insert_term(conn, year_id, term.number, term.start, term.end)
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.SETTINGS_CHANGED,
            object_type="setting",
            object_id="terms",
            detail=f"新增 {name} 学年",
        )
    return Changes.of(ChangeKind.SETTINGS, summary=f"已添加 {name} 学年")


def update_term_dates(db: Database, actor: Actor, term_id: int, *, start: date, end: date, now: datetime) -> Changes:
    authorize(db, actor, Permission.MANAGE_SETTINGS, now=now)
    terms = {t.id: t for t in school.all_terms(db.conn)}
    term = terms.get(term_id)
    if term is None:
        raise NotFound("学期不存在")
    sibling = next((t for t in terms.values() if t.year_name == term.year_name and t.id != term_id), None)
    mine = TermDates(term.number, start, end)
    other = TermDates(sibling.number, sibling.start_date, sibling.end_date) if sibling else None
    first, second = (mine, other) if term.number == 1 else (other, mine)
    if first is not None and second is not None:
        check_terms(first, second, int(term.year_name[:4]))
    with db.transaction() as conn:
        school.update_term(conn, term_id, start, end)
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.SETTINGS_CHANGED,
            object_type="setting",
            object_id="terms",
            detail=f"{term_label(term.year_name, term.number)} {start}～{end}",
        )
    return Changes.of(ChangeKind.SETTINGS, summary="学期日期已修改")
