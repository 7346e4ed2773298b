"""`counselroom export stats` and `counselroom export class-list` (SPEC §6): the same services, roles,
watermark and audit rows as 报表 → 导出 and 预警 → 给班主任的名单 in the program. cli.py holds their
parser lines and signs in; these functions run with the session.

- export stats: the de-identified statistics of a term (this term by default) as .xlsx or .csv;
- export class-list: a class's students on the warning list for its 班主任, with a stated reason,
  watermarked, as .xlsx or .csv.
A wrong suffix is a usage error (exit 2); an unknown term or class a user error (exit 1)."""

from __future__ import annotations

import argparse
from pathlib import Path

from counselroom.cli_chinese import UsageError
from counselroom.domain.errors import NotFound
from counselroom.services.accounts.session import Session
from counselroom.services.exports import class_list, stats_export
from counselroom.services.exports.export_files import WRITERS
from counselroom.services.school import school_calendar
from counselroom.system import clock


def export_stats(session: Session, args: argparse.Namespace) -> int:
    out = _out(args.out)
    term = _term_id(session, args.term) if args.term else None
    doc = stats_export.stats_export(session.db, session.actor, term_id=term, now=clock.now())
    saved = stats_export.save_stats_export(session.db, session.actor, doc, out, now=clock.now())
    records = "含化名学生记录" if any(t.sheet == "学生记录" for t in doc.tables) else "只含汇总数字"
    print(f"已导出{doc.title}（{len(doc.tables)} 张表，{records}，导出编号 {doc.export_id}）：{saved.path}")
    return 0


def export_class_list(session: Session, args: argparse.Namespace) -> int:
    out = _out(args.out)
    choices = class_list.class_list_choices(session.db, session.actor, now=clock.now())
    chosen = class_list.find_class(choices, args.class_name)
    doc = class_list.class_list(
        session.db, session.actor, class_id=chosen.class_id, reason=args.reason, now=clock.now()
    )
    saved = class_list.save_class_list(session.db, session.actor, doc, out, now=clock.now())
    print(f"已导出{doc.title}（{doc.rows} 人，导出编号 {doc.export_id}，已记入审计日志）：{saved.path}")
    return 0


def _out(text: str) -> Path:
    out = Path(text)
    if out.suffix.lower().lstrip(".") not in WRITERS:
        raise UsageError(f"--out 应以 .xlsx 或 .csv 结尾，而不是“{out.name}”")
    return out


def _term_id(session: Session, code: str) -> int:
    terms = school_calendar.list_terms(session.db, session.actor, now=clock.now())
    found = next((t.id for t in terms if t.code == code.strip()), None)
    if found is None:
        known = "、".join(t.code for t in terms) or "无（请先在“设置 → 学年学期”中添加）"
        raise NotFound(f"没有学期“{code}”。已有的学期：{known}")
    return found
