"""A case for 张晓明 (student 1), assigned to the counselor, for case and note tests; and one with
what a 个案分析报告 prints (signed notes, an addendum, a draft, a plan review, an attachment)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.cases import attachments, cases, notes, plan_reviews
from counselroom.store import users
from tests.conftest import FIXED_NOW
from tests.school_data import add_small_school


def user_id(session: Session, username: str) -> int:
    row = users.by_username(session.db.conn, username)
    assert row is not None
    return int(row.id)


def counselors_case(sessions: dict[Role, Session]) -> int:
    """The school, and one case assigned to the counselor (opened by the lead)."""
    add_small_school(sessions[Role.ADMIN])
    lead = sessions[Role.LEAD]
    cases.open_case(
        lead.db, lead.actor, 1, reason="考试前失眠，上课注意力不集中", issue_types=["学业", "情绪"],
        counselor_ids=[user_id(lead, "counselor")], now=FIXED_NOW,
    )  # fmt: skip
    return max(c.id for c in cases.my_cases(lead.db, lead.actor, now=FIXED_NOW))


DAY = date(2025, 10, 13)
SIGNED = {"topic": "考试焦虑", "process": "谈了最近的睡眠和学习安排，练习腹式呼吸", "next_step": "一周后再约"}
ADDENDUM = "补记：家长当晚来电，同意配合调整作息"
DRAFT = {"topic": "尚未写完的草稿想法", "process": "草稿里的半句话"}
CRISIS = {
    "source": "谈话中发现",
    "situation": "学生说最近很累，有时觉得活着没意思",
    "risk_factors": "考试压力，睡眠差",
    "protective_factors": "与母亲关系亲近，有两位要好的同学",
    "means": "未发现具体计划和工具",
    "level": "低",
    "plan": "每周随访，告知家长",
}


def case_for_report(sessions: dict[Role, Session], folder: Path) -> int:
    """counselors_case with a signed note and its addendum, a co-signed crisis note, a draft, a plan
    review and a consent form (the scan written to `folder` first)."""
    case_id = counselors_case(sessions)
    c, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    signed = notes.start_note(
        c.db, c.actor, case_id, template_id="individual", held_on=DAY, fields=SIGNED, now=FIXED_NOW
    )
    notes.sign_note(c.db, c.actor, signed, now=FIXED_NOW)
    notes.add_addendum(c.db, c.actor, signed, ADDENDUM, now=FIXED_NOW)
    crisis = notes.start_note(c.db, c.actor, case_id, template_id="crisis", held_on=DAY, fields=CRISIS, now=FIXED_NOW)
    notes.sign_note(c.db, c.actor, crisis, now=FIXED_NOW)
    notes.cosign_note(lead.db, lead.actor, crisis, now=FIXED_NOW)
    notes.start_note(c.db, c.actor, case_id, template_id="individual", held_on=DAY, fields=DRAFT, now=FIXED_NOW)
    plan_reviews.review_plan(
        c.db, c.actor, 1, reviewed_on=DAY, what_worked="入睡时间提前了约半小时", changes="改为两周一次",
        next_review=date(2025, 11, 10), goals="规律作息，考试前后情绪平稳", measures="两周一次个别辅导", now=FIXED_NOW,
    )  # fmt: skip
    scan = folder / "知情同意书.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + b"scan")
    attachments.attach_file(c.db, c.actor, case_id, scan, kind="知情同意书", now=FIXED_NOW)
    return case_id
