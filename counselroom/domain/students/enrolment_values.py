"""One roster cell at a time: the forms schools type names, genders, dates, phones and 学号 in.

Each `parse_*` returns the clean value or raises BadValue with a Chinese reason that the
importer attaches to the row and column. Pure: `today` is passed in for the age check.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from counselroom.domain.students.student_facts import StudentFlag
from counselroom.domain.visible_text import BIDI_CONTROLS, ZERO_WIDTH, is_invisible, visible


class BadValue(ValueError):
    """A cell that cannot be read; `message` says why, in Chinese."""

    def __init__(self, message: str):
        message = visible(message)
        super().__init__(message)
        self.message = message


# Full-width ASCII (ＡＢＣ１２３（）) and the ideographic space become their half-width forms.
_HALF_WIDTH = {0xFF01 + i: 0x21 + i for i in range(94)} | {0x3000: 0x20, 0xA0: 0x20}
_CJK = r"\u3400-\u9fff"


def half_width(text: str) -> str:
    return text.translate(_HALF_WIDTH)


def clean(text: str) -> str:
    """Half-width, runs of spaces collapsed to one, trimmed."""
    return re.sub(r"\s+", " ", half_width(text)).strip()


def parse_name(text: str) -> str:
    """Spaces padding two-character names (张  三) go; the dot in 阿依古丽·买买提 is unified.
    Zero-width characters go; control characters and bidi overrides make the cell an error."""
    if any(c in BIDI_CONTROLS or (is_invisible(c) and c not in ZERO_WIDTH and not c.isspace()) for c in text):
        raise BadValue(f"姓名“{text}”含有不可见的控制字符，请在 Excel 中重新输入该姓名")
    name = clean("".join(c for c in text if c not in ZERO_WIDTH))
    name = re.sub(rf"(?<=[{_CJK}]) (?=[{_CJK}])", "", name)
    name = re.sub(r"\s*[•・.·]\s*", "·", name)
    if not name:
        raise BadValue("姓名为空" if not text.strip() else "姓名只有看不见的字符，请重新输入")
    if len(name) > 30 or re.search(r"\d", name):
        raise BadValue(f"姓名“{name}”不像人名（过长或含数字）")
    return name


def parse_student_no(text: str) -> str:
    number = re.sub(r"\s+", "", half_width(text)).upper()
    if not number:
        raise BadValue("学号为空")
    if re.fullmatch(r"\d(\.\d+)?E\+?\d+", number):
        raise BadValue(f"学号“{number}”被 Excel 显示成了科学计数法，请把学号列设为“文本”后重新导出")
    if not re.fullmatch(r"[0-9A-Z_-]{1,32}", number):
        raise BadValue(f"学号“{number}”含有字母、数字和横线以外的字符")
    return number


# GB/T 2261.1 codes: 1 男, 2 女.
_GENDERS = {
    "男": "男",
    "男生": "男",
    "男性": "男",
    "M": "男",
    "MALE": "男",
    "1": "男",
    "女": "女",
    "女生": "女",
    "女性": "女",
    "F": "女",
    "FEMALE": "女",
    "2": "女",
}


def parse_gender(text: str) -> str:
    value = clean(text).upper()
    if not value:
        raise BadValue("性别为空")
    if value not in _GENDERS:
        raise BadValue(f"无法识别的性别“{text.strip()}”，请填 男 或 女（也可用 M/F、1/2）")
    return _GENDERS[value]


_YMD = re.compile(
    r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)  # a time after it (Excel datetimes) is dropped
_YM_ONLY = re.compile(r"\d{4}\s*[-./年]\s*\d{1,2}\s*月?")
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01, counting Excel's phantom 1900-02-29
MIN_AGE, MAX_AGE = 5, 25


def parse_birth_date(text: str, *, today: date) -> date | None:
    """2011-03-05, 2011.3.5, 2011/3/5, 2011年3月5日, 20110305 or an Excel serial (40607).
    Empty gives None; an impossible date or an age outside 5–25 is refused."""
    value = clean(text)
    if not value:
        return None
    born = _read_date(value)
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if not MIN_AGE <= age <= MAX_AGE:
        raise BadValue(f"出生日期 {born.isoformat()} 对应年龄 {age} 岁，不在 {MIN_AGE}–{MAX_AGE} 岁之间，请核对")
    return born


def _read_date(value: str) -> date:
    if m := _YMD.fullmatch(value):
        return _ymd(value, int(m[1]), int(m[2]), int(m[3]))
    if re.fullmatch(r"\d{8}", value):
        return _ymd(value, int(value[:4]), int(value[4:6]), int(value[6:]))
    if re.fullmatch(r"\d{5}(\.\d+)?", value):  # Excel serial: 5 digits for any pupil's birthday
        return _EXCEL_EPOCH + timedelta(days=int(float(value)))
    if _YM_ONLY.fullmatch(value):
        raise BadValue(f"出生日期“{value}”只有年和月，请补全到日，如 2011-03-05")
    raise BadValue(f"无法识别的日期“{value}”，请写成 2011-03-05 的形式")


def _ymd(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise BadValue(f"日期“{text}”不存在（{year} 年 {month} 月没有 {day} 日）") from None


def parse_phones(text: str) -> str:
    """Mobiles (11 digits, 1[3-9]…) or landlines with area code; several split by / 、 ; ，.
    Returned as 13812345678 or 0791-86123456, several joined by 、."""
    parts = [p for p in re.split(r"[/、;；,，]|\s{2,}", half_width(text)) if p.strip()]
    return "、".join(_phone(p) for p in parts)


def _phone(text: str) -> str:
    digits = re.sub(r"[\s\-()（）—]", "", text)
    digits = re.sub(r"^(\+?86)(?=1\d{10}$)", "", digits)
    if re.fullmatch(r"1[3-9]\d{9}", digits):
        return digits
    if re.fullmatch(r"0\d{9,11}", digits):
        area = 3 if digits[1] in "12" else 4  # 010 and 02x are three digits, the rest four
        if 7 <= len(digits) - area <= 8:
            return f"{digits[:area]}-{digits[area:]}"
    raise BadValue(f"电话“{text.strip()}”不是 11 位手机号，也不是带区号的固定电话")


_RELATIONS = {
    "父": "父亲",
    "爸爸": "父亲",
    "母": "母亲",
    "妈妈": "母亲",
    "爷爷": "祖父",
    "奶奶": "祖母",
    "外公": "外祖父",
    "姥爷": "外祖父",
    "外婆": "外祖母",
    "姥姥": "外祖母",
}


def parse_relation(text: str) -> str:
    value = clean(text).replace(" ", "")
    return _RELATIONS.get(value, value)


_FAMILY_FLAGS = {
    StudentFlag.SINGLE_PARENT: ("单亲", "单亲家庭"),
    StudentFlag.DIVORCED: ("离异", "父母离异", "离异家庭"),
    StudentFlag.LEFT_BEHIND: ("留守", "留守儿童", "留守学生"),
    StudentFlag.MIGRANT: ("随迁", "随迁子女", "进城务工随迁子女"),
    StudentFlag.ORPHAN: ("孤儿/事实无人抚养", "孤儿", "事实无人抚养", "事实无人抚养儿童"),
    StudentFlag.LOW_INCOME: ("经济困难", "家庭经济困难", "贫困", "低保", "建档立卡"),
}
_FLAG_WORDS = {word: flag.value for flag, words in _FAMILY_FLAGS.items() for word in words}
_NONE_WORDS = {"", "无", "正常", "否", "-", "/", "—"}


def parse_family_flags(text: str) -> frozenset[str]:
    """单亲、留守 / 单亲,留守 / 单亲 留守 → the StudentFlag values of the family group."""
    words = [w for w in re.split(r"[、,，;；/\s]+", clean(text)) if w not in _NONE_WORDS]
    unknown = [w for w in words if w not in _FLAG_WORDS]
    if unknown:
        allowed = "、".join(f.value for f in _FAMILY_FLAGS)
        raise BadValue(f"无法识别的家庭情况“{'、'.join(unknown)}”，可填：{allowed}（多项用顿号分开）")
    return frozenset(_FLAG_WORDS[w] for w in words)


FAMILY_FLAG_VALUES = frozenset(f.value for f in _FAMILY_FLAGS)
