"""A name with control characters, bidi overrides or only zero-width characters is a row error,
and no message shows an invisible character raw (issue #9's findings)."""

from __future__ import annotations

import pytest

from counselroom.domain.errors import ValidationError
from counselroom.domain.students.enrolment_rules import RowError
from counselroom.domain.students.enrolment_values import BadValue, parse_name
from counselroom.domain.visible_text import visible

RLO = "\u202e"


@pytest.mark.parametrize(
    "cell",
    ["张\u0007三", f"{RLO}三张", "李\u2066娜\u2069", "王\u0000五", "赵\u200f六"],
    ids=["bell", "right-to-left override", "isolate", "nul", "rtl mark"],
)
def test_control_and_bidi_characters_make_the_name_an_error(cell: str) -> None:
    with pytest.raises(BadValue) as caught:
        parse_name(cell)
    assert "控制字符" in caught.value.message
    assert not any(c in caught.value.message for c in "\u0007\u202e\u2066\u2069\u0000\u200f")
    assert "〈U+" in caught.value.message


def test_only_zero_width_characters_is_no_name() -> None:
    with pytest.raises(BadValue, match="看不见的字符"):
        parse_name("\u200b\u200d\ufeff")


def test_zero_width_characters_inside_a_real_name_are_dropped() -> None:
    assert parse_name("张\u200b三") == "张三"
    assert parse_name("张\t三") == "张三"  # a tab is white space, not a control to refuse


def test_messages_never_carry_invisible_characters_raw() -> None:
    error = ValidationError(f"“{RLO}gpj.exe”不是名单", field=f"姓{RLO}名")
    assert RLO not in error.message and RLO not in str(error) and "〈U+202E〉" in error.message
    row = RowError(3, f"姓{RLO}名", f"“{RLO}x”不对")
    assert RLO not in str(row) and RLO not in row.column
    assert visible("第 3 行\n第 4 行") == "第 3 行\n第 4 行", "a line break stays a line break"
