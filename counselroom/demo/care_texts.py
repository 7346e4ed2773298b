"""The words of the demo's care records, as a counselor in a Chinese secondary school writes them.

Pure: every function draws only from the `random.Random` it is given. Nothing here diagnoses:
a record says what was seen or said (情绪低落, 睡眠差, 筛查阳性, 重点关注), never what anyone has.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from counselroom.domain.care.warning_reasons import degree_text
from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.students.student_facts import StudentFlag as F

# -- 学籍 ------------------------------------------------------------------------------------
SUSPEND_REASONS = (
    "因身体原因需住院治疗，家长提出申请，经学校批准休学一年",
    "因病需较长时间治疗和休养，家长持医院证明申请休学",
    "因情绪困扰需在家休养调整，家长申请，经学校研究同意休学一学期",
    "家庭变故，家长申请休学一学期",
    "骨折手术后需卧床休养，家长申请休学",
)
RESUME_REASONS = (
    "休学期满，家长提出复学申请，经复学评估同意复学",
    "身体已康复，持医院复查意见申请复学，经评估同意复学",
    "在家休养后状态良好，家长陪同面谈，经心理中心复学评估同意复学，开学后持续关注",
)

# -- what was found when a positive screen was followed up -------------------------------------
_FINDINGS = (
    "自述近一个月情绪低落，对什么都提不起兴趣",
    "入睡困难，常到凌晨一两点才睡着，白天上课犯困",
    "觉得自己什么都做不好，对考试十分担心",
    "和父母沟通少，在校朋友不多，课间常一个人待着",
    "最近食欲差，午饭常常不吃，情绪低落",
    "月考失利后情绪低落，觉得努力也没有用",
    "与同学关系紧张，觉得被孤立，不想来学校",
    "常因小事烦躁，和家人冲突增多，睡眠差",
)
_ITEM9_FINDINGS = (
    "第9题选择“{answer}”，面谈中承认偶有消极念头，否认有具体计划",
    "第9题选择“{answer}”，面谈中表示“有时觉得活着很累”，已告知家长",
)
_RED_FINDINGS = (
    "面谈中承认近期有伤害自己的念头，已当日通知家长，建议到专业医疗机构进一步评估",
    "手臂有新鲜划痕，承认近期有伤害自己的行为，已通知家长并建议尽快就医评估",
)
_ANSWER_LABELS = {1: "好几天", 2: "一半以上的天数", 3: "几乎每天"}


def screening_reason(
    rng: random.Random, sitting: str, instrument: str, total: int, band: str, item9: int, level: WarningLevel
) -> str:
    head = f"{sitting} {instrument} 总分 {total}，{degree_text(band)}，筛查阳性；复评访谈："
    if level is WarningLevel.RED:
        return head + rng.choice(_RED_FINDINGS)
    if item9:
        return head + rng.choice(_ITEM9_FINDINGS).format(answer=_ANSWER_LABELS[item9])
    return head + rng.choice(_FINDINGS)


# -- concerns raised by 心理委员 and 班主任 -----------------------------------------------------
CONCERNS = (
    "最近上课常走神、不愿说话，课间一个人趴在桌上",
    "这两周经常说睡不着，早上到校很没精神",
    "和同寝室同学闹矛盾后情绪低落，有时独自流泪",
    "月考后情绪很低落，说自己怎么努力都没用",
    "最近食欲差，午饭经常不吃",
    "父母最近在闹离婚，上课注意力不集中",
    "被几个同学起外号，最近不太愿意来上学",
    "经常请病假，作业多次未交",
    "脾气变得急躁，和同学起过两次冲突",
    "说压力很大，每天学到很晚，白天上课犯困",
    "在班级群里发了很消极的话，情绪不太稳定",
    "最近总是一个人待着，不参加集体活动",
    "沉迷手机游戏，经常熬夜，上课睡觉",
    "家里老人去世后一直情绪不高，很少和人交流",
)
SERIOUS_CONCERNS = (
    "在周记里写到觉得活着没意思",
    "手臂上有划痕，问起来不愿多说",
)
CLASS_CONCERNS = (
    "期中考试临近，班上不少同学反映压力大、睡不好",
    "班上两名同学闹矛盾，部分同学跟着站队，班级气氛紧张",
    "近期班上请假的同学较多，几位同学情绪低落",
)

# -- the reasons for listing that came from elsewhere than a screen --------------------------------
TALK_REASONS = (
    "谈心谈话中自述父母离异后长期情绪低落，睡眠差",
    "谈心谈话中流露出对学习的强烈无力感，说“怎么努力都没用”",
    "谈心谈话中说起被同学排挤，近期不愿到校",
    "谈心谈话中表示与父母冲突多，常常想离家出走",
    "谈心谈话中自述长期睡不好，上课注意力难以集中",
    "谈心谈话中提到爷爷去世后一直情绪不高，很少和人交流",
)
PARENT_REASONS = (
    "家长来电反映孩子近期在家不愿说话，常关在房间里，周末拒绝出门",
    "家长反映孩子最近晚上玩手机到很晚，早上起不来，和家人冲突多",
    "家长反映孩子近来食欲差、常哭泣，说不想上学",
    "家长反映孩子在日记里写到觉得自己没用，担心孩子情绪",
)
_RED_AFTER_REPORT = (
    "当日面谈评估，承认近期有伤害自己的念头，已通知家长，建议到专业医疗机构进一步评估",
    "当日面谈评估并通知家长到校，建议尽快到专业医疗机构评估，在校安排同伴陪伴",
)
_RED_DIRECT = {
    "谈心谈话": (
        "谈心谈话中承认近期有伤害自己的念头，已当日通知家长，建议到专业医疗机构进一步评估",
        "谈心谈话中说起“不想活了”，否认有具体计划，已通知家长并建议尽快就医评估",
    ),
    "家长反映": (
        "家长反映孩子近期说过“不想活了”之类的话，当日面谈评估，已与家长商定陪同就医评估",
        "家长在孩子手机里看到消极的聊天内容，当日面谈评估，建议家长陪同到专业医疗机构评估",
    ),
}


def reported_reason(who: str, concern: str) -> str:
    """A listing that began with a 心理委员's or 班主任's report, as the proposal's reason too."""
    return f"{who}报告：{concern}"


def confirmed_report_reason(rng: random.Random, role: str, concern: str, level: WarningLevel) -> str:
    if level is WarningLevel.RED:
        return f"{role}反映：{concern}；" + rng.choice(_RED_AFTER_REPORT)
    return f"{role}反映：{concern}；" + rng.choice(
        ("经面谈核实，情绪低落，列入关注", "面谈中情绪低落，睡眠差，列入关注", "与学生面谈并联系家长核实，列入关注")
    )


def direct_reason(rng: random.Random, source: str, level: WarningLevel) -> str:
    """谈心谈话 or 家长反映: the counselor lists the student directly."""
    if level is WarningLevel.RED:
        return rng.choice(_RED_DIRECT[source])
    return rng.choice(TALK_REASONS if source == "谈心谈话" else PARENT_REASONS)


# -- deciding proposals ------------------------------------------------------------------------
REJECT_REASONS = (
    "复评访谈未见明显异常",
    "复评访谈未见明显异常，作答时受月考影响，暂不列入",
    "经班主任了解，近期学习生活正常，暂不列入，转常规关注",
    "与学生面谈，近期情绪尚可，睡眠一般，建议班主任日常留意",
    "家长反映孩子在家表现正常，访谈未见明显异常，暂不列入",
    "复测后总分已低于临界值，暂不列入，下次普查再评",
)
REJECT_ITEM9_REASONS = (
    "面谈评估：对第9题理解有误，否认伤害自己的念头，暂不列入，一个月后复测",
    "面谈中否认有伤害自己的想法，情绪基本平稳，已告知班主任留意，暂不列入",
)
REJECTED_REPORTS = (  # (concern, why it was not listed)
    ("脾气变得急躁，和同学起过两次冲突", "了解后系同学间误会，已由班主任妥善处理，暂不列入"),
    ("被几个同学起外号，最近不太愿意来上学", "班主任已处理起外号一事，学生本人表示已无困扰，暂不列入"),
    ("最近上课常走神、不愿说话，课间一个人趴在桌上", "面谈后未见明显异常，近期因感冒身体不适，已请心理委员继续留意"),
    ("这两周经常说睡不着，早上到校很没精神", "面谈了解为备考熬夜所致，已指导调整作息，暂不列入"),
)
ALREADY_LISTED = "已在重点关注名单中，维持原等级，继续跟踪"

# -- reviews, changes of level, closing ------------------------------------------------------------
_REVIEWS = (
    "复评：情绪较前平稳，睡眠有所改善，继续关注",
    "复评：仍有情绪低落，学习动力不足，维持原等级",
    "复评：与同学关系有所缓和，能按时到校",
    "复评：家长反馈在家情绪尚可，继续每周谈话一次",
    "复评：月考后情绪有波动，已与班主任沟通，加强关注",
    "复评：本周主动来心理辅导室一次，愿意表达，状态较前好转",
    "复评：作息仍不规律，已与家长约定减少晚间手机使用",
)
_RED_REVIEWS = (
    "复评：已由家长陪同到专业医疗机构评估，按时复诊，在校情绪基本稳定，继续重点看护",
    "复评：家校每日联系，未再提及伤害自己的念头，维持红色，继续重点看护",
)
_DOWN = (
    "情绪明显好转，睡眠改善，能正常参加课堂和集体活动，调整为{level}",
    "近一个月情绪平稳，家长和班主任反馈良好，调整为{level}",
)
_UP = (
    "近期情绪波动加重，多次缺课，与家长沟通后调整为{level}",
    "期中考试后情绪明显低落，睡眠差，调整为{level}，增加谈话频次",
)
CLOSE_REASONS = (
    "连续两次复评情绪平稳，学习生活恢复正常，经心理中心研判解除预警，转为常规关注",
    "家长、班主任反馈状态良好，复测 PHQ-9 低于临界值，解除预警",
    "家庭矛盾已缓和，近一个月情绪稳定，解除预警，成长导师继续跟进",
)


def review_note(rng: random.Random, level: WarningLevel) -> str:
    return rng.choice(_RED_REVIEWS if level is WarningLevel.RED else _REVIEWS)


def level_change(rng: random.Random, before: WarningLevel, after: WarningLevel) -> str:
    return rng.choice(_UP if after.rank > before.rank else _DOWN).format(level=f"{after.label}预警")


# -- 一人一案 ----------------------------------------------------------------------------------
_GOALS = {
    WarningLevel.RED: (
        "1. 确保安全：在校有人陪伴，家庭做好看护；"
        "2. 由家长陪同到专业医疗机构评估，按医嘱规律复诊；"
        "3. 情绪稳定后逐步恢复正常学习。"
    ),
    WarningLevel.ORANGE: (
        "1. 一个月内情绪明显改善，不再出现伤害自己的念头；"
        "2. 按时到校，完成基本学习任务；"
        "3. 家长掌握观察要点，家校每周沟通。"
    ),
    WarningLevel.YELLOW: (
        "1. 情绪保持平稳，睡眠逐步改善；2. 恢复正常的学习节奏；3. 身边至少有两位可以倾诉的同学或老师。"
    ),
}
_TALKS = {WarningLevel.RED: "每周两次", WarningLevel.ORANGE: "每周一次", WarningLevel.YELLOW: "每两周一次"}


def plan(rng: random.Random, level: WarningLevel, flags: frozenset[str], exam_year: bool) -> tuple[str, str]:
    """(goals, measures) of a 一人一案 for a student on the list at `level`."""
    measures = [
        f"心理教师{_TALKS[level]}个别辅导，记录情绪和睡眠变化",
        "班主任每日留意出勤和课堂状态，发现异常当天告知心理中心",
        rng.choice(("每两周与家长电话沟通一次，指导家庭陪伴方式", "每周与家长沟通一次，请家长关注作息和手机使用")),
    ]
    if level is WarningLevel.RED:
        measures.insert(1, "在校期间安排同伴陪伴，不单独活动；宿舍和家中排查危险物品")
    measures.append("成长导师每周谈心一次，关心学习和生活")
    measures.append("心理委员留意同伴关系和情绪变化，及时报告")
    extra = {
        F.LEFT_BEHIND.value: "与在外务工的父母约定每周视频通话一次",
        F.LOW_INCOME.value: "落实资助政策，减轻家庭经济压力",
        F.DIVORCED.value: "与监护人沟通，尽量避免在孩子面前争吵",
        F.HARDSHIP_LEARNING.value: "请科任教师适当调整作业量，安排同学结对帮扶",
    }
    measures += [text for flag, text in extra.items() if flag in flags]
    if exam_year:
        measures.append("帮助制定切实可行的复习计划，减轻升学焦虑")
    return _GOALS[level], "\n".join(f"{i}. {m}" for i, m in enumerate(measures, start=1))


# -- 家长告知 (S004: 及时与家长进行密切沟通) ------------------------------------------------------
_NOTICE_CHANNELS = {
    WarningLevel.RED: (("面谈", 3), ("电话", 2)),
    WarningLevel.ORANGE: (("电话", 3), ("面谈", 2), ("家访", 1)),
    WarningLevel.YELLOW: (("电话", 3), ("微信", 2), ("家访", 1)),
}
_RED_RESPONSES = (
    "家长当天下午到校，同意尽快带孩子到专科医院评估，在家安排人陪伴",
    "家长很担心，答应这段时间每天接送，收好家中药品和刀具，按时复诊",
)
_RESPONSES = (
    "家长表示此前没有察觉，会多关心孩子的情绪和睡眠，每周与班主任沟通一次",
    "家长认为孩子只是学习压力大，经沟通后同意配合学校关注，必要时就医评估",
    "家长表示会减少对成绩的批评，多陪孩子聊天，周末少安排补习",
    "家长在外务工，电话中很着急，已请孩子的奶奶多留意，答应每周视频通话",
    "家长同意配合，希望老师多鼓励孩子，有情况随时联系",
)


def guardian_notice(rng: random.Random, level: WarningLevel) -> tuple[str, str]:
    """(channel, what the guardian said) when told that their child is on the list at `level`."""
    channels = _NOTICE_CHANNELS[level]
    channel = rng.choices([c for c, _ in channels], weights=[w for _, w in channels])[0]
    return channel, rng.choice(_RED_RESPONSES if level is WarningLevel.RED else _RESPONSES)


# -- 成长史、生活史、心理支持系统 -------------------------------------------------------------------
_PARENTS = {"父亲", "母亲"}
# 国家助学金 is paid in 普通高中 and 中职; in compulsory education (小学、初中) a family in hardship
# gets the 生活补助 for boarders and the school's own help instead.
_AID = {"高中": "已享受国家助学金", "中职": "已享受国家助学金"}
_COMPULSORY_AID = "已享受义务教育家庭经济困难学生生活补助"
_HOBBIES = ("喜欢画画", "喜欢打篮球", "喜欢看小说", "喜欢听音乐", "喜欢跑步", "课余爱好不多")
_HABITS = ("周末手机使用时间较长", "作息基本规律", "晚上常熬夜写作业", "平时较少使用手机")


def background(rng: random.Random, flags: frozenset[str], guardians: Sequence[str], stage: str) -> tuple[str, str, str]:
    """(成长史, 生活史, 心理支持系统) written by a counselor who has met the student and family.
    `stage` (初中, 高中, 中职 …) decides the aid: 国家助学金 is for 高中 and 中职 only."""
    carer = guardians[0] if guardians else "亲属"
    growth = [
        rng.choice(
            (
                "足月顺产，幼年发育正常",
                "早产，幼年体质较弱，常生病",
                "幼年发育正常，性格偏内向",
                "幼年发育正常，小时候活泼好动",
            )
        )
    ]
    if F.ORPHAN.value in flags:
        growth.append(f"父母均不在身边，现由{carer}照顾")
    elif F.LEFT_BEHIND.value in flags:
        growth.append(f"父母常年在外务工，自幼由{carer}带大")
    if F.DIVORCED.value in flags:
        age = rng.choice(("六岁", "小学三年级", "小学五年级", "初一"))
        custodian = carer if carer in _PARENTS else "祖辈"
        growth.append(f"{age}时父母离异，此后随{custodian}生活")
    elif F.SINGLE_PARENT.value in flags:
        lost = "母亲" if carer == "父亲" else "父亲"
        growth.append(f"{lost}在其年幼时因病去世，由{carer}抚养长大")
    if F.MIGRANT.value in flags:
        growth.append("小学阶段随父母从外县迁来赣江市就读")
    if F.CONGENITAL.value in flags:
        growth.append("患有先天性疾病，需定期到医院复查")
    if F.DISABILITY.value in flags:
        growth.append("持有残疾证，日常生活基本能自理")
    growth.append(
        rng.choice(
            (
                "小学成绩中上，担任过班干部",
                "小学阶段成绩一般，较少参加集体活动",
                "进入中学后成绩有所下滑",
                "成绩一直中等偏上，对自己要求较高",
            )
        )
    )

    if F.LEFT_BEHIND.value in flags:
        life = [f"现与{carer}同住，父母一般春节才回家"]
    elif F.ORPHAN.value in flags:
        life = [f"现与{carer}同住"]
    elif set(guardians) >= _PARENTS:
        life = ["现与父母同住"]
    else:
        life = [f"现与{'、'.join(guardians) or carer}同住"]
    if rng.random() < 0.4:
        life.append("住校，周末回家")
    if F.LOW_INCOME.value in flags:
        life.append(f"家庭经济较紧张，{_AID.get(stage, _COMPULSORY_AID)}")
    life.append(rng.choice(_HOBBIES))
    life.append(rng.choice(_HABITS))

    support = [
        rng.choice(
            (
                f"与{carer}关系亲近，遇事愿意沟通",
                "与父亲沟通少，和母亲关系较好",
                "家长对情绪问题重视不够，认为是“想太多”",
                "家长关心但方法简单，常以说教为主",
            )
        )
        if carer in _PARENTS
        else rng.choice(
            (f"与{carer}感情深，但{carer}年纪大，难以沟通学习上的事", f"{carer}照顾生活起居较细心，情感交流较少")
        )
    ]
    support.append(rng.choice(("班上有一两个要好的朋友", "朋友较少，课间多独处", "与同寝室同学关系较好")))
    support.append(rng.choice(("信任班主任，愿意找心理老师聊天", "愿意与成长导师交流", "对老师较为戒备，不太主动求助")))
    return _sentence(growth), _sentence(life), _sentence(support)


def _sentence(parts: Sequence[str]) -> str:
    return "；".join(parts) + "。"
