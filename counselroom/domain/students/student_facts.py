"""Students' statuses and the flags of 一生一档: family situation, special needs, 六困生."""

from __future__ import annotations

import enum


class StudentStatus(enum.StrEnum):
    ENROLLED = "在读"
    SUSPENDED = "休学"
    RESUMED = "复学"
    TRANSFERRED = "转出"
    GRADUATED = "毕业"


class FlagGroup(enum.StrEnum):
    FAMILY = "家庭情况"
    SPECIAL_NEED = "特殊需要"
    SIX_DIFFICULTIES = "六困生"


class StudentFlag(enum.StrEnum):
    """Stored by their Chinese words (the seeds' own), so exports and screens agree."""

    SINGLE_PARENT = "单亲"
    DIVORCED = "离异"
    LEFT_BEHIND = "留守"
    MIGRANT = "随迁"
    ORPHAN = "孤儿/事实无人抚养"
    LOW_INCOME = "经济困难"
    DISABILITY = "残疾"
    CONGENITAL = "先天性疾病"
    PHYSICAL_ANOMALY = "体质异常"
    LEARNING_PRESSURE = "学习压力大"
    # 六困生, in S000's own words (院校领导重点谈).
    HARDSHIP_PHYSICAL = "生理困难生"
    HARDSHIP_PSYCHOLOGICAL = "心理困难生"
    HARDSHIP_ECONOMIC = "经济困难生"
    HARDSHIP_LEARNING = "学习困难生"
    HARDSHIP_EMPLOYMENT = "就业困难生"
    HARDSHIP_OTHER = "其他困难学生"

    @property
    def group(self) -> FlagGroup:
        return FLAG_GROUPS[self]

    @property
    def source(self) -> str:
        """The seed that names this situation (shown beside the check box)."""
        return FLAG_SOURCES.get(self, "S000" if self.group is FlagGroup.SIX_DIFFICULTIES else "S003")


FLAG_GROUPS = {
    **{
        f: FlagGroup.FAMILY
        for f in (
            StudentFlag.SINGLE_PARENT,
            StudentFlag.DIVORCED,
            StudentFlag.LEFT_BEHIND,
            StudentFlag.MIGRANT,
            StudentFlag.ORPHAN,
            StudentFlag.LOW_INCOME,
        )
    },
    **{
        f: FlagGroup.SPECIAL_NEED
        for f in (
            StudentFlag.DISABILITY,
            StudentFlag.CONGENITAL,
            StudentFlag.PHYSICAL_ANOMALY,
            StudentFlag.LEARNING_PRESSURE,
        )
    },
    **{
        f: FlagGroup.SIX_DIFFICULTIES
        for f in (
            StudentFlag.HARDSHIP_PHYSICAL,
            StudentFlag.HARDSHIP_PSYCHOLOGICAL,
            StudentFlag.HARDSHIP_ECONOMIC,
            StudentFlag.HARDSHIP_LEARNING,
            StudentFlag.HARDSHIP_EMPLOYMENT,
            StudentFlag.HARDSHIP_OTHER,
        )
    },
}


# Where a flag is not S003's (成长导师 groups) or S000's (六困生), the seed that names it.
FLAG_SOURCES = {
    StudentFlag.ORPHAN: "S001",  # 孤儿和事实无人抚养儿童
    StudentFlag.DISABILITY: "S004",  # 贫困、留守、残疾、单亲等困境学生
}


class StaffPosition(enum.StrEnum):
    FULL_TIME_COUNSELOR = "专职心理教师"
    PART_TIME_COUNSELOR = "兼职心理教师"
    HEAD_TEACHER = "班主任"
    SUBJECT_TEACHER = "科任教师"
    LEADER = "校领导"
