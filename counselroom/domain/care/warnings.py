"""三级预警 (S001, S003, S004): levels, sources, actions and review intervals.

The program never diagnoses: an entry says 重点关注 at a level, with the reason a counselor
wrote, and a positive screen only proposes a level for a counselor to confirm.
"""

from __future__ import annotations

import enum
from datetime import date, timedelta

from counselroom.domain.errors import ValidationError


class WarningLevel(enum.StrEnum):
    RED = "red"
    ORANGE = "orange"
    YELLOW = "yellow"

    @property
    def label(self) -> str:
        return {"red": "红色", "orange": "橙色", "yellow": "黄色"}[self.value]

    @property
    def colour(self) -> str:
        return {"red": "#c0392b", "orange": "#e67e22", "yellow": "#d4ac0d"}[self.value]

    @property
    def rank(self) -> int:
        """Higher is more urgent: red 3, orange 2, yellow 1."""
        return {"red": 3, "orange": 2, "yellow": 1}[self.value]

    @property
    def review_days(self) -> int:
        """Default time to the next review: the more urgent, the sooner."""
        return {"red": 7, "orange": 14, "yellow": 30}[self.value]

    @classmethod
    def parse(cls, text: str) -> WarningLevel:
        cleaned = text.strip().removesuffix("预警").removesuffix("色")
        for level in cls:
            if cleaned in (level.value, level.label, level.label[0]):
                return level
        raise ValidationError(f"预警等级应为 红色、橙色 或 黄色，而不是“{text}”", field="预警等级")


class WarningSource(enum.StrEnum):
    SCREENING = "筛查"
    HEAD_TEACHER = "班主任报告"
    PEER_MONITOR = "心理委员报告"
    TALK = "谈心谈话"
    PARENT = "家长反映"
    INCIDENT = "突发事件"
    COUNSELING = "个别辅导"
    OTHER = "其他"


class WarningAction(enum.StrEnum):
    OPEN = "列入"
    CHANGE = "调整"
    REVIEW = "复评"
    CLOSE = "解除"


class NoticeChannel(enum.StrEnum):
    """How a guardian was told (S004: 及时与家长进行密切沟通; home visits in person, by phone or 微信)."""

    PHONE = "电话"
    MEETING = "面谈"
    HOME_VISIT = "家访"
    WECHAT = "微信"
    MESSAGE = "短信"
    OTHER = "其他"


NOTICE_ACTION = "告知家长"  # how a guardian notice reads in an entry's history


def default_review_date(level: WarningLevel, on: date) -> date:
    return on + timedelta(days=level.review_days)


def check_review_date(review_on: date, today: date) -> None:
    if review_on < today:
        raise ValidationError("复评日期不能早于今天", field="复评日期")
    if review_on > today + timedelta(days=366):
        raise ValidationError("复评日期应在一年以内", field="复评日期")


def require_reason(reason: str, *, field: str = "原因") -> str:
    text = reason.strip()
    if len(text) < 2:
        raise ValidationError("请写明原因（谁、何时、为什么），预警名单的每次变动都要有据可查", field=field)
    return text
