"""Sample input for the 个案分析报告: 张晓明's case, two signed notes (one a co-signed 危机评估 with an
addendum), a plan with one review and a consent form — written as a school counselor writes."""

from __future__ import annotations

from datetime import date, datetime

from counselroom.reports.case_report import (
    CaseReportData,
    ReportAddendum,
    ReportAttachment,
    ReportCase,
    ReportNote,
    ReportPlan,
    ReportReview,
    Signature,
)

SCHOOL = "南昌市第十九中学"


def case(*, closed: bool = False) -> ReportCase:
    return ReportCase(
        case_id=7,
        student_name="张晓明",
        class_name="初二（3）班",
        gender="男",
        opened_on=date(2025, 9, 22),
        status="已结案" if closed else "进行中",
        reason="班主任反映近两周上课注意力不集中、午休时独自待在教室；学生本人说考试前常失眠。",
        issue_types=("学业", "情绪"),
        assigned=("王老师",),
        shared=("赵老师",),
        next_step="10月20日第三次个别辅导，重点放在作息安排。",
        closed_on=date(2025, 12, 19) if closed else None,
        close_summary="睡眠明显改善，期中考试后情绪平稳，已能主动与同学交流；转为常规关注。" if closed else "",
    )


def notes(count: int = 2, *, long_text: str = "") -> tuple[ReportNote, ...]:
    found = [
        ReportNote(
            held_on=date(2025, 9, 24),
            kind="个别辅导",
            author="王老师",
            state="已签名",
            signed=Signature("王老师", datetime(2025, 9, 24, 16, 10)),
            cosigned=None,
            fields=(
                ("本次主题", "考试焦虑与睡眠"),
                ("辅导过程", long_text or "谈了最近的睡眠和学习安排，练习了腹式呼吸。\n学生愿意每天记录入睡时间。"),
                ("下一步", "一周后再约"),
            ),
            addenda=(ReportAddendum("补记：家长当晚来电，同意配合调整作息。", "王老师", datetime(2025, 9, 25, 8, 40)),),
        ),
        ReportNote(
            held_on=date(2025, 10, 9),
            kind="危机评估",
            author="王老师",
            state="已会签",
            signed=Signature("王老师", datetime(2025, 10, 9, 11, 0)),
            cosigned=Signature("李主任", datetime(2025, 10, 9, 15, 30)),
            fields=(("风险等级", "低"), ("保护因素", "与母亲关系亲近，有两位要好的同学")),
        ),
    ]
    for n in range(2, count):
        found.append(
            ReportNote(
                date(2025, 10, 10 + n % 15),
                "个别辅导",
                "王老师",
                "已签名",
                Signature("王老师", datetime(2025, 10, 10 + n % 15, 16, 0)),
                None,
                (("本次主题", f"第{n + 1}次辅导"), ("辅导过程", "回顾一周的作息记录，调整了晚自习后的安排。")),
            )
        )
    return tuple(found)


def plan() -> ReportPlan:
    review = ReportReview(
        reviewed_on=date(2025, 10, 10),
        reviewed_by="王老师",
        what_worked="入睡时间提前了约半小时，课堂注意力有改善。",
        changes="辅导由每周一次改为两周一次。",
        goals="保持规律作息，期中考试前后情绪平稳。",
        measures="两周一次个别辅导；班主任每周反馈一次课堂表现。",
        next_review=date(2025, 11, 10),
    )
    return ReportPlan("保持规律作息，期中考试前后情绪平稳。", review.measures, date(2025, 10, 10), (review,))


def report(*, closed: bool = False, note_count: int = 2, long_text: str = "") -> CaseReportData:
    return CaseReportData(
        school_name=SCHOOL,
        printed_by="王老师（心理教师）",
        printed_at=datetime(2025, 10, 13, 8, 5),
        case=case(closed=closed),
        plan=plan(),
        notes=notes(note_count, long_text=long_text),
        attachments=(ReportAttachment("知情同意书-张晓明.pdf", "知情同意书", date(2025, 9, 23)),),
    )
