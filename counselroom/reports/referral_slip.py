"""The 转介单 given to the hospital or agency a student is referred to (S001 适时转介; S003 item 24:
定点合作, 绿色通道), with a 回执 for the partner's feedback at the foot.

Least exposure by construction (SECURITY.md 31; PIPL 最小必要): the slip leaves the room, so
`ReferralSlipData` holds only what the partner needs to see the student — REFERRAL_SLIP_FIELDS,
which a test checks one by one against the printed text. It has no field for case notes, warning
or risk levels, screening scores, other students or the history of the referral: a caller cannot
leak what the type cannot hold. The reason is printed as the counselor wrote it for the partner:
what was observed, never a diagnosis.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from counselroom.reports.form_parts import (
    BLANK,
    GRID,
    TEXT_WIDTH,
    Printed,
    build_form,
    cut_line,
    facts_table,
    field,
    heading,
    quiet,
    signature_lines,
    title_block,
)
from counselroom.reports.pdf_fonts import style
from counselroom.reports.pdf_pages import plain, table_style

TITLE = "学生心理转介单"
FOOTER = "保密材料 · 仅供接收机构接诊使用，请勿转给无关人员"
# Every field the slip prints, by its printed label — and nothing else about the student.
REFERRAL_SLIP_FIELDS = (
    "学校名称",
    "学生姓名",
    "性别",
    "年龄",
    "年级班级",
    "转介原因",
    "随转介提供的材料",
    "家长知情同意",
    "同意日期",
    "转介教师",
    "学校联系方式",
    "接收机构",
    "绿色通道联系人",
)
FEEDBACK_ASK = "请只填写与在校支持有关的建议（如作息、课业安排、陪伴、复诊时间），不必填写诊断。"


@dataclass(frozen=True)
class ReferralSlipData:
    """Everything the slip may show. Adding a field here is a privacy decision — see the module doc."""

    printed: Printed
    referral_id: int
    student_name: str
    gender: str  # "" when not recorded
    age: str  # 13 岁, "" without a birth date
    class_name: str  # 初一（1）班
    reason: str  # as written for the partner
    sent_items: tuple[str, ...]  # 转介单, 在校表现摘要 … ; () before the referral is made
    consent: str  # 母亲已知情并同意（书面告知书，已签知情同意书）
    consent_on: str  # 2025年10月13日 周一
    counselor: str  # 转介教师
    school_contact: str  # the room's location and its own phone / 微信
    partner_name: str  # "" before the partner is chosen: a line to fill in
    green_channel: str  # 李医生 0791-88330120, "" when the partner has none


def build_referral_slip(data: ReferralSlipData) -> bytes:
    number = f"转介编号 {data.referral_id}"
    story: list[Flowable] = title_block(data.printed, TITLE, f"（{number}）")
    story += [
        heading("一、学生基本信息"),
        facts_table(
            [
                ("学校名称", data.printed.school_name, "", ""),
                ("学生姓名", data.student_name, "性别", data.gender),
                ("年龄", data.age, "年级班级", data.class_name),
            ]
        ),
        heading("二、转介原因"),
        field("转介原因", data.reason),
        heading("三、家长知情同意"),
        facts_table([("家长知情同意", data.consent, "同意日期", data.consent_on)]),
        heading("四、随转介提供的材料"),
        field("随转介提供的材料", "、".join(data.sent_items) or BLANK),
        heading("五、转介与接收"),
        facts_table(
            [
                ("转介教师", data.counselor, "", ""),
                ("学校联系方式", data.school_contact, "", ""),
                ("接收机构", data.partner_name or BLANK, "", ""),
                ("绿色通道联系人", data.green_channel or "—", "", ""),
            ]
        ),
        Spacer(1, 3 * mm),
        signature_lines(["转介教师"]),
        cut_line(),
        heading("接收机构回执（请填写后交回学校心理辅导室）"),
        quiet(FEEDBACK_ASK),
        _feedback_box(),
        signature_lines(["接诊医生"]),
    ]
    return build_form(story, printed=data.printed, title="转介单", number=number, footer=FOOTER)


def _feedback_box() -> Table:
    cell = style("rs-box", 10, colour="#333333")
    rows = [[plain(label, cell), ""] for label in ("接诊日期", "在校支持建议", "复诊安排")]
    table = Table(rows, colWidths=[28 * mm, TEXT_WIDTH - 28 * mm], rowHeights=[9 * mm, 30 * mm, 12 * mm])
    table.setStyle(table_style(("GRID", (0, 0), (-1, -1), 0.5, GRID), ("VALIGN", (0, 0), (-1, -1), "TOP")))
    return table
