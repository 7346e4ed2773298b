"""The printed forms of the referral and crisis workflows (issue #11 item 6): A4, the school's name in
the header, who printed it and when as a watermark, the 保密 line and 第 x 页 共 y 页 on every page;
a title and object id of numbers only (they go into the school store's audit log, which the principal
reads); built only by who may read the record — the principal and the admin are refused, audited;
printing and saving audited with the digest; and each form's own content."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.cases import cases
from counselroom.services.crisis import incidents
from counselroom.services.printing import print_jobs, printouts
from counselroom.services.referrals import referral_views
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.reports.pdf_checks import page_sizes_mm, page_texts, reader
from tests.services.case_people import per_record_people
from tests.services.crisis_data import CANARIES
from tests.services.form_data import DISCLOSED, FORMS, RETURNING_STUDENT, a_return, referral_with_case_content
from tests.services.leave_data import ASSESSMENT
from tests.services.referral_data import HOSPITAL, REASON

NAMES = ("张晓明", "王子轩", "李雨涵")
WATERMARK = "打印人王老师（心理教师）2025-10-1309:30"


def _flat(pdf: bytes) -> str:
    return "".join("".join(page_texts(pdf)).split())


def _rows(session: Session, after: int) -> list[tuple[str, ...]]:
    found = session.db.conn.execute(
        "SELECT action, object_type, object_id, reason, detail FROM audit_log WHERE seq > ? ORDER BY seq", (after,)
    ).fetchall()
    return [tuple(str(v) for v in row) for row in found]


def _last_seq(session: Session) -> int:
    return int(session.db.conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0])


@pytest.mark.parametrize("form", list(FORMS))
def test_each_form_is_a4_with_header_watermark_footer_and_page_numbers(
    sessions: dict[Role, Session], form: str
) -> None:
    make, build = FORMS[form]
    job = build(sessions[Role.COUNSELOR], make(sessions))
    sizes = page_sizes_mm(job.pdf)
    assert sizes and all(size == (210, 297) for size in sizes)
    total = len(sizes)
    for number, page in enumerate(page_texts(job.pdf), start=1):
        flat = "".join(page.split())
        assert "【保密】测试中学·" in flat, "the school's name in the header"
        assert WATERMARK in flat, "who printed it and when, on every page"
        assert "保密材料" in flat
        assert f"第{number}页共{total}页" in flat
    assert job.names_students


@pytest.mark.parametrize("form", list(FORMS))
def test_title_object_id_and_metadata_name_no_student(sessions: dict[Role, Session], form: str) -> None:
    make, build = FORMS[form]
    record_id = make(sessions)
    job = build(sessions[Role.COUNSELOR], record_id)
    assert job.object_id == str(record_id) and str(record_id) in job.title
    metadata = reader(job.pdf).metadata or {}
    for text in (job.title, job.object_id, job.object_type, *(str(v) for v in metadata.values())):
        assert not any(name in text for name in NAMES), text
    assert any(name in _flat(job.pdf) for name in NAMES), "the document itself names the student"


@pytest.mark.parametrize("role", [Role.PRINCIPAL, Role.ADMIN])
@pytest.mark.parametrize("form", list(FORMS))
def test_the_principal_and_the_admin_are_refused_and_the_refusal_is_audited(
    sessions: dict[Role, Session], form: str, role: Role, tmp_path: Path
) -> None:
    make, build = FORMS[form]
    record_id = make(sessions)
    session = sessions[role]
    before = _last_seq(session)
    with pytest.raises(AccessDenied):
        build(session, record_id)
    assert [r[0] for r in _rows(session, before)] == ["access_denied"]


@pytest.fixture
def referral_people(school: SchoolFixture, sessions: dict[Role, Session]) -> Iterator[tuple[dict[str, Session], int]]:
    rid = referral_with_case_content(sessions)
    case_id = referral_views.get_referral(sessions[Role.LEAD].db, sessions[Role.LEAD].actor, rid, now=FIXED_NOW)
    assert case_id.summary.case_id is not None
    with per_record_people(school, sessions, case_id.summary.case_id) as people:
        yield people, rid


@pytest.mark.parametrize("who", ["assigned", "shared", "neither", "lead", "principal", "admin"])
def test_the_referral_forms_follow_the_referrals_access_rule(
    referral_people: tuple[dict[str, Session], int], who: str
) -> None:
    people, rid = referral_people
    session = people[who]
    for build in (print_jobs.referral_slip_job, print_jobs.guardian_consent_job):
        if who in ("assigned", "shared", "lead"):
            assert "张晓明" in _flat(build(session.db, session.actor, rid, now=FIXED_NOW).pdf)
        else:
            with pytest.raises(AccessDenied):
                build(session.db, session.actor, rid, now=FIXED_NOW)


@pytest.fixture
def return_people(school: SchoolFixture, sessions: dict[Role, Session]) -> Iterator[tuple[dict[str, Session], int]]:
    return_id = a_return(sessions)
    lead = sessions[Role.LEAD]
    case_id = max(c.id for c in cases.my_cases(lead.db, lead.actor, now=FIXED_NOW) if c.student_id == RETURNING_STUDENT)
    with per_record_people(school, sessions, case_id) as people:
        yield people, return_id


@pytest.mark.parametrize("who", ["assigned", "shared", "neither", "lead", "principal", "admin"])
def test_the_return_form_follows_the_assessments_case_access_rule(
    return_people: tuple[dict[str, Session], int], who: str
) -> None:
    """Any care account reads the leave; the 复学评估 note only who may read its case."""
    people, return_id = return_people
    session = people[who]
    if who in ("assigned", "shared", "lead"):
        job = print_jobs.return_assessment_job(session.db, session.actor, return_id, now=FIXED_NOW)
        assert ASSESSMENT["current"] in _flat(job.pdf)
    else:
        with pytest.raises(AccessDenied):
            print_jobs.return_assessment_job(session.db, session.actor, return_id, now=FIXED_NOW)


def test_saving_a_form_needs_a_reason_and_is_audited_with_its_digest(
    sessions: dict[Role, Session], tmp_path: Path
) -> None:
    make, _build = FORMS["危机事件处置记录"]
    incident_id = make(sessions)
    c = sessions[Role.COUNSELOR]
    target = tmp_path / "危机事件处置记录.pdf"
    with pytest.raises(ValidationError) as caught:
        printouts.save_incident_record_pdf(c.db, c.actor, incident_id, target, reason=" ", now=FIXED_NOW)
    assert caught.value.field == "原因" and not target.exists()
    seq = _last_seq(c)
    saved = printouts.save_incident_record_pdf(c.db, c.actor, incident_id, target, reason="存档", now=FIXED_NOW)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    assert saved.sha256 == digest
    rows = _rows(c, seq)
    assert rows[0][:3] == ("incident_opened", "incident", str(incident_id)), "the read is audited too"
    assert rows[-1][:4] == ("exported", "incident", str(incident_id), f"危机事件处置记录 事件{incident_id}：存档")
    assert rows[-1][4].startswith("编号 ") and rows[-1][4].partition("，")[2] == f"SHA-256 {digest} → {target}"
    assert all(name not in "".join(row) for row in _rows(c, 0) for name in NAMES)


@pytest.mark.parametrize(
    ("form", "save"),
    [
        ("转介单", printouts.save_referral_slip_pdf),
        ("家长告知书", printouts.save_guardian_consent_pdf),
        ("复学评估表", printouts.save_return_assessment_pdf),
        ("保密例外告知单", printouts.save_confidentiality_notice_pdf),
    ],
)
def test_every_form_can_be_saved_with_a_reason(
    sessions: dict[Role, Session], form: str, save: object, tmp_path: Path
) -> None:
    make, _build = FORMS[form]
    record_id = make(sessions)
    c = sessions[Role.COUNSELOR]
    target = tmp_path / f"{form}.pdf"
    saved = save(c.db, c.actor, record_id, target, reason="交家长", now=FIXED_NOW)  # type: ignore[operator]
    assert saved.path == target and target.read_bytes().startswith(b"%PDF")
    assert _rows(c, _last_seq(c) - 1)[-1][0] == "exported"


def test_printing_a_form_is_audited_with_its_digest(sessions: dict[Role, Session]) -> None:
    make, build = FORMS["转介单"]
    rid = make(sessions)
    c = sessions[Role.COUNSELOR]
    job = build(c, rid)
    seq = _last_seq(c)
    printouts.record_printed(c.db, c.actor, job, now=FIXED_NOW)
    assert _rows(c, seq) == [("printed", "referral", str(rid), f"转介单 转介{rid}", f"SHA-256 {job.sha256}")]


# -- each form's content ------------------------------------------------------------------------------


def test_the_guardian_letter_explains_offers_the_hospital_and_asks_for_a_choice(
    sessions: dict[Role, Session],
) -> None:
    make, build = FORMS["家长告知书"]  # a referral just suggested: no partner chosen yet
    text = _flat(build(sessions[Role.COUNSELOR], make(sessions)).pdf)
    for expected in (
        "尊敬的张晓明同学家长", REASON, "不是诊断", "学校的定点合作医院", HOSPITAL.name, "绿色通道联系人",
        HOSPITAL.green_channel_phone, "最少信息", "不提供心理辅导谈话的内容", "知情同意书", "同意", "不同意",
        "监护人（签名）", "日期", "王老师",
    ):  # fmt: skip
        assert "".join(expected.split()) in text, expected
    assert "红色" not in text and "预警" not in text


def test_the_return_form_holds_the_assessment_documents_and_check_ins(sessions: dict[Role, Session]) -> None:
    make, build = FORMS["复学评估表"]
    text = _flat(build(sessions[Role.COUNSELOR], make(sessions)).pdf)
    for expected in (
        "王子轩", "心理健康原因", "2025年3月3日", "2025年9月15日", "评估意见：建议复学并重点关注",
        ASSESSMENT["plan"], "家长复学申请（应交）", "已收到", "待补：医院复学证明", "2025-09-22", "2025-09-29",
        "2025-10-13", "评估教师（签名）", "监护人（签名）", "分管校领导（签名）",
    ):  # fmt: skip
        assert "".join(expected.split()) in text, expected


def test_the_incident_record_holds_the_time_line_team_after_care_and_co_signature(
    sessions: dict[Role, Session],
) -> None:
    make, build = FORMS["危机事件处置记录"]
    incident_id = make(sessions)
    c = sessions[Role.COUNSELOR]
    text = _flat(build(c, incident_id).pdf)
    for expected in (
        "自伤", "高风险", "张晓明（初一（1）班）", CANARIES["summary"], "发现报告", "通知班主任",
        "2025-10-1307:40班主任周老师", "通知家长", CANARIES["whom"], "通知分管校领导", "陪护", CANARIES["detail"],
        "事后安抚疏导（共2人）", "李雨涵", CANARIES["reason"], "周老师", "2025-10-14未完成", "未会签",
        "处置负责人（签名）", "心理中心负责人（会签）（签名）",
    ):  # fmt: skip
        assert "".join(expected.split()) in text, expected
    incidents.set_risk_level(c.db, c.actor, incident_id, "低", reason="情绪平稳", now=FIXED_NOW)
    assert "低风险" in _flat(build(c, incident_id).pdf)


def test_the_confidentiality_notice_holds_only_the_needed_fields(sessions: dict[Role, Session]) -> None:
    make, build = FORMS["保密例外告知单"]
    text = _flat(build(sessions[Role.COUNSELOR], make(sessions)).pdf)
    for expected in (
        "张晓明", "初一（1）班", "生命安全风险", "生命安全的风险", "母亲李某", "班主任周老师", DISCLOSED,
        "2025-10-1309:30", "王老师", "告知对象母亲李某（签名）",
    ):  # fmt: skip
        assert "".join(expected.split()) in text, expected
    for never in (CANARIES["reason"], CANARIES["summary"], CANARIES["place"]):
        assert never not in text, "the justification and the incident stay in the record"
