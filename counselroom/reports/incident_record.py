"""The 危机事件处置记录 for the file (S001, S004 一校一案): what happened, the time line of actions and
notifications (班主任, 家长, 分管校领导 — and when each was first told), the risk level, the team,
the 事后安抚疏导 list with its follow-ups, the closing summary, and the co-signature — as recorded
in the program, with ruled lines for the hand signatures the file keeps.

It names the students the incident touched (当事学生 and those in after-care): it is the school's
own record, kept under lock, never handed out. The data comes from incidents.get_incident, which
applies the incident's access rule and audits the read.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

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

TITLE = "危机事件处置记录"
FOOTER = "保密材料 · 一校一案存档，不得复印外传"
NOTICES = ("通知班主任", "通知家长", "通知分管校领导")  # whose first notice time the record states


@dataclass(frozen=True)
class EventLine:
    at: str  # 2025-10-13 07:30
    kind: str  # 发现报告, 通知家长 …
    whom: str
    detail: str
    recorded_by: str


@dataclass(frozen=True)
class AftercareLine:
    name: str
    where: str  # class or position
    reason: str
    counselor: str
    followups: tuple[str, ...]  # "2025-10-14 已完成（10-14）：情况" / "2025-10-14 未完成"


@dataclass(frozen=True)
class IncidentRecordData:
    printed: Printed
    incident_id: int
    kind: str
    risk_level: str  # 高风险
    status: str
    occurred_at: str
    opened_at: str
    place: str
    students: tuple[str, ...]  # 张晓明（初一（1）班）
    summary: str
    author: str
    responsible: str
    team: tuple[str, ...]
    events: tuple[EventLine, ...]
    aftercare: tuple[AftercareLine, ...]
    closing_summary: str
    submitted: str  # 王老师 2025-10-20 09:00, "" before
    cosigned: str


def build_incident_record(data: IncidentRecordData) -> bytes:
    number = f"事件编号 {data.incident_id}"
    story: list[Flowable] = title_block(data.printed, TITLE, f"（{number}）")
    story += [
        heading("一、事件概况"),
        facts_table(
            [
                ("事件类型", data.kind, "风险等级", data.risk_level),
                ("发生时间", data.occurred_at, "登记时间", data.opened_at),
                ("发生地点", data.place, "处置状态", data.status),
                ("当事学生", "、".join(data.students), "", ""),
                ("登记人", data.author, "处置负责人", data.responsible),
                ("处置小组", "、".join(data.team), "", ""),
            ]
        ),
        field("事件经过", data.summary),
        heading("二、通知情况"),
        facts_table([(kind, _first(data.events, kind), "", "") for kind in NOTICES]),
        heading(f"三、处置经过（共 {len(data.events)} 条）"),
        grid_table(
            ("时间", "处置", "对象", "说明", "记录人"),
            [(e.at, e.kind, e.whom or "—", e.detail or "—", e.recorded_by) for e in data.events],
            (32 * mm, 30 * mm, 30 * mm, 66 * mm, 22 * mm),
        ),
        heading(f"四、事后安抚疏导（共 {len(data.aftercare)} 人）"),
        *_aftercare(data.aftercare),
        KeepTogether(
            [
                heading("五、处置小结与会签"),
                field("处置小结", data.closing_summary),
                field("提交会签", data.submitted or "未提交"),
                field("会签", data.cosigned or "未会签"),
                signature_lines(["处置负责人", "心理中心负责人（会签）", "分管校领导"]),
            ]
        ),
    ]
    return build_form(story, printed=data.printed, title=TITLE, number=number, footer=FOOTER)


def _first(events: tuple[EventLine, ...], kind: str) -> str:
    found = [e for e in events if e.kind == kind]
    if not found:
        return "未记录"
    first = min(found, key=lambda e: e.at)
    return f"{first.at}　{first.whom}".strip()


def _aftercare(people: tuple[AftercareLine, ...]) -> list[Flowable]:
    if not people:
        return [quiet("未列入事后安抚疏导人员。")]
    rows = [(p.name, p.where or "—", p.reason or "—", p.counselor, "\n".join(p.followups) or "—") for p in people]
    widths = (24 * mm, 28 * mm, 40 * mm, 22 * mm, 66 * mm)
    return [grid_table(("对象", "班级/职务", "原因", "负责老师", "随访"), rows, widths)]
