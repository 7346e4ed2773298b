"""The 保密例外告知单 (SECURITY.md 13): handed to each person told under a confidentiality exception —
who the student is, why confidentiality gives way (the category's fixed basis), what is disclosed,
when and by whom — with a line for each recipient to sign for it.

Only the fields of services.crisis.confidentiality.ExceptionNotice reach it: never the
justification written for the file, the case or incident content, or a diagnosis.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from reportlab.platypus import Flowable

from counselroom.reports.form_parts import (
    Printed,
    build_form,
    facts_table,
    field,
    heading,
    para,
    signature_lines,
    title_block,
)

TITLE = "保密例外告知单"
FOOTER = "保密材料 · 仅限告知对象本人知悉，请勿转告无关人员"
USE_ONLY = "以上信息仅用于保护学生的安全与权益，请勿向无关人员转告；如有疑问，请与告知人联系。"


@dataclass(frozen=True)
class ConfidentialityNoticeData:
    printed: Printed
    exception_id: int
    notice_no: str  # 保密例外第 3 号
    student_name: str
    class_name: str
    category: str
    basis: str
    recipients: tuple[str, ...]  # 母亲 李某
    disclosed: str
    disclosed_at: str  # 2025-10-13 09:30
    counselor: str


def build_confidentiality_notice(data: ConfidentialityNoticeData) -> bytes:
    story: list[Flowable] = title_block(data.printed, TITLE, f"（{data.notice_no}）")
    story += [
        facts_table(
            [
                ("学生姓名", data.student_name, "班级", data.class_name),
                ("例外类别", data.category, "告知时间", data.disclosed_at),
                ("告知对象", "、".join(data.recipients), "", ""),
                ("告知人", data.counselor, "", ""),
            ]
        ),
        heading("告知依据"),
        para(escape(data.basis), indent=True),
        heading("告知内容"),
        field("告知内容", data.disclosed),
        para(escape(USE_ONLY), indent=True),
        heading("签收"),
        signature_lines(["告知人", *(f"告知对象 {r}" for r in data.recipients)]),
    ]
    return build_form(story, printed=data.printed, title=TITLE, number=f"第 {data.exception_id} 号", footer=FOOTER)
