"""六谈 (S000, 活动记录表): the six kinds of 谈心谈话, in the form's order and wording.

A talk is about named students, so it lives in the care store; only counts reach the school store.
Who talks depends on the category: a staff member for the four teachers' and leaders' talks, a
心理委员 (a student) for 朋辈之间相互谈, a guardian for 学生家长倾心谈."""

from __future__ import annotations

import enum


class TalkCategory(enum.StrEnum):
    """In S000's order (the 活动记录表's 序号 1–6); the value is the form's own wording."""

    LEADER = "院校领导重点谈"
    HEAD_TEACHER = "班主任/辅导员全面谈"
    COUNSELOR = "心理老师深入谈"
    TEACHER = "专任老师用心谈"
    PEER = "朋辈之间相互谈"
    GUARDIAN = "学生家长倾心谈"

    @property
    def number(self) -> int:
        return list(TalkCategory).index(self) + 1


class TalkerKind(enum.StrEnum):
    STAFF = "教职工"
    PEER = "心理委员"
    GUARDIAN = "家长"


def talker_kind(category: TalkCategory) -> TalkerKind:
    """Who may be the talker in this category."""
    if category is TalkCategory.PEER:
        return TalkerKind.PEER
    if category is TalkCategory.GUARDIAN:
        return TalkerKind.GUARDIAN
    return TalkerKind.STAFF


# S000's suggested targets per category, in its words (shown beside the category when entering).
SUGGESTED_TARGETS: dict[TalkCategory, str] = {
    TalkCategory.LEADER: "六困生（学习困难、心理困惑、家庭困难、就业困难、人际困扰、生活困顿），结对子",
    TalkCategory.HEAD_TEACHER: "学业压力大、性格孤僻、存在家庭矛盾、经济困难的学生",
    TalkCategory.COUNSELOR: "重点关注学生，建立台账",
    TalkCategory.TEACHER: "学习困难学生",
    TalkCategory.PEER: "心理委员作为联络员，关注身边同学",
    TalkCategory.GUARDIAN: "家长会、家访、家长开放日、线上家长会",
}

# What 参与人数 counts for each category in the 活动记录表 (said in a note under the table).
PARTICIPANTS_MEANING: dict[TalkCategory, str] = {
    TalkCategory.LEADER: "参与谈话的院校领导人数",
    TalkCategory.HEAD_TEACHER: "参与谈话的班主任/辅导员人数",
    TalkCategory.COUNSELOR: "参与谈话的心理老师人数",
    TalkCategory.TEACHER: "参与谈话的专任老师人数",
    TalkCategory.PEER: "参与谈话的心理委员人数",
    TalkCategory.GUARDIAN: "参与谈话的学生家长人数",
}
