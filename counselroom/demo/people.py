"""Made-up people for the demo school: names, phones, subjects, and each student's household
(guardians and the family/special-need/六困生 flags of 一生一档).

Pure and deterministic: every helper draws only from the `random.Random` passed in, in a
fixed order, so one seed always gives the same class lists. Nothing here is a real person;
phone numbers are random digits behind real carrier prefixes, so they only look real.
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

from counselroom.domain.students.student_facts import StaffPosition
from counselroom.domain.students.student_facts import StudentFlag as F

Generation = Literal["child", "parent", "elder"]
MALE, FEMALE = "男", "女"

# Population in units of 10,000 (公安部户籍姓名报告 order and rough size, rounded).
_NATIONAL_SURNAMES = """
王10150 李10070 张9540 刘7210 陈6330 杨4620 黄3370 赵2860 吴2780 周2680 徐2020 孙1950 马1840
朱1810 胡1650 郭1620 何1590 林1420 高1410 罗1400 郑1250 梁1220 谢1090 宋1030 唐1000 许920
韩900 冯870 邓860 曹830 彭800 曾790 肖770 田730 董700 袁690 潘660 于650 蒋640 蔡630 余630
杜610 叶600 程590 苏550 魏540 吕530 丁520 任500 沈490 姚480 卢470 姜460 崔450 钟440 谭430
陆420 汪410 范400 金390 石380 廖370 贾360 夏350 韦340 付330 方320 白310 邹300 孟290 熊280
秦270 邱260 江250 尹240 薛230 闫220 段210 雷200 侯195 龙190 史185 陶180 黎175 贺170 顾165
毛160 郝155 龚150 邵145 万140 钱135 严130 覃125 武120 戴115 莫110 孔105 向100 汤95 常90
温90 康85 施80 文80 牛75 樊75 葛70 邢70 安65 齐65 易60 乔60 伍60 庞55 颜55 倪50 庄50 聂50
章50 鲁45 岳45 翟40 殷40 詹40 申40 欧阳35 耿35 关35 兰35 焦35 俞35 左30 柳30 甘30 祝30
包30 宁30 尚25 符25 舒25 阮25 柯25 纪25 梅25 童25 凌20 毕20 单20 季20 裴20 霍20 涂20 成20
苗20 谷20 盛20 曲20 翁20 冉20 骆20 蓝20 路20 游20 辛20 赖20 靳15 管15 柴15 鲍15 华15 喻15
祁15 蒲15 房15 滕15 屈15 饶15 艾15 尤15 阳15 时15 穆15 卓15 古15 吉15 缪15 简15 车15 项15
连15 麦15 褚15 娄15 窦15 戚15 岑10 景10 党10 宫10 费10 卜10 冷10 晏10 席10 卫10 米10 柏10
宗10 瞿10 桂10 全10 应10 臧10 闵10 邬10 边10 卞10 姬10 师10 仇10 栾10 商10 刁10 沙10 荣10
巫10 寇10 桑10 郎10 甄10 虞10 敖10 巩10 明10 佘10 池10 查10 迟10 司马3 上官3 诸葛2
"""

# The demo school is in Jiangxi, where these surnames are markedly more common than nationally.
_JIANGXI_BOOST = {
    "熊": 2.5,
    "万": 2.0,
    "涂": 4.0,
    "饶": 4.0,
    "邹": 1.8,
    "胡": 1.6,
    "罗": 1.4,
    "钟": 1.8,
    "赖": 5.0,
    "温": 2.0,
    "曾": 1.5,
    "欧阳": 3.0,
    "游": 2.0,
    "聂": 2.0,
    "彭": 1.3,
    "刘": 1.3,
    "吴": 1.4,
    "肖": 1.5,
    "江": 1.5,
    "徐": 1.3,
    "余": 1.5,
    "甘": 2.0,
    "黄": 1.2,
    "陈": 1.2,
}


def _parse_surnames(text: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    names, weights = [], []
    for item in text.split():
        name = item.rstrip("0123456789")
        names.append(name)
        weights.append(int(item[len(name) :]) * _JIANGXI_BOOST.get(name, 1.0))
    return tuple(names), tuple(accumulate(weights))


SURNAMES, _SURNAME_CUM = _parse_surnames(_NATIONAL_SURNAMES)

# Given-name characters by generation and sex: (first character, second character, one-character
# names). Children born 2007–2014, parents born 1975–1990, grandparents born 1945–1965.
_GIVEN: dict[tuple[Generation, str], tuple[str, str, str]] = {
    ("child", MALE): (
        "子梓浩宇俊博一思皓明泽天嘉文志家晨鹏振瑞佳承煜昊逸睿彦铭奕锦宏亦景星靖",
        "轩豪然杰文航宇涛鑫辰阳博睿哲恒铭凯翔晨林峰磊彬毅诚远鹏超飞洋勇斌成龙强川乐安健琛霖源熙",
        "杰伟磊浩鹏涛斌超勇俊晨睿博轩凯鑫阳毅畅昊宇航帅",
    ),
    ("child", FEMALE): (
        "子梓欣雨思佳诗紫语可雅一若心梦晓嘉婉静依怡芷美慧雪佩婧书舒馨艺秋晨沐",
        "涵萱怡琪彤妍婷雯琳悦瑶欣颖菲璐洁宁馨蕊倩娜晴月雪然琦淇茹丹玥冉珊娟婕芸岚桐蕾薇",
        "婷静敏丽雪琳颖倩欣悦蕾洁晶璐萍玲怡妍琪瑶",
    ),
    ("parent", MALE): (
        "建志海国明小文俊伟永立晓新红军春金光振世学德长宏庆卫向爱",
        "华强涛平辉军斌杰东红新明生民勇刚峰波林忠清荣亮锋文龙飞",
        "军伟勇强斌涛刚明辉峰波林平杰华",
    ),
    ("parent", FEMALE): (
        "丽秀小春海红美晓玉桂雪金凤艳慧彩翠淑爱冬素",
        "华英萍芳燕梅娟霞兰红琴珍玲莉丽艳敏静凤云花洁",
        "丽芳燕艳敏静娟霞红英萍琴玲莉梅",
    ),
    ("elder", MALE): ("国建德长志福金永广文春水明得有宝家", "华明生才林发根财山贵富荣清全仁义昌顺", "福根贵发财顺"),
    ("elder", FEMALE): ("秀桂玉凤春金冬淑菊兰翠素美月", "英兰珍华芳梅香莲花凤娥琴云荣仙", "英兰珍香莲"),
}

# One-character given names were commoner for the parents' generation than for their children.
_SINGLE_SHARE: dict[Generation, float] = {"child": 0.07, "parent": 0.2, "elder": 0.12}

# Names parents actually chose for children of those years, for the familiar repeats of a
# real class list (two 梓涵 in one grade).
_POPULAR: dict[str, tuple[str, ...]] = {
    MALE: (
        "子轩",
        "浩然",
        "宇轩",
        "梓豪",
        "俊杰",
        "博文",
        "一鸣",
        "思远",
        "皓轩",
        "子豪",
        "宇航",
        "明轩",
        "浩宇",
        "泽宇",
        "天佑",
        "嘉豪",
        "文博",
        "俊熙",
        "梓轩",
        "宇豪",
        "子涵",
        "雨泽",
        "晨阳",
        "家豪",
        "俊宇",
        "鹏飞",
        "志豪",
        "浩轩",
        "一诺",
        "思源",
    ),
    FEMALE: (
        "欣怡",
        "梓涵",
        "诗涵",
        "雨涵",
        "子涵",
        "可馨",
        "佳怡",
        "紫涵",
        "思彤",
        "雨欣",
        "梦琪",
        "一诺",
        "欣妍",
        "诗琪",
        "雅琪",
        "若曦",
        "佳琪",
        "梓萱",
        "晨曦",
        "语嫣",
        "雨桐",
        "欣悦",
        "思琪",
        "佳慧",
        "诗雨",
        "雅婷",
        "心怡",
        "梦瑶",
        "静怡",
        "子萱",
    ),
}

_MOBILE_PREFIXES = (
    *(f"13{d}" for d in range(10)),
    "147",
    *(f"15{d}" for d in "01235789"),
    "166",
    "173",
    *(f"17{d}" for d in "5678"),
    *(f"18{d}" for d in range(10)),
    "191",
    "193",
    "195",
    "198",
    "199",
)

GUARDIAN_RELATIONS = ("父亲", "母亲", "祖父", "祖母", "外祖父", "外祖母", "其他监护人")

SUBJECTS = (
    "语文",
    "数学",
    "英语",
    "物理",
    "化学",
    "生物",
    "政治",
    "历史",
    "地理",
    "体育",
    "音乐",
    "美术",
    "信息技术",
    "心理健康",
)
# Rough teaching load per subject in a 完全中学, for drawing 科任教师 and 班主任 subjects.
TEACHER_SUBJECT_WEIGHTS = {
    "语文": 5,
    "数学": 5,
    "英语": 5,
    "物理": 3,
    "化学": 2.5,
    "生物": 2,
    "政治": 2,
    "历史": 2,
    "地理": 2,
    "体育": 3,
    "音乐": 1,
    "美术": 1,
    "信息技术": 1,
}
HEAD_TEACHER_SUBJECT_WEIGHTS = {
    "语文": 5,
    "数学": 5,
    "英语": 4,
    "物理": 2,
    "化学": 2,
    "生物": 1.5,
    "政治": 1,
    "历史": 1,
    "地理": 1,
    "体育": 0.3,
}


# -- names and numbers ----------------------------------------------------------------------


def surname(rng: random.Random) -> str:
    return SURNAMES[bisect(_SURNAME_CUM, rng.random() * _SURNAME_CUM[-1])]


def given_name(rng: random.Random, gender: str, generation: Generation) -> str:
    """Mostly two characters; some one; for children some popular names and girls' 叠字."""
    roll = rng.random()
    if generation == "child" and roll < 0.25:
        return rng.choice(_POPULAR[gender])
    first, second, single = _GIVEN[(generation, gender)]
    if roll > 1.0 - _SINGLE_SHARE[generation]:
        return rng.choice(single)
    if generation == "child" and gender == FEMALE and roll > 0.91:
        return rng.choice(second) * 2
    a, b = rng.choice(first), rng.choice(second)
    return a + (b if b != a else rng.choice(second.replace(a, "")))


def full_name(rng: random.Random, gender: str, generation: Generation, family_name: str | None = None) -> str:
    return (family_name or surname(rng)) + given_name(rng, gender, generation)


def mobile(rng: random.Random) -> str:
    """Eleven digits behind a real carrier prefix; random, so no one's real number by design."""
    return rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(tuple(weights), weights=tuple(weights.values()))[0]


# -- staff ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffMember:
    family_name: str
    name: str
    gender: str
    staff_no: str
    position: StaffPosition
    subject: str
    phone: str
    qualifications: str = ""
    account: str | None = None  # the demo account this person signs in with


class Hiring:
    """Makes staff members with unique 工号 (year hired + running number)."""

    def __init__(self, rng: random.Random, school_year: int) -> None:
        self.rng, self.school_year, self.count = rng, school_year, 0

    def __call__(
        self,
        position: StaffPosition,
        subject: str,
        *,
        female: float = 0.62,
        years: tuple[int, int] = (1, 32),
        qualifications: str = "",
    ) -> StaffMember:
        rng = self.rng
        if subject == "体育":
            female = 0.25
        gender = FEMALE if rng.random() < female else MALE
        served = rng.randint(*years)
        # Teachers hired in the last decade were born in the 1990s and carry its names.
        generation: Generation = "child" if served < 10 else "parent"
        family = surname(rng)
        name = family + given_name(rng, gender, generation)
        self.count += 1
        staff_no = f"{self.school_year - served}{self.count:04d}"
        return StaffMember(family, name, gender, staff_no, position, subject, mobile(rng), qualifications)


PART_TIME_QUALIFICATIONS = ("心理咨询师（三级）", "心理健康教育教师资格证", "心理健康教育专题培训合格证书")


def full_time_qualifications(rng: random.Random) -> str:
    held = ["心理健康教育教师资格证"]
    roll = rng.random()
    if roll < 0.2:
        held.append("心理咨询师（二级）")
    elif roll < 0.65:
        held.append("心理咨询师（三级）")
    if rng.random() < 0.3:
        held.append("应用心理学硕士")
    return "；".join(held)


# -- households -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Guardian:
    name: str
    relation: str
    phone: str
    is_primary: bool


@dataclass(frozen=True)
class Household:
    flags: tuple[F, ...]  # in StudentFlag order, so writing them is deterministic too
    guardians: tuple[Guardian, ...]


@dataclass(frozen=True)
class _Family:
    orphan: bool
    left_behind: bool
    migrant: bool
    divorced: bool
    single: bool
    custodian: str  # 父亲 or 母亲 for a single-parent home


def household(rng: random.Random, family_name: str, *, graduating: bool) -> Household:
    """One student's home: situation flags first, then guardians that fit them (grandparents
    for 留守, the one parent for 单亲). `graduating`: 初三/高三, where 就业困难 can arise."""
    family = _family(rng)
    flags = _flags(rng, family, graduating=graduating)
    return Household(flags, _guardians(rng, family, family_name))


# What a home has rather than a child: a brother or sister shares these (and the guardians).
FAMILY_FLAGS = frozenset(
    {F.SINGLE_PARENT, F.DIVORCED, F.LEFT_BEHIND, F.MIGRANT, F.ORPHAN, F.LOW_INCOME, F.HARDSHIP_ECONOMIC}
)


def sibling_household(own: Household, elder: Household) -> Household:
    """A younger child's home when an elder brother or sister is at the school: the elder's
    guardians (the same phones) and family situation, the child's own health and study flags."""
    flags = {f for f in elder.flags if f in FAMILY_FLAGS} | {f for f in own.flags if f not in FAMILY_FLAGS}
    return Household(tuple(f for f in F if f in flags), elder.guardians)


def _family(rng: random.Random) -> _Family:
    # Target rates: 孤儿/事实无人抚养 0.5%, 留守 12%, 随迁 6%, 离异 10%, 单亲 8% (≈60% of
    # divorced homes plus bereaved ones).
    orphan = rng.random() < 0.005
    left_behind = not orphan and rng.random() < 0.12
    migrant = not orphan and not left_behind and rng.random() < 0.069
    divorced = not orphan and rng.random() < 0.10
    single = not orphan and rng.random() < (0.60 if divorced else 0.022)
    custodian = "母亲" if rng.random() < 0.6 else "父亲"
    return _Family(orphan, left_behind, migrant, divorced, single, custodian)


def _flags(rng: random.Random, fam: _Family, *, graduating: bool) -> tuple[F, ...]:
    chosen = {
        F.ORPHAN: fam.orphan,
        F.LEFT_BEHIND: fam.left_behind,
        F.MIGRANT: fam.migrant,
        F.DIVORCED: fam.divorced,
        F.SINGLE_PARENT: fam.single,
    }
    chosen[F.DISABILITY] = rng.random() < 0.008
    chosen[F.CONGENITAL] = rng.random() < 0.015
    chosen[F.PHYSICAL_ANOMALY] = rng.random() < 0.02
    chosen[F.LOW_INCOME] = rng.random() < _low_income_chance(fam, disabled=chosen[F.DISABILITY])
    special = chosen[F.DISABILITY] or chosen[F.CONGENITAL] or chosen[F.PHYSICAL_ANOMALY]
    strained = fam.single or fam.divorced or fam.orphan
    chosen[F.HARDSHIP_PHYSICAL] = rng.random() < (0.6 if special else 0.003)
    chosen[F.HARDSHIP_PSYCHOLOGICAL] = rng.random() < (
        0.02 * (2.0 if strained else 1.0) * (1.5 if fam.left_behind else 1.0)
    )
    chosen[F.HARDSHIP_ECONOMIC] = rng.random() < (0.75 if chosen[F.LOW_INCOME] else 0.002)
    chosen[F.HARDSHIP_LEARNING] = rng.random() < (0.056 if fam.left_behind else 0.035)
    chosen[F.HARDSHIP_EMPLOYMENT] = graduating and rng.random() < 0.015
    chosen[F.HARDSHIP_OTHER] = rng.random() < 0.008
    # 学习压力大 (S003) is not 学习困难生 (S000): commoner in the exam years, and among good students too.
    chosen[F.LEARNING_PRESSURE] = rng.random() < (0.09 if graduating else 0.03)
    return tuple(flag for flag in F if chosen.get(flag))


def _low_income_chance(fam: _Family, *, disabled: bool) -> float:
    """About 7% overall, concentrated where one income or none keeps the home."""
    if fam.orphan:
        return 0.7
    chance = 0.057 * (2.2 if fam.single else 1.0) * (1.5 if fam.left_behind else 1.0)
    return min(1.0, chance + (0.25 if disabled else 0.0))


def _guardians(rng: random.Random, fam: _Family, family_name: str) -> tuple[Guardian, ...]:
    if fam.orphan:
        relations = [_grandparent(rng) if rng.random() < 0.6 else "其他监护人"]
    elif fam.left_behind:
        # Grandparents keep the child; a parent working away is the second contact.
        relations = [_grandparent(rng)]
        if rng.random() < 0.7:
            relations.append(fam.custodian if fam.single else rng.choice(("父亲", "母亲")))
    elif fam.single:
        relations = [fam.custodian] + ([_grandparent(rng)] if rng.random() < 0.3 else [])
    else:
        relations = ["母亲", "父亲"] if rng.random() < 0.55 else ["父亲", "母亲"]
        if rng.random() < 0.25:
            relations.pop()
    mother_name = surname(rng)
    return tuple(
        Guardian(_guardian_name(rng, rel, family_name, mother_name), rel, mobile(rng), i == 0)
        for i, rel in enumerate(relations)
    )


def _grandparent(rng: random.Random) -> str:
    # Paternal grandparents take in left-behind children more often than maternal ones.
    return weighted(rng, {"祖母": 0.38, "祖父": 0.27, "外祖母": 0.22, "外祖父": 0.13})


def _guardian_name(rng: random.Random, relation: str, family_name: str, mother_name: str) -> str:
    """Surnames follow the family: 父亲 and 祖父 share the child's, 外祖父 the mother's."""
    sex = MALE if relation in ("父亲", "祖父", "外祖父") else FEMALE
    generation: Generation = "parent" if relation in ("父亲", "母亲") else "elder"
    if relation == "其他监护人":
        sex, generation = rng.choice((MALE, FEMALE)), "parent"
        return full_name(rng, sex, generation, family_name if rng.random() < 0.5 else None)
    own = {"父亲": family_name, "祖父": family_name, "母亲": mother_name, "外祖父": mother_name}
    return full_name(rng, sex, generation, own.get(relation))
