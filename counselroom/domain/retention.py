"""How long the records of a student who left (毕业, 转出) are kept, and when they fall due for
purge (issue #14 item 5; SECURITY.md 25). Pure: the setting is stored by the service.

No seed gives a period. S004 asks that the 成长信息记录 be kept "在严格保密的情况下"; the law asks
that personal information be kept no longer than its purpose needs; the default of 3 years after
leaving follows the general three-year limitation period for civil claims, the time in which a
family's complaint or a court's question about the school's care can still come. The school sets
its own period; the text below says so where the setting is shown.
"""

from __future__ import annotations

from datetime import date

from counselroom.domain.errors import ValidationError
from counselroom.domain.students.student_facts import StudentStatus

DEFAULT_YEARS = 3
MIN_YEARS, MAX_YEARS = 1, 30
SETTING_FIELD = "保存年限"

# Statuses that mean the student has left the school (students.left_on is set with them).
LEFT_STATUSES = (StudentStatus.GRADUATED, StudentStatus.TRANSFERRED)

# Shown next to the setting, in words a school reads: what the default rests on, and that it is theirs.
SOURCE = (
    "默认：离校（毕业、转出）满 3 年后列入到期清除。依据：《中华人民共和国个人信息保护法》第十九条"
    "“除法律、行政法规另有规定外，个人信息的保存期限应当为实现处理目的所必要的最短时间”，"
    "第四十七条（保存期限已届满的，个人信息处理者应当主动删除）；学生的心理健康信息和不满十四周岁学生的"
    "个人信息属于敏感个人信息（第二十八条）。3 年对应《中华人民共和国民法典》第一百八十八条的三年诉讼时效："
    "离校后家长的询问、投诉或司法机关调取记录，一般在这段时间内提出。辅导记录属于专业资料，"
    "中国心理学会《临床与咨询心理学工作伦理守则》要求在严格保密的情况下保存；政策文件（S004）要求"
    "成长信息记录“在严格保密的情况下保存”，均未规定年限。"
)
SCHOOL_DECIDES = (
    "保存年限由学校自行确定（可报上级主管部门备案），在此修改即可。涉及性侵害、虐待的记录，"
    "未成年人的诉讼时效自其年满十八周岁起计算（《民法典》第一百九十一条），学校可暂不清除这些学生。"
)


def check_years(years: int) -> int:
    if not MIN_YEARS <= years <= MAX_YEARS:
        raise ValidationError(f"保存年限应在 {MIN_YEARS} 到 {MAX_YEARS} 年之间", field=SETTING_FIELD)
    return years


def parse_years(text: str) -> int:
    """The stored setting; anything unreadable or out of range reads as the default."""
    try:
        years = int(text)
    except ValueError:
        return DEFAULT_YEARS
    return years if MIN_YEARS <= years <= MAX_YEARS else DEFAULT_YEARS


def anniversary(day: date, years: int) -> date:
    """`day` moved on `years` years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def is_due(left_on: date, years: int, today: date) -> bool:
    return anniversary(left_on, years) <= today
