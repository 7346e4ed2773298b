"""Invalid questionnaires (too fast, failed lie/validity items) and the review note on sheets with
the same answer throughout, which are flagged in both directions and never rejected."""

from __future__ import annotations

import pytest

from counselroom.domain.errors import ValidationError
from counselroom.domain.screening.screening_quality import (
    invalid_reason,
    min_duration,
    parse_duration,
    review_notes,
    straight_lined,
    too_fast,
    validity_failed,
)


def test_too_fast_below_two_seconds_an_item() -> None:
    assert min_duration(9) == 18
    assert "作答过快" in too_fast(17, 9)
    assert too_fast(18, 9) == ""
    assert too_fast(None, 9) == ""  # unknown duration is not held against the student


def test_straight_lining_on_long_forms_only() -> None:
    assert "同一答案" in straight_lined([2] * 9)
    assert "同一答案" in straight_lined([3] * 7)
    assert straight_lined([1] * 6) == ""  # too short to judge
    assert straight_lined([1] * 8 + [2]) == ""
    assert straight_lined([0, 0, 0, 0, None]) == ""


@pytest.mark.parametrize("value", ["无效", "未通过", "不通过", "否", " 可疑 "])
def test_failed_validity_words(value: str) -> None:
    assert "未通过" in validity_failed(value)


@pytest.mark.parametrize("value", ["", "有效", "通过", "正常", "是"])
def test_passed_validity_words(value: str) -> None:
    assert validity_failed(value) == ""


def test_lie_scores_need_a_limit() -> None:
    assert "高于上限" in validity_failed("8", lie_max=6)
    assert validity_failed("6", lie_max=6) == ""
    with pytest.raises(ValidationError, match="上限"):
        validity_failed("8")
    with pytest.raises(ValidationError, match="无法识别的效度值"):
        validity_failed("也许")


@pytest.mark.parametrize("same", [0, 3])
def test_straight_lining_is_flagged_for_review_in_both_directions(same: int) -> None:
    """PHQ-9 and GAD-7 have no reversed items: all 0 and all 3 are both possible, both looked at."""
    for count in (9, 7):
        notes = review_notes([same] * count)
        assert len(notes) == 1 and "同一答案" in notes[0] and "核实" in notes[0]
        assert invalid_reason(item_count=count, duration_seconds=60) == ""  # never rejected for it
    assert review_notes([0, 1, 0, 2, 0, 0, 1, 0, 0]) == ()


def test_invalid_reason_joins_every_reason() -> None:
    reason = invalid_reason(item_count=9, duration_seconds=10, validity="无效")
    assert reason.count("；") == 1
    assert "作答过快" in reason and "测谎" in reason and "同一答案" not in reason
    assert invalid_reason(item_count=9, duration_seconds=60) == ""


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("95", 95),
        ("95秒", 95),
        ("95s", 95),
        ("1:35", 95),
        ("01:35", 95),
        ("00:01:35", 95),
        ("1分35秒", 95),
        ("2分钟", 120),
        ("９５", 95),
        ("", None),
        ("94.6", 95),
    ],
)
def test_parse_duration(text: str, seconds: int | None) -> None:
    assert parse_duration(text) == seconds


def test_a_minutes_column_counts_bare_numbers_as_minutes() -> None:
    assert parse_duration("3", minutes=True) == 180
    assert parse_duration("2.5", minutes=True) == 150
    assert parse_duration("1:35", minutes=True) == 95  # a clock reading is unambiguous


@pytest.mark.parametrize("text", ["很快", "1:xx", "-5", "inf"])
def test_parse_duration_refuses_nonsense(text: str) -> None:
    with pytest.raises(ValidationError, match="无法识别的用时"):
        parse_duration(text)
