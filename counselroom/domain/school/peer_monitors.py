"""心理委员 per class, as the school's policy profile says.

S001 (南昌) encourages them in 初中 and 普通高中, one boy and one girl per class; S003 (江西) no
fewer than two per class in 初中 and 高中; S004 (渭南) says nothing of them. A stage the profile
does not name (小学, 中职) is not demanded, nor is any class under a profile without the rule.
Only students still at school count (在读, 复学): the store leaves out the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from counselroom.domain.school.policy_profiles import PolicyProfile

PER_CLASS, PER_GENDER = "peer_monitors.per_class", "peer_monitors.per_gender"
NOT_DEMANDED = "不作要求"


@dataclass(frozen=True)
class MonitorRule:
    per_class: int
    per_gender: int  # 0 when the document does not ask for both boys and girls
    stages: frozenset[str]
    scope: str  # 初中、普通高中 — the document's words
    strength: str  # 鼓励
    source: str  # S001

    @property
    def text(self) -> str:
        """初中、普通高中每班男、女心理委员各 1 名 / 初中、高中每班不少于 2 名心理委员."""
        if self.per_gender:
            return f"{self.scope}每班男、女心理委员各 {self.per_gender} 名"
        return f"{self.scope}每班不少于 {self.per_class} 名心理委员"

    def covers(self, stage: str) -> bool:
        return stage in self.stages


@dataclass(frozen=True)
class MonitorCheck:
    required: bool  # the profile asks for 心理委员 in this class's stage
    complete: bool  # required and met
    text: str  # 齐全, 缺男生心理委员, 还差 1 名, 不作要求


def monitor_rule(profile: PolicyProfile) -> MonitorRule | None:
    """The profile's 心理委员 rule, or None when its documents set none."""
    per_class, per_gender = profile.rule(PER_CLASS), profile.rule(PER_GENDER)
    if per_class is None or per_class.value is None:
        return None
    return MonitorRule(
        per_class=per_class.value,
        per_gender=(per_gender.value or 0) if per_gender is not None else 0,
        stages=frozenset(per_class.stages),
        scope=per_class.scope,
        strength=per_class.strength,
        source=per_class.source,
    )


def check_class(rule: MonitorRule | None, stage: str, boys: int, girls: int) -> MonitorCheck:
    """How a class stands against the rule, counting its monitors still at school."""
    if rule is None or not rule.covers(stage):
        return MonitorCheck(False, False, NOT_DEMANDED)
    missing = [f"{gender}生" for gender, n in (("男", boys), ("女", girls)) if n < rule.per_gender]
    if missing:
        return MonitorCheck(True, False, "缺" + "、".join(missing) + "心理委员")
    short = rule.per_class - boys - girls
    if short > 0:
        return MonitorCheck(True, False, f"还差 {short} 名")
    return MonitorCheck(True, True, "齐全")


def choice_problem(rule: MonitorRule | None, stage: str, genders: Sequence[str]) -> str:
    """Why a new set of monitors does not meet the rule ('' when it does, or when none is chosen:
    clearing a class's monitors is always allowed)."""
    if not genders or rule is None:
        return ""
    check = check_class(rule, stage, genders.count("男"), genders.count("女"))
    return "" if not check.required or check.complete else f"{rule.text}（{rule.source}）：{check.text}"
