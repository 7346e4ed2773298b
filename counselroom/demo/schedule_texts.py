"""The words of the demo's appointments, waitlist, duty swaps and duty logs.

Appointment notes stay practical (带作业本, 家长陪同), as the booking dialog asks; what was talked
about goes only in the duty log, in the plain way a duty teacher writes it (初二学生来访，谈同学
关系) — what was seen or said, never a diagnosis.
"""

from __future__ import annotations

import random

CANCEL_REASONS = (
    "学生当天考试，改约下周",
    "家长来电改期",
    "学生请病假",
    "班级活动时间冲突",
    "学生表示暂时不需要了",
    "学生被安排补课",
    "老师外出参加培训，改约",
    "学生参加校运会训练",
    "学生忘记了，班主任来电说明",
)
LATE_CANCEL_REASONS = (
    "学生临时身体不适，班主任来电取消",
    "班级临时加课",
    "学生中午被叫去参加竞赛辅导",
    "家长临时来接孩子",
    "学生当天请假回家",
)

INDIVIDUAL_NOTES = (
    "家长陪同",
    "请班主任提醒按时到",
    "第二次会谈",
    "带上次的记录单",
    "学生希望用沙盘",
    "午饭后过来",
    "放学后过来，已告知家长晚些接",
)
FOLLOW_UP_NOTES = ("每周例行随访", "复评前随访", "返校后随访", "考试后随访")
PARENT_NOTES = ("母亲来校", "父亲来校", "父母一起来", "祖母来校（孩子由祖辈照顾）", "家长下班后过来")
RETURNED_NOTES = ("医院复诊后返校", "复学后第一次会谈", "带医院复诊意见")

# (theme, grade prefixes it is for, the term it suits: 1 autumn, 2 spring, 0 either)
GROUP_THEMES = (
    ("新生适应团辅", ("初一", "高一"), 1),
    ("人际交往小组", ("初一", "初二", "高一"), 0),
    ("情绪管理小组", ("初二", "初三", "高一", "高二"), 0),
    ("考前减压团辅", ("初三", "高三"), 2),
    ("学习动力小组", ("初二", "高二"), 0),
    ("生涯规划小组", ("高一", "高二"), 0),
)

TOPICS = (
    "同学关系",
    "学习压力",
    "和父母的沟通",
    "考试焦虑",
    "最近情绪不好",
    "睡眠不好",
    "新环境适应",
    "青春期的困惑",
    "手机使用",
    "和老师的关系",
    "升学选择",
    "宿舍矛盾",
    "对自己没信心",
)
WALK_IN_WAYS = ("来访", "午休时来访", "由心理委员陪同来访", "放学后来访", "由班主任带来")
CALL_TOPICS = (
    "家长来电咨询孩子厌学",
    "家长来电询问预约时间",
    "班主任来电反映学生情绪",
    "家长来电说孩子最近睡得晚",
    "市心理援助热线转介回访",
    "家长来电咨询亲子沟通",
)
QUIET = (
    "无来访，整理个案档案",
    "无来访，整理沙盘室",
    "无来访，准备下周团辅材料",
    "无来访，完善心理健康教育课件",
    "无来访，整理图书角",
)
HANDOVERS = (
    "沙盘室部分沙具需补充",
    "下周团辅材料已放在资料柜",
    "放松椅右侧扶手松动，已报后勤",
    "来访登记本快用完",
    "已提醒心理委员周五交班级心理晴雨表",
    "预约登记表已更新",
    "饮水机需换桶装水",
)

SWAP_REASONS = (
    "外出参加市心理健康教育培训",
    "当天监考",
    "带学生外出参加比赛",
    "家中有事请假",
    "当天有公开课",
    "病假",
    "参加区教研活动",
    "临时安排家访",
)
DECLINE_NOTES = ("当天值班老师已安排，不能再调，请另找时间", "接替老师当天已有两节课，未批准")

WAIT_TIMES = ("周二、周四午休", "周三下午", "放学后", "午休时间", "不限", "周一或周五放学后")
WAIT_REASONS = (
    "学生自主申请，近期午休时段已约满",
    "班主任推荐，希望尽快安排",
    "心理委员陪同来问，希望约女老师",
    "家长希望孩子和老师聊聊",
    "学生希望约固定的老师",
)


def walk_in_event(rng: random.Random, grade: str, gender: str) -> str:
    """初二女生午休时来访，谈同学关系 — grade and sex only, never a name."""
    who = f"{grade}{'女生' if gender == '女' else '男生'}" if rng.random() < 0.6 else f"{grade}学生"
    return f"{who}{rng.choice(WALK_IN_WAYS)}，谈{rng.choice(TOPICS)}"


def booked_event(kind: str, count: int) -> str:
    return f"按预约{kind} {count} 人次"


def group_event(theme: str, students: int) -> str:
    return f"{theme}活动，{students} 名学生参加"


def drop_in_event(rng: random.Random, grade: str) -> str:
    return rng.choice((f"{grade}学生来借心理读物", f"{grade}学生来问预约方法", f"{grade}心理委员来交班级心理晴雨表"))
