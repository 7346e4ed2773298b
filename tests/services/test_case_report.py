"""The 个案分析报告 as a service (issue #10 item 5): built from the case as the one access rule lets
the actor read it — per record: the assigned and the shared counselor and the lead may; a counselor
neither assigned nor shared, the principal and the admin are refused, and the refusal is audited.
Only signed notes are in it, each with its addenda; saving it names a student, so it needs a reason,
and the row keeps the file's SHA-256 — and never the student's name (the audit log is in the
school store, which the principal and the admin read)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.cases import cases
from counselroom.services.printing import print_jobs, printouts
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.reports.pdf_checks import page_texts
from tests.services.case_data import ADDENDUM, DRAFT, case_for_report
from tests.services.case_people import per_record_people

WHO = ("assigned", "shared", "neither", "lead", "principal", "admin")
MAY = {"assigned", "shared", "lead"}


def _text(pdf: bytes) -> str:
    return "".join(page_texts(pdf))


def _rows(session: Session, after: int) -> list[tuple[str, str, str, str, str]]:
    found = session.db.conn.execute(
        "SELECT action, object_type, object_id, reason, detail FROM audit_log WHERE seq > ? ORDER BY seq", (after,)
    ).fetchall()
    return [tuple(str(v) for v in row) for row in found]  # type: ignore[misc]


def _last_seq(session: Session) -> int:
    return int(session.db.conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0])


@pytest.fixture
def case_id(sessions: dict[Role, Session], tmp_path: Path) -> int:
    return case_for_report(sessions, tmp_path)


@pytest.fixture
def people(school: SchoolFixture, sessions: dict[Role, Session], case_id: int) -> Iterator[dict[str, Session]]:
    """The role matrix's per-record rows for this case."""
    with per_record_people(school, sessions, case_id) as people:
        yield people


def test_the_report_holds_the_signed_notes_with_their_addenda_and_no_draft(
    sessions: dict[Role, Session], case_id: int
) -> None:
    c = sessions[Role.COUNSELOR]
    job = print_jobs.case_report_job(c.db, c.actor, case_id, now=FIXED_NOW)
    assert (job.title, job.object_type, job.object_id, job.names_students) == (
        f"个案分析报告 个案{case_id}",
        "case",
        str(case_id),
        True,
    )
    text = _text(job.pdf)
    for expected in (
        "个案分析报告",
        "张晓明",
        "考试前失眠，上课注意力不集中",  # the case's reason
        "学业、情绪",
        "王老师",
        "本次主题：考试焦虑",
        "辅导过程：谈了最近的睡眠和学习安排，练习腹式呼吸",
        ADDENDUM,
        "危机评估",
        "已会签",
        "风险等级：低",
        "帮扶目标：规律作息，考试前后情绪平稳",
        "效果：入睡时间提前了约半小时",
        "知情同意书.png",
        "辅导记录（已签名，共 2 条）",
        "保密材料 · 仅供个案研讨与专家会诊使用",
        "第 1 页 共",
    ):
        assert expected in text, expected
    assert DRAFT["topic"] not in text and DRAFT["process"] not in text, "a draft is never printed"


def test_building_it_is_audited_as_reading_the_case_and_its_notes(sessions: dict[Role, Session], case_id: int) -> None:
    lead = sessions[Role.LEAD]
    before = _last_seq(lead)
    print_jobs.case_report_job(lead.db, lead.actor, case_id, now=FIXED_NOW)
    actions = [(action, object_type, object_id) for action, object_type, object_id, _r, _d in _rows(lead, before)]
    assert actions == [("case_opened", "case", str(case_id)), ("note_opened", "case", str(case_id))]


@pytest.mark.parametrize("who", WHO)
def test_who_may_build_it_is_the_one_access_rule(people: dict[str, Session], case_id: int, who: str) -> None:
    session = people[who]
    before = _last_seq(session)
    if who in MAY:
        job = print_jobs.case_report_job(session.db, session.actor, case_id, now=FIXED_NOW)
        assert "张晓明" in _text(job.pdf) and ADDENDUM in _text(job.pdf)
        assert "access_denied" not in [row[0] for row in _rows(session, before)]
    else:
        with pytest.raises(AccessDenied):
            print_jobs.case_report_job(session.db, session.actor, case_id, now=FIXED_NOW)
        rows = _rows(session, before)
        assert [(r[0], r[1], r[2]) for r in rows] == [("access_denied", "case", str(case_id))], (
            "one audited refusal, and no read"
        )


@pytest.mark.parametrize("who", ["neither", "principal", "admin"])
def test_the_refused_cannot_save_it_either(people: dict[str, Session], case_id: int, who: str, tmp_path: Path) -> None:
    session = people[who]
    target = tmp_path / "报告.pdf"
    with pytest.raises(AccessDenied):
        printouts.save_case_report_pdf(session.db, session.actor, case_id, target, reason="会诊", now=FIXED_NOW)
    assert not target.exists()


def test_a_missing_case_reads_as_a_forbidden_one(sessions: dict[Role, Session], case_id: int) -> None:
    c = sessions[Role.COUNSELOR]
    with pytest.raises(AccessDenied) as missing:
        print_jobs.case_report_job(c.db, c.actor, case_id + 100, now=FIXED_NOW)
    assert str(missing.value) == cases.NO_ACCESS


def test_saving_it_needs_a_reason_and_the_row_keeps_the_digest_not_the_name(
    sessions: dict[Role, Session], case_id: int, tmp_path: Path
) -> None:
    c = sessions[Role.COUNSELOR]
    folder = tmp_path / "导出"
    folder.mkdir()
    target = folder / "个案分析报告.pdf"
    before = _last_seq(c)
    with pytest.raises(ValidationError) as caught:
        printouts.save_case_report_pdf(c.db, c.actor, case_id, target, reason="  ", now=FIXED_NOW)
    assert caught.value.field == "原因" and "学生姓名" in str(caught.value)
    assert list(folder.iterdir()) == []
    assert [r[0] for r in _rows(c, before)] == ["case_opened", "note_opened"], "built, not saved"
    seq = _last_seq(c)
    saved = printouts.save_case_report_pdf(c.db, c.actor, case_id, target, reason=" 下周三专家会诊材料 ", now=FIXED_NOW)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    assert saved.sha256 == digest and saved.path == target
    action, object_type, object_id, reason, detail = _rows(c, seq)[-1]
    assert (action, object_type, object_id) == ("exported", "case", str(case_id))
    assert reason == f"个案分析报告 个案{case_id}：下周三专家会诊材料"
    assert detail.startswith("编号 ") and detail.partition("，")[2] == f"SHA-256 {digest} → {target}"
    assert all("张晓明" not in "".join(row) for row in _rows(c, 0)), "no student's name in the school store's log"
    assert "张晓明" in _text(target.read_bytes())
    assert [p.name for p in folder.iterdir()] == ["个案分析报告.pdf"]


def test_printing_it_is_audited_with_its_digest(sessions: dict[Role, Session], case_id: int) -> None:
    lead = sessions[Role.LEAD]
    job = print_jobs.case_report_job(lead.db, lead.actor, case_id, now=FIXED_NOW)
    seq = _last_seq(lead)
    printouts.record_printed(lead.db, lead.actor, job, now=FIXED_NOW)
    assert _rows(lead, seq) == [("printed", "case", str(case_id), job.title, f"SHA-256 {job.sha256}")]


def test_a_closed_case_prints_its_summary(sessions: dict[Role, Session], case_id: int) -> None:
    c = sessions[Role.COUNSELOR]
    cases.close_case(c.db, c.actor, case_id, summary="睡眠明显改善，已恢复正常学习；转为常规关注", now=FIXED_NOW)
    text = _text(print_jobs.case_report_job(c.db, c.actor, case_id, now=FIXED_NOW).pdf)
    assert "已结案" in text and "结案小结：睡眠明显改善，已恢复正常学习" in text
