"""Pinyin initials for finding a student by typing zxm for 张晓明 (UX: Ctrl+F search).

pypinyin reads a surname like any other word (单 → dan, 曾 → ceng); the common surnames
read differently are corrected here so 单田芳 is found as stf, not dtf.
"""

from __future__ import annotations

import re

# Surnames whose reading as a surname differs from the everyday one (initial letter only).
_COMPOUND_SURNAMES = {"单于": "cy", "尉迟": "yc", "长孙": "zs", "万俟": "mq", "澹台": "tt"}
_SURNAMES = {
    "单": "s",
    "曾": "z",
    "解": "x",
    "仇": "q",
    "查": "z",
    "区": "o",
    "盖": "g",
    "翟": "z",
    "乐": "y",
    "覃": "q",
    "种": "c",
    "召": "s",
    "繁": "p",
    "句": "g",
    "朴": "p",
    "缪": "m",
    "秘": "b",
    "折": "s",
    "员": "y",
    "隗": "w",
}


def name_initials(name: str) -> str:
    """Lower-case first letters: 张晓明 → zxm, 单田芳 → stf, 曾小贤 → zxx."""
    from pypinyin import Style, lazy_pinyin  # loads its dictionary: only when needed

    name = name.strip()
    head, rest = "", name
    if name[:2] in _COMPOUND_SURNAMES:
        head, rest = _COMPOUND_SURNAMES[name[:2]], name[2:]
    elif name[:1] in _SURNAMES and len(name) > 1:
        head, rest = _SURNAMES[name[:1]], name[1:]
    letters = head + "".join(lazy_pinyin(rest, style=Style.FIRST_LETTER, errors="default"))
    return re.sub(r"[^a-z0-9]", "", letters.lower())
