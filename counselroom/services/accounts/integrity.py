"""`counselroom check`: page-level integrity, the audit chain and its copied head."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counselroom.domain.audit import AuditAction, Outcome
from counselroom.domain.errors import DatabaseDamaged
from counselroom.domain.roles import Actor, Permission
from counselroom.services.accounts.sign_in import audit_head_warnings
from counselroom.services.guard import authorize
from counselroom.store import audit_log
from counselroom.store.connection import foreign_key_problems, run_health_checks
from counselroom.store.database import Database
from counselroom.store.keyfile import load_keyfile

NO_RECOVERY_SLOT = "密钥文件中没有恢复密钥槽：丢失电脑上的密码后将无法恢复，请尽快用备份恢复或联系维护人员"
NO_AUDIT_HEAD = "密钥文件中没有审计日志头记录：无法发现被截断的日志尾部"


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
    problems += _keyfile_problems(db, audit_rows=chain.rows)
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


def _keyfile_problems(db: Database, *, audit_rows: int) -> list[str]:
    """What the key file on disk lacks (SECURITY.md 27): the recovery slot, without which a lost
    password or keyring entry is data loss, and the audit head, without which a cut tail of the log
    does not show. A head missing when the database was opened counts too: this session's first
    write has put one back since."""
    try:
        keyfile = load_keyfile(db.keyfile_path)
    except DatabaseDamaged as exc:
        return [exc.message]
    problems = []
    if keyfile.recovery_slot() is None:
        problems.append(NO_RECOVERY_SLOT)
    if db.opened_without_audit_head or (keyfile.audit_head is None and audit_rows > 0):
        problems.append(NO_AUDIT_HEAD)
    return problems
