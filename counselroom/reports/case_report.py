"""The 个案分析报告 (S003 item 23: 个案分析报告制度和专家会诊机制): a printable summary of one case
for a case conference or an expert consultation — A4 portrait, in the bundled font.

What it holds, in order: the student; the case (opened, status, issue types, counselors, reason);
the 一人一案 plan and its reviews; the chronology of *signed* notes, each with its template's fields
(label：value) and the 补充说明 below it; the attachments by name only (their content is not
printed); the close summary when closed; a blank box for the conference's own notes.

The data comes in as plain dataclasses (services/printing/case_report_data.py reads it, checking
who may); nothing here knows of drafts — they never reach this module. Long texts are paragraphs,
never table cells, so a note of several pages flows on (a table row cannot break across a page).
Every page carries the 保密 line, 第 x 页 共 y 页, and who printed it and when as a watermark.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, Paragraph, Spacer, Table

from counselroom.reports.pdf_fonts import style
from counselroom.reports.pdf_pages import PageDecor, build_pdf, long_date, plain, table_style

TITLE = "个案分析报告"
PURPOSE = "（供个案研讨/专家会诊）"
FOOTER = "保密材料 · 仅供个案研讨与专家会诊使用"
STAMP = "保　密"
NUMERALS = "一二三四五六七八九十"
TEXT_WIDTH = 180 * mm  # A4 less the 15 mm margins
LABEL_FILL = colors.HexColor("#eef2f6")
STAMP_RED = colors.HexColor("#b03020")
GRID = colors.HexColor("#999999")
MUTED = "#555555"


@dataclass(frozen=True)
class Signature:
    name: str
    at: datetime


@dataclass(frozen=True)
class ReportAddendum:
    text: str
    author: str
    added_at: datetime


@dataclass(frozen=True)
class ReportNote:
    held_on: date
    kind: str  # the template's name: 个别辅导, 危机评估 …
    author: str
    state: str  # 已签名 / 待会签 / 已会签 (a draft never gets here)
    signed: Signature | None
    cosigned: Signature | None
    fields: tuple[tuple[str, str], ...]  # (label, value) in the template's order, empty ones left out
    addenda: tuple[ReportAddendum, ...] = ()


@dataclass(frozen=True)
class ReportReview:
    reviewed_on: date
    reviewed_by: str
    what_worked: str
    changes: str
    goals: str
    measures: str
    next_review: date | None


@dataclass(frozen=True)
class ReportPlan:
    """一人一案 as it stands, and the reviews that brought it there (oldest first)."""

    goals: str
    measures: str
    updated_on: date | None
    reviews: tuple[ReportReview, ...] = ()


@dataclass(frozen=True)
class ReportAttachment:
    name: str
    kind: str  # 知情同意书 / 医院来函 / 其他
    added_on: date


@dataclass(frozen=True)
class ReportCase:
    case_id: int
    student_name: str
    class_name: str
    gender: str  # "" when not recorded
    opened_on: date
    status: str  # 进行中 / 已结案
    reason: str
    issue_types: tuple[str, ...]
    assigned: tuple[str, ...]  # 负责老师
    shared: tuple[str, ...]  # 共享老师
    next_step: str = ""
    closed_on: date | None = None
    close_summary: str = ""


@dataclass(frozen=True)
class CaseReportData:
    school_name: str
    printed_by: str  # 王老师（心理教师）
    printed_at: datetime
    case: ReportCase
    plan: ReportPlan | None
    notes: tuple[ReportNote, ...]  # signed only, in date order
    attachments: tuple[ReportAttachment, ...] = ()


def build_case_report(data: CaseReportData) -> bytes:
    printed = f"打印人 {data.printed_by} {data.printed_at:%Y-%m-%d %H:%M}"
    decor = PageDecor(
        header=f"【保密】{data.school_name} · {TITLE} · 个案编号 {data.case.case_id}",
        footer_left=FOOTER,
        watermark=printed,
    )
    sections: list[tuple[str, list[Flowable]]] = [
        ("学生基本情况", [_student_table(data.case)]),
        ("个案概况", _case_part(data.case)),
        ("一人一案帮扶计划", _plan_part(data.plan)),
        (f"辅导记录（已签名，共 {len(data.notes)} 条）", _notes_part(data.notes)),
        ("附件清单", _attachments_part(data.attachments)),
    ]
    if data.case.closed_on is not None or data.case.close_summary:
        sections.append(("结案小结", _closing_part(data.case)))
    sections.append(("会诊记录（会上填写）", [_conference_box()]))
    story = _title_block(data)
    for number, (heading, body) in enumerate(sections):
        story += [_heading(f"{NUMERALS[number]}、{heading}"), *body]
    return build_pdf(story, pagesize=A4, title=f"{TITLE} 个案编号 {data.case.case_id}", top=18 * mm, decor=decor)


# -- the parts --------------------------------------------------------------------------------------
def _title_block(data: CaseReportData) -> list[Flowable]:
    school = plain(data.school_name, style("cr-school", 12, align=TA_CENTER, colour="#333333"))
    title = Paragraph(TITLE, style("cr-title", 20, align=TA_CENTER, space_after=1 * mm))
    purpose = Paragraph(PURPOSE, style("cr-purpose", 11, align=TA_CENTER, colour="#333333"))
    stamp = Paragraph(STAMP, style("cr-stamp", 14, align=TA_CENTER, colour="#b03020"))
    head = Table([[[school, title, purpose], stamp]], colWidths=[TEXT_WIDTH - 26 * mm, 26 * mm])
    head.setStyle(
        table_style(
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BOX", (1, 0), (1, 0), 1.5, STAMP_RED),
            ("LEFTPADDING", (0, 0), (0, 0), 26 * mm),  # the title centred on the page, not beside the stamp
        )
    )
    printed = f"打印人：{data.printed_by}　打印时间：{long_date(data.printed_at.date())} {data.printed_at:%H:%M}"
    notice = "本报告含学生个人敏感信息，仅供参加个案研讨或专家会诊的人员阅读；会后收回，不得复印、拍照或外传。"
    return [
        head,
        Spacer(1, 2 * mm),
        plain(printed, style("cr-printed", 9.5, colour=MUTED, align=TA_CENTER)),
        plain(notice, style("cr-notice", 9.5, colour="#8a2a1a", align=TA_CENTER, space_after=2 * mm)),
    ]


def _student_table(case: ReportCase) -> Table:
    return _facts_table(
        [
            ("姓名", case.student_name, "班级", case.class_name or "—"),
            ("性别", case.gender or "—", "个案编号", str(case.case_id)),
        ]
    )


def _case_part(case: ReportCase) -> list[Flowable]:
    closed = f"（{long_date(case.closed_on)} 结案）" if case.closed_on else ""
    rows = [
        ("开案日期", long_date(case.opened_on), "状态", case.status + closed),
        ("负责老师", "、".join(case.assigned) or "—", "共享老师", "、".join(case.shared) or "—"),
        ("问题类型", "、".join(case.issue_types) or "—", "", ""),
    ]
    found: list[Flowable] = [_facts_table(rows, span_last=True), Spacer(1, 2 * mm), _field("开案原因", case.reason)]
    if case.next_step and case.closed_on is None:
        found.append(_field("下一步", case.next_step))
    return found


def _plan_part(plan: ReportPlan | None) -> list[Flowable]:
    if plan is None:
        return [_quiet("尚未制定一人一案。")]
    updated = f"（更新于 {long_date(plan.updated_on)}）" if plan.updated_on else ""
    found: list[Flowable] = [
        _subheading(f"当前目标与措施{updated}"),
        _field("帮扶目标", plan.goals),
        _field("帮扶措施", plan.measures),
        _subheading(f"复查记录（共 {len(plan.reviews)} 次）"),
    ]
    if not plan.reviews:
        found.append(_quiet("暂无复查记录。"))
    for r in plan.reviews:
        found += _entry_heading(f"{long_date(r.reviewed_on)}　复查人：{r.reviewed_by or '—'}")
        found += [_field("效果", r.what_worked), _field("调整", r.changes or "无")]
        found += [_field("调整后目标", r.goals), _field("调整后措施", r.measures)]
        if r.next_review:
            found.append(_field("下次复查", long_date(r.next_review)))
    return found


def _notes_part(notes: Sequence[ReportNote]) -> list[Flowable]:
    found: list[Flowable] = [_quiet("按辅导日期排列；未签名的草稿不列入本报告。")]
    if not notes:
        found.append(_quiet("暂无已签名的辅导记录。"))
    for number, note in enumerate(sorted(notes, key=lambda n: n.held_on), start=1):
        state = "已签名，待会签" if note.state == "待会签" else note.state
        found += _entry_heading(f"{number}. {long_date(note.held_on)}　{note.kind}　记录人：{note.author}　{state}")
        found += [_field(label, value) for label, value in note.fields]
        found.append(_signatures(note))
        found += [_addendum(a) for a in note.addenda]
    return found


def _attachments_part(files: Sequence[ReportAttachment]) -> list[Flowable]:
    if not files:
        return [_quiet("无附件。")]
    cell, head = style("cr-cell", 9.5), style("cr-cell-head", 9.5, colour="#333333")
    body: list[list[object]] = [[Paragraph(c, head) for c in ("序号", "文件名", "类别", "添加日期")]]
    body += [[str(n), plain(f.name, cell), plain(f.kind, cell), long_date(f.added_on)] for n, f in enumerate(files, 1)]
    table = Table(body, colWidths=[14 * mm, 96 * mm, 30 * mm, 40 * mm], repeatRows=1)
    table.setStyle(
        table_style(
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), LABEL_FILL),
            ("FONTSIZE", (0, 0), (-1, -1), 9.5),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        )
    )
    return [_quiet("附件内容不随本报告打印，需要时在程序中查看原件。"), table]


def _closing_part(case: ReportCase) -> list[Flowable]:
    when = long_date(case.closed_on) if case.closed_on else "—"
    return [_field("结案日期", when), _field("结案小结", case.close_summary or "—")]


def _conference_box() -> Table:
    """Ruled space to write in by hand during the conference."""
    cell = style("cr-box", 10, colour="#333333")
    rows = [[Paragraph(label, cell), ""] for label in ("会诊日期", "参加人员", "会诊意见", "后续安排")]
    table = Table(rows, colWidths=[26 * mm, TEXT_WIDTH - 26 * mm], rowHeights=[9 * mm, 14 * mm, 48 * mm, 24 * mm])
    table.setStyle(
        table_style(
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        )
    )
    return table


# -- building blocks --------------------------------------------------------------------------------
def _facts_table(rows: Sequence[tuple[str, str, str, str]], *, span_last: bool = False) -> Table:
    """Short facts, two label/value pairs a row; with span_last the last row's value runs across."""
    label, value = style("cr-label", 10, colour="#333333"), style("cr-value", 10)
    body = [[plain(a, label), plain(b, value), plain(c, label), plain(d, value)] for a, b, c, d in rows]
    table = Table(body, colWidths=[24 * mm, 66 * mm, 24 * mm, 66 * mm])
    commands: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
        ("BACKGROUND", (2, 0), (2, -2 if span_last else -1), LABEL_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if span_last:
        commands.append(("SPAN", (1, -1), (3, -1)))
    table.setStyle(table_style(*commands))
    return table


def _heading(text: str) -> Flowable:
    heading = style("cr-heading", 13, space_after=1.5 * mm)
    heading.spaceBefore = 5 * mm
    heading.keepWithNext = 1
    return Paragraph(escape(text), heading)


def _subheading(text: str) -> Paragraph:
    sub = style("cr-sub", 11, colour="#333333", space_after=1 * mm)
    sub.spaceBefore = 2 * mm
    sub.keepWithNext = 1
    return Paragraph(escape(text), sub)


def _entry_heading(text: str) -> list[Flowable]:
    """A note's or a review's first line under a thin rule, both kept with the first field below."""
    entry = style("cr-entry", 10.5, space_after=1 * mm)
    entry.spaceBefore = 1 * mm
    entry.keepWithNext = 1
    rule = HRFlowable(width="100%", thickness=0.4, color=GRID, spaceBefore=2 * mm, spaceAfter=0)
    rule.keepWithNext = 1  # platypus keeps a flowable with the next when this is set
    return [rule, Paragraph(escape(text), entry)]


def _field(label: str, value: str) -> Paragraph:
    """label：value, wrapping under itself; a multi-line value keeps its line breaks."""
    body = style("cr-field", 10, space_after=1 * mm)
    body.leftIndent = 4 * mm
    return Paragraph(f'<font color="{MUTED}">{escape(label)}：</font>{_lines(value)}', body)


def _signatures(note: ReportNote) -> Paragraph:
    parts = [f"签名：{_signed(note.signed)}"]
    if note.cosigned is not None:
        parts.append(f"会签：{_signed(note.cosigned)}")
    elif note.state == "待会签":
        parts.append("会签：待心理中心负责人会签")
    line = style("cr-signed", 9, colour=MUTED, space_after=1 * mm)
    line.leftIndent = 4 * mm
    return plain("　".join(parts), line)


def _addendum(addendum: ReportAddendum) -> Paragraph:
    box = style("cr-addendum", 10, space_after=1.5 * mm)
    box.leftIndent = 8 * mm
    box.borderPadding = 1.2 * mm
    box.backColor = colors.HexColor("#f6f3ea")
    who = f"补充说明（{escape(addendum.author)}，{addendum.added_at:%Y-%m-%d %H:%M}）"
    return Paragraph(f'<font color="{MUTED}">{who}：</font>{_lines(addendum.text)}', box)


def _signed(signature: Signature | None) -> str:
    return f"{signature.name} {signature.at:%Y-%m-%d %H:%M}" if signature else "—"


def _quiet(text: str) -> Paragraph:
    return plain(text, style("cr-quiet", 9.5, colour=MUTED, space_after=1 * mm))


def _lines(text: str) -> str:
    """Escaped for Paragraph markup, the teacher's own line breaks kept."""
    return "<br/>".join(escape(line) for line in text.strip().splitlines()) or "—"
