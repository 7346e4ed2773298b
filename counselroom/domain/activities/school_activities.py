"""Records of the school's psychological-education work that name no student: 主题班团队会 and
专题活动 (S001: 各年级每学期至少 1 次), 团体辅导, 心理委员培训指导 (S000 "加强对心理委员等学生骨干的
细心指导"), 家长学校 and 家庭教育讲座 (S001, S004: 每学期至少 1 次), and 宣传 (5·25, 10·10 …).
Lessons, trainings and meetings have their own modules."""

from __future__ import annotations

import enum
import re
from datetime import date


class ActivityKind(enum.StrEnum):
    CLASS_MEETING = "主题班团队会"
    THEMED = "专题活动"  # 心理健康教育和生命教育专题活动
    GROUP_COUNSELING = "团体辅导"
    PEER_MONITOR_TRAINING = "心理委员培训指导"
    PARENT_SCHOOL = "家长学校"  # 面向家长的家庭教育讲座或活动
    PUBLICITY = "宣传活动"


class ActivityScope(enum.StrEnum):
    SCHOOL = "全校"
    GRADE = "年级"
    CLASSES = "班级"


# 宣传 occasions the seeds name (S001, S003, S004), offered in the entry form; free text is allowed.
OCCASIONS = ("5·25心理健康日", "心理健康宣传月", "10·10世界精神卫生日", "家庭教育宣传周", "心理健康教育月")
# Forms of 宣传 and 家长学校 the seeds name.
PUBLICITY_FORMS = ("展板", "广播", "校园心理情景剧", "心理信箱", "宣传栏", "讲座", "公众号")
PARENT_FORMS = ("家长学校", "家庭教育讲座", "家长会", "家长开放日", "线上家长会")
# Lesson topics S001/S003 list, offered as suggestions.
LESSON_TOPICS = ("生命教育", "安全教育", "挫折教育", "情绪管理", "压力调节", "生涯规划", "人际交往", "学习心理")


THEME_DAY_SLACK = 15  # days either side of a theme day that still count as held for it


def theme_day_note(occasion: str, held_on: date) -> str:
    """A word when a 宣传 entry names a theme day with a fixed date (5·25, 10·10) far from its own
    date — likely a slip in the date or the 主题日; "" otherwise. Months and weeks have no fixed day."""
    found = re.match(r"(\d{1,2})·(\d{1,2})", occasion.strip())
    if found is None:
        return ""
    month, day = int(found.group(1)), int(found.group(2))
    try:
        theme = date(held_on.year, month, day)
    except ValueError:
        return ""
    apart = abs((held_on - theme).days)
    if apart <= THEME_DAY_SLACK:
        return ""
    return (
        f"注意：{occasion}在{month}月{day}日，这次活动的日期相差 {apart} 天；如日期或主题日填错了，可删除后重新录入。"
    )
