"""The 复学评估表 for the student's file (S001: 健全精神或心理健康问题学生的休、复学机制): the leave
and the return, the signed 复学评估 with its fields in the template's order, the documents received
and those still 待补, the first-month check-in plan, and lines for the signatures the school
collects on paper (评估教师, 班主任, 监护人, 分管校领导).

Only a signed assessment reaches this module (services/printing/return_print_data.py reads it
through the note service, which applies the case access rule and audits the read); without one the
form says so and leaves the section to be filled in.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from counselroom.reports.form_parts import (
    Printed,
    build_form,
    facts_table,
    field,
    grid_table,
    heading,
    quiet,
    signature_lines,
    title_block,
)

TITLE = "复学评估表"
FOOTER = "保密材料 · 存入学生心理档案，不得外传"
NO_ASSESSMENT = "本次复学未关联复学评估记录（非心理健康原因休学时可不作评估）。"


@dataclass(frozen=True)
class AssessmentPart:
    held_on: str  # 2025年9月10日 周三
    author: str
    signed: str  # 王老师 2025-09-10 16:00
    fields: tuple[tuple[str, str], ...]  # (label, value) in the template's order, empty ones left out


@dataclass(frozen=True)
class DocumentPart:
    kind: str
    received_on: str  # "" when not received
    issuer: str
    expected: bool


@dataclass(frozen=True)
class CheckinPart:
    due_on: str
    done_on: str  # "" while open
    note: str


@dataclass(frozen=True)
class ReturnAssessmentData:
    printed: Printed
    return_id: int
    student_name: str
    gender: str
    class_name: str
    leave_reason_kind: str  # 心理健康原因 …
    left_on: str
    expected_return: str
    returned_on: str
    counselor: str  # who follows the return
    assessment: AssessmentPart | None
    documents: tuple[DocumentPart, ...]
    missing: tuple[str, ...]  # 待补
    checkins: tuple[CheckinPart, ...]


def build_return_assessment(data: ReturnAssessmentData) -> bytes:
    number = f"复学编号 {data.return_id}"
    story: list[Flowable] = title_block(data.printed, TITLE, f"（{number}）")
    story += [
        heading("一、学生与休学情况"),
        facts_table(
            [
                ("学生姓名", data.student_name, "性别", data.gender),
                ("班级", data.class_name, "休学原因类别", data.leave_reason_kind),
                ("休学日期", data.left_on, "预计复学", data.expected_return),
                ("复学日期", data.returned_on, "负责随访", data.counselor),
            ]
        ),
        heading("二、复学评估"),
        *_assessment(data.assessment),
        heading("三、复学材料"),
        _documents(data.documents),
        quiet(f"待补：{'、'.join(data.missing)}" if data.missing else "应交材料均已收到。"),
        heading("四、首月随访计划"),
        _checkins(data.checkins),
        heading("五、签字"),
        signature_lines(["评估教师", "班主任", "监护人", "分管校领导"]),
    ]
    return build_form(story, printed=data.printed, title=TITLE, number=number, footer=FOOTER)


def _assessment(part: AssessmentPart | None) -> list[Flowable]:
    if part is None:
        return [quiet(NO_ASSESSMENT), field("评估意见", "")]
    found: list[Flowable] = [quiet(f"评估日期 {part.held_on}　评估教师 {part.author}　签名 {part.signed}")]
    return found + [field(label, value) for label, value in part.fields]


def _documents(documents: tuple[DocumentPart, ...]) -> Flowable:
    rows = [
        (
            d.kind + ("（应交）" if d.expected else ""),
            "已收到" if d.received_on else ("待补" if d.expected else "—"),
            d.received_on or "—",
            d.issuer or "—",
        )
        for d in documents
    ]
    return grid_table(("材料", "状态", "收到日期", "出具单位"), rows, (56 * mm, 24 * mm, 50 * mm, 50 * mm))


def _checkins(checkins: tuple[CheckinPart, ...]) -> Flowable:
    if not checkins:
        return quiet("未安排首月随访。")
    rows = [(f"第 {n} 次", c.due_on, c.done_on or "未完成", c.note or "—") for n, c in enumerate(checkins, start=1)]
    return grid_table(("随访", "计划日期", "完成日期", "情况"), rows, (20 * mm, 45 * mm, 45 * mm, 70 * mm))
