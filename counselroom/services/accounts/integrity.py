"""`counselroom check`: page-level integrity, the audit chain and its copied head."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counselroom.domain.audit import AuditAction, Outcome
from counselroom.domain.roles import Actor, Permission
from counselroom.services.accounts.sign_in import audit_head_warnings
from counselroom.services.guard import authorize
from counselroom.store import audit_log
from counselroom.store.connection import foreign_key_problems, run_health_checks
from counselroom.store.database import Database


@dataclass(frozen=True)
class IntegrityReport:
    ok: bool
    problems: tuple[str, ...]
    audit_rows: int
    first_bad_audit_row: int | None

    def to_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "problems": list(self.problems),
            "audit_rows": self.audit_rows,
            "first_bad_audit_row": self.first_bad_audit_row,
        }


def check_database(db: Database, actor: Actor, *, now: datetime) -> IntegrityReport:
    authorize(db, actor, Permission.CHECK_INTEGRITY, now=now)
    problems = run_health_checks(db.conn, db.path, full=True)
    problems += [f"外键不一致：{p.table} 第 {p.rowid} 行" for p in foreign_key_problems(db.conn)]
    chain = audit_log.verify(db.conn)
    if chain.first_bad_seq is not None:
        problems.append(f"审计日志第 {chain.first_bad_seq} 条有问题：{chain.problem}")
    problems += audit_head_warnings(db) or db.opening_warnings
    report = IntegrityReport(not problems, tuple(problems), chain.rows, chain.first_bad_seq)
    with db.transaction() as conn:
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.INTEGRITY_CHECK,
            outcome=Outcome.OK if report.ok else Outcome.FAILED,
            detail=f"{len(problems)} 个问题",
        )
    return report
