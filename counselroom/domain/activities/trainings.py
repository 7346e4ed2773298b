"""培训: who, how many 学时, at which level (S004: 专职 3 年内 1 次省级以上, 兼职 1 次市级以上), and
whether it was a 专题培训 or an elective course (S004 其他教师 "至少选修1门")."""

from __future__ import annotations

import enum


class TrainingLevel(enum.StrEnum):
    SCHOOL = "校级"
    COUNTY = "县级"
    CITY = "市级"
    PROVINCE = "省级"
    NATION = "国家级"

    @property
    def rank(self) -> int:
        return list(TrainingLevel).index(self)

    def at_least(self, other: TrainingLevel) -> bool:
        return self.rank >= other.rank


class TrainingKind(enum.StrEnum):
    TOPIC = "专题培训"
    COURSE = "选修课程"
