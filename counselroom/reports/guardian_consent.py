"""The 家长告知书 with its 知情同意书 (S004: 必要时可在家长的配合下转介; S001 适时转介): the letter
that tells the guardian why the school advises a referral and where to, and a part to sign and
return — 同意 or 不同意 — that the counselor records (记录家长同意 / 记录家长拒绝) and keeps as a scan.

The letter says what was observed in general terms and that it is advice, not a diagnosis; names
the partner (with the 绿色通道 contact of a 定点合作 hospital) or, before one is chosen, the
school's 定点合作 hospitals; and promises the minimum: the hospital gets only what the referral
needs, never the counseling notes. It holds nothing else of the case — no level, no score.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

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
    lines,
    para,
    signature_lines,
    title_block,
)
from counselroom.reports.pdf_fonts import style
from counselroom.reports.pdf_pages import long_date, table_style

TITLE = "家长告知书"
CONSENT_TITLE = "知情同意书"
FOOTER = "保密材料 · 仅供学生家长（监护人）阅读"
NOT_A_DIAGNOSIS = "这是学校心理老师的建议，不是诊断；是否存在需要治疗的问题，只能由专业医生判断。"
MINIMUM = (
    "关于孩子的信息：学校只向接收机构提供转介所必需的最少信息——孩子的姓名、性别、年龄和班级，"
    "转介原因，以及您同意提供的必要材料；不提供心理辅导谈话的内容。就诊结果由您决定是否告知学校，"
    "学校只记录与在校支持有关的建议，并严格保密。"
)
AGREE = "同意　学校为孩子办理转介，并按上述“最少信息”向接收机构提供必要信息。"
BOX = '<font size="14">□</font>'  # a box to tick, large enough to tick by hand
DISAGREE = "不同意　转介。我了解学校将继续在校内关心和辅导孩子，如有需要可随时与心理老师联系。"


@dataclass(frozen=True)
class PartnerLine:
    name: str
    designated: bool  # 定点合作
    green_channel: str  # 李医生 0791-88330120, "" when none
    address: str


@dataclass(frozen=True)
class GuardianConsentData:
    printed: Printed
    referral_id: int
    student_name: str
    class_name: str
    observed: str  # the referral's reason: what was seen, never a diagnosis
    partners: tuple[PartnerLine, ...]  # the chosen one, or the school's 定点合作 hospitals; () → blank
    partner_chosen: bool
    counselor: str
    school_contact: str


def build_guardian_consent(data: GuardianConsentData) -> bytes:
    number = f"转介编号 {data.referral_id}"
    name = escape(data.student_name)
    story: list[Flowable] = title_block(data.printed, TITLE, "（关于建议到专业机构进一步评估的告知）")
    story += [
        para(f"尊敬的{name}同学家长："),
        para(f"您好！{name}同学（{escape(data.class_name)}）近期在校期间，老师们观察到以下情况：", indent=True),
        _observed_box(data.observed),
        para(
            "为了孩子的身心健康，学校心理辅导室建议您带孩子到专业机构做进一步的评估和帮助。" + escape(NOT_A_DIAGNOSIS),
            indent=True,
        ),
        heading("建议就诊机构" if data.partner_chosen or not data.partners else "学校的定点合作医院（可任选）"),
        *_partners(data.partners),
        para(escape(MINIMUM), indent=True),
        para(
            f"如有疑问，请联系心理老师 {escape(data.counselor)}（{escape(data.school_contact)}）。"
            "请您阅读后填写下方的知情同意书，交回心理老师。",
            indent=True,
        ),
        _sender(data),
        cut_line("请沿此线剪下，填写后交回心理老师"),
        *title_block(data.printed, CONSENT_TITLE),
        facts_table(
            [("学生姓名", data.student_name, "班级", data.class_name), ("转介编号", str(data.referral_id), "", "")]
        ),
        Spacer(1, 2 * mm),
        para(
            "本人已阅读《家长告知书》，了解学校建议转介的原因、建议的就诊机构，以及学校只提供必要的最少信息。本人的选择是（请在方框内打“√”）："
        ),
        para(f"{BOX} {escape(AGREE)}"),
        para(f"{BOX} {escape(DISAGREE)}"),
        signature_lines(["监护人"]),
        facts_table([("与学生关系", " ", "联系电话", " ")]),
    ]
    return build_form(story, printed=data.printed, title=TITLE, number=number, footer=FOOTER)


def _observed_box(text: str) -> Table:
    box = Table([[_observed_text(text)]], colWidths=[TEXT_WIDTH - 8 * mm])
    box.setStyle(table_style(("BOX", (0, 0), (-1, -1), 0.5, GRID), ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm)))
    box.hAlign = "CENTER"
    box.spaceAfter = 2 * mm
    return box


def _observed_text(text: str) -> Paragraph:
    return Paragraph(lines(text), style("gc-observed", 10.5, leading=16))


def _partners(partners: tuple[PartnerLine, ...]) -> list[Flowable]:
    if not partners:
        return [field("机构名称", BLANK), field("联系方式", BLANK)]
    found: list[Flowable] = []
    for p in partners:
        mark = "（定点合作）" if p.designated else ""
        found.append(field("机构名称", p.name + mark))
        if p.green_channel:
            found.append(field("绿色通道联系人", p.green_channel))
        if p.address:
            found.append(field("地址", p.address))
    return found


def _sender(data: GuardianConsentData) -> Flowable:
    text = f"{escape(data.printed.school_name)} 心理辅导室<br/>{long_date(data.printed.at.date())}"
    return Paragraph(text, style("gc-sender", 10.5, align=TA_RIGHT, space_after=4 * mm))
