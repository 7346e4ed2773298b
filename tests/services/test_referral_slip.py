"""The printed 转介单 (issue #11 item 6 acceptance): it carries only the fields the partner needs —
each listed field is on the paper, and what the case holds besides (a signed note, the warning
level and its reason, other students) is not — and `pdffonts` shows every font embedded."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

import pytest

from counselroom.domain.errors import ValidationError
from counselroom.domain.referrals.referral_rules import ReferralState
from counselroom.domain.roles import Role
from counselroom.reports.referral_slip import REFERRAL_SLIP_FIELDS, ReferralSlipData
from counselroom.services.accounts.session import Session
from counselroom.services.printing import print_jobs
from tests.conftest import FIXED_NOW
from tests.reports.pdf_checks import page_texts, unembedded
from tests.services.case_data import SIGNED
from tests.services.form_data import FORMS, WARNING_REASON, referral_with_case_content
from tests.services.referral_data import HOSPITAL, REASON


def _flat(pdf: bytes) -> str:
    """The text of every page without white space (a wrapped line is one string again)."""
    return "".join("".join(page_texts(pdf)).split())


def _has(text: str, expected: str) -> bool:
    return "".join(expected.split()) in text


# The value printed beside each field for the test referral: every field is filled in.
EXPECTED = {
    "学校名称": "测试中学",
    "学生姓名": "张晓明",
    "性别": "男",
    "年龄": "13 岁",
    "年级班级": "初一（1）班",
    "转介原因": REASON,
    "随转介提供的材料": "转介单、在校表现摘要",
    "家长知情同意": "母亲已知情并同意（书面告知书，已签知情同意书）",
    "同意日期": "2025年10月13日 周一",
    "转介教师": "王老师",
    "学校联系方式": "心理辅导室",
    "接收机构": HOSPITAL.name,
    "绿色通道联系人": f"{HOSPITAL.green_channel_name} {HOSPITAL.green_channel_phone}",
}
# What the case and the care record hold besides, which must stay in the room.
NEVER = (
    SIGNED["process"],  # a signed case note
    SIGNED["topic"],
    WARNING_REASON,  # the warning list's reason …
    "预警",  # … and its level
    "红色",
    "风险",
    "李雨涵",  # another student of the class
    "考试前失眠，上课注意力不集中",  # the case's own reason (internal)
    "留守",  # family situation
    "2025101001",  # 学号
    "2012-03-05",  # the birth date (the age is enough)
    HOSPITAL.notes,  # the partner's internal notes
)


def test_the_field_list_is_the_slip_data_and_nothing_else() -> None:
    """Adding a field to the slip is a privacy decision: it must be added to the list too."""
    names = [f.name for f in dataclasses.fields(ReferralSlipData)]
    assert names == [
        "printed", "referral_id", "student_name", "gender", "age", "class_name", "reason", "sent_items", "consent",
        "consent_on", "counselor", "school_contact", "partner_name", "green_channel",
    ]  # fmt: skip
    assert list(EXPECTED) == list(REFERRAL_SLIP_FIELDS)


def test_the_slip_carries_each_listed_field_and_nothing_of_the_case(sessions: dict[Role, Session]) -> None:
    rid = referral_with_case_content(sessions)
    c = sessions[Role.COUNSELOR]
    text = _flat(print_jobs.referral_slip_job(c.db, c.actor, rid, now=FIXED_NOW).pdf)
    for label in REFERRAL_SLIP_FIELDS:
        assert _has(text, label), f"field label missing: {label}"
        assert _has(text, EXPECTED[label]), f"value of {label} missing: {EXPECTED[label]}"
    for secret in NEVER:
        assert not _has(text, secret), f"must not be on the 转介单: {secret}"


def test_no_slip_leaves_before_the_guardian_has_consented(sessions: dict[Role, Session]) -> None:
    c = sessions[Role.COUNSELOR]
    for state in (ReferralState.SUGGESTED, ReferralState.REFUSED):
        rid = referral_with_case_content(sessions, state)
        with pytest.raises(ValidationError) as refused:
            print_jobs.referral_slip_job(c.db, c.actor, rid, now=FIXED_NOW)
        assert "家长尚未同意" in str(refused.value)


def test_before_the_referral_is_made_the_partner_is_a_line_to_fill_in(sessions: dict[Role, Session]) -> None:
    rid = referral_with_case_content(sessions, ReferralState.CONSENTED)
    c = sessions[Role.COUNSELOR]
    text = _flat(print_jobs.referral_slip_job(c.db, c.actor, rid, now=FIXED_NOW).pdf)
    assert _has(text, "接收机构＿＿＿＿") and not _has(text, HOSPITAL.name)


def _pdffonts(path: Path) -> list[tuple[str, str]]:
    """(font name, emb) for each font pdffonts lists."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    header = out[0]
    emb_at = header.index("emb")
    return [(line.split()[0], line[emb_at : emb_at + 3].strip()) for line in out[2:] if line.strip()]


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts (poppler-utils) is not installed")
@pytest.mark.parametrize("form", list(FORMS))
def test_pdffonts_shows_every_font_embedded(sessions: dict[Role, Session], form: str, tmp_path: Path) -> None:
    make, build = FORMS[form]
    job = build(sessions[Role.COUNSELOR], make(sessions))
    target = tmp_path / "form.pdf"
    target.write_bytes(job.pdf)
    found = _pdffonts(target)
    assert found, "pdffonts lists the fonts the document uses"
    assert all(emb == "yes" for _name, emb in found), found
    assert unembedded(job.pdf) == []
