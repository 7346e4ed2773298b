"""The school's crisis plan (一校一案 预案, S004: 规范启动应急预案; S001: 有预案、有队伍、有干预、有指导)
as a checklist kept in settings: the team (队伍) with their roles, the steps (干预) in order, and
the contacts to call (指导: the 定点医院, the 12356/12355 lines, the police). The lead edits it;
counselors and the leader in charge read it. It names staff and outside contacts, never a student.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from counselroom.domain.errors import ValidationError

MAX_ITEMS = 40
MAX_TEXT = 200


@dataclass(frozen=True)
class TeamMember:
    name: str
    role: str  # 组长（校长） 副组长（分管校领导） 心理教师 班主任 校医 保卫 …
    phone: str = ""


@dataclass(frozen=True)
class PlanStep:
    title: str  # 发现与报告 评估 通知家长 陪护 转介 事后安抚疏导 …
    detail: str = ""


@dataclass(frozen=True)
class Contact:
    name: str  # 定点医院 绿色通道 派出所 12356 …
    phone: str
    note: str = ""


@dataclass(frozen=True)
class CrisisPlan:
    team: tuple[TeamMember, ...] = ()
    steps: tuple[PlanStep, ...] = ()
    contacts: tuple[Contact, ...] = ()
    updated_at: str = ""  # when the lead last saved it ("": never)
    updated_by: str = ""  # who saved it (display name), for the settings tab

    @property
    def checklist(self) -> tuple[tuple[str, bool], ...]:
        """S001's four 有: each line with whether the plan covers it."""
        return (
            ("有预案：处置步骤", bool(self.steps)),
            ("有队伍：危机干预小组成员", bool(self.team)),
            ("有干预：心理教师在小组中", any("心理" in m.role for m in self.team)),
            ("有指导：医院或专业机构的联系方式", bool(self.contacts)),
        )


DEFAULT_STEPS = (
    PlanStep("发现与报告", "任何教职工发现学生有自伤、他伤风险，立即报告心理教师和分管校领导，不让学生独处"),
    PlanStep("评估", "心理教师评估风险等级，填写危机评估记录"),
    PlanStep("通知", "通知班主任、家长和分管校领导，记录通知时间"),
    PlanStep("陪护与转介", "全程陪护直至家长到场；需要时经绿色通道转介定点医院"),
    PlanStep("事后安抚疏导", "对目睹或受影响的师生开展安抚疏导，安排随访"),
    PlanStep("总结与会签", "心理中心负责人会签处置记录后结案"),
)


def _text(value: object, field: str, *, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError("不能为空", field=field)
    if len(text) > MAX_TEXT:
        raise ValidationError(f"请控制在 {MAX_TEXT} 字以内", field=field)
    return text


def check_plan(team: list[TeamMember], steps: list[PlanStep], contacts: list[Contact]) -> CrisisPlan:
    """The plan cleaned, or a ValidationError naming the line."""
    for items, what in ((team, "小组成员"), (steps, "处置步骤"), (contacts, "联系方式")):
        if len(items) > MAX_ITEMS:
            raise ValidationError(f"{what}最多 {MAX_ITEMS} 项", field=what)
    return CrisisPlan(
        tuple(
            TeamMember(
                _text(m.name, f"小组成员第 {i} 项姓名"),
                _text(m.role, f"小组成员第 {i} 项职责"),
                _text(m.phone, f"小组成员第 {i} 项电话", required=False),
            )
            for i, m in enumerate(team, 1)
        ),
        tuple(
            PlanStep(_text(s.title, f"处置步骤第 {i} 项"), _text(s.detail, f"处置步骤第 {i} 项说明", required=False))
            for i, s in enumerate(steps, 1)
        ),
        tuple(
            Contact(
                _text(c.name, f"联系方式第 {i} 项名称"),
                _text(c.phone, f"联系方式第 {i} 项电话"),
                _text(c.note, f"联系方式第 {i} 项备注", required=False),
            )
            for i, c in enumerate(contacts, 1)
        ),
    )


def plan_to_json(plan: CrisisPlan, *, updated_at: str, updated_by: str = "") -> str:
    return json.dumps(
        {
            "team": [[m.name, m.role, m.phone] for m in plan.team],
            "steps": [[s.title, s.detail] for s in plan.steps],
            "contacts": [[c.name, c.phone, c.note] for c in plan.contacts],
            "updated_at": updated_at,
            "updated_by": updated_by,
        },
        ensure_ascii=False,
    )


def plan_from_json(text: str) -> CrisisPlan:
    """The stored plan; an empty or unreadable value is the default steps with no team yet."""
    try:
        data = json.loads(text) if text else {}
        return CrisisPlan(
            tuple(TeamMember(*map(str, m)) for m in data.get("team", [])),
            tuple(PlanStep(*map(str, s)) for s in data.get("steps", [])) or DEFAULT_STEPS,
            tuple(Contact(*map(str, c)) for c in data.get("contacts", [])),
            str(data.get("updated_at", "")),
            str(data.get("updated_by", "")),
        )
    except (ValueError, TypeError, AttributeError):
        return CrisisPlan(steps=DEFAULT_STEPS)
