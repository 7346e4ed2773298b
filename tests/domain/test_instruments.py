"""PHQ-9, GAD-7 and ASQ scored by their published rules; the proposal rule."""

from __future__ import annotations

import pytest

from counselroom.domain.care.warning_reasons import screening_reason
from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.errors import ValidationError
from counselroom.domain.screening.instruments import (
    ASQ,
    GAD7,
    PHQ9,
    REFUSED,
    built_in,
    instrument_name,
    parse_answer,
    propose_level,
    score,
    score_hand_total,
    score_total_only,
)


def phq9(total: int, item9: int = 0) -> list[int]:
    """Nine answers summing to `total` with item 9 as given (items 1–8 filled from the top)."""
    rest = total - item9
    answers = []
    for _ in range(8):
        step = min(3, rest)
        answers.append(step)
        rest -= step
    assert rest == 0, "total out of reach"
    return [*answers, item9]


def gad7(total: int) -> list[int]:
    answers, rest = [], total
    for _ in range(7):
        step = min(3, rest)
        answers.append(step)
        rest -= step
    return answers


def test_phq9_item9_one_with_total_four_is_still_flagged() -> None:
    result = score(PHQ9, phq9(4, item9=1))
    assert result.total == 4
    assert result.band == "无或极轻微抑郁症状"
    assert not result.positive
    assert result.risk_flag
    assert result.item9 == 1
    assert "第 9 题" in result.flags[0]
    assert propose_level(result) is WarningLevel.ORANGE


@pytest.mark.parametrize(
    ("total", "band", "positive"),
    [
        (0, "无或极轻微抑郁症状", False),
        (4, "无或极轻微抑郁症状", False),
        (5, "轻度抑郁症状", False),
        (9, "轻度抑郁症状", False),
        (10, "中度抑郁症状", True),
        (14, "中度抑郁症状", True),
        (15, "中重度抑郁症状", True),
        (19, "中重度抑郁症状", True),
        (20, "重度抑郁症状", True),
        (24, "重度抑郁症状", True),
    ],
)
def test_phq9_bands_at_every_boundary(total: int, band: str, positive: bool) -> None:
    result = score(PHQ9, phq9(total))
    assert (result.total, result.band, result.positive, result.risk_flag) == (total, band, positive, False)


def test_phq9_maximum_total() -> None:
    result = score(PHQ9, [3] * 9)
    assert (result.total, result.band, result.risk_flag) == (27, "重度抑郁症状", True)
    assert propose_level(result) is WarningLevel.RED


@pytest.mark.parametrize(
    ("total", "band", "positive"),
    [
        (0, "无或极轻微焦虑症状", False),
        (4, "无或极轻微焦虑症状", False),
        (5, "轻度焦虑症状", False),
        (9, "轻度焦虑症状", False),
        (10, "中度焦虑症状", True),
        (14, "中度焦虑症状", True),
        (15, "重度焦虑症状", True),
        (19, "重度焦虑症状", True),
        (21, "重度焦虑症状", True),
    ],
)
def test_gad7_bands_at_every_boundary(total: int, band: str, positive: bool) -> None:
    result = score(GAD7, gad7(total))
    assert (result.total, result.band, result.positive, result.risk_flag) == (total, band, positive, False)


def test_bands_never_say_diagnosis() -> None:
    labels = [b.label for spec in (PHQ9, GAD7) for b in spec.bands]
    assert all("症状" in label and "诊断" not in label for label in labels)
    assert PHQ9.thresholds == (5, 10, 15, 20)
    assert GAD7.thresholds == (5, 10, 15)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ([0] * 8, "应有 9 题，收到 8 题"),
        ([0] * 10, "应有 9 题，收到 10 题"),
        ([0, 0, 4, 0, 0, 0, 0, 0, 0], "第 3 题的答案应为 0–3"),
        ([0, 0, 0, 0, -1, 0, 0, 0, 0], "第 5 题的答案应为 0–3"),
        ([0, 0, 0, 0, 0, 0, 0, None, 0], "第 8 题还没有作答"),
        ([0, 0, 0, 0, 0, 0, True, 0, 0], "第 7 题的答案应为 0–3"),
    ],
)
def test_phq9_refuses_bad_answers_naming_the_item(answers: list, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        score(PHQ9, answers)
    assert message in info.value.message


def test_gad7_refuses_a_wrong_item_count() -> None:
    with pytest.raises(ValidationError, match="GAD-7 应有 7 题"):
        score(GAD7, [1] * 9)


def test_asq_all_no_is_negative() -> None:
    result = score(ASQ, [0, 0, 0, 0])
    assert (result.positive, result.risk_flag, result.acute, result.band) == (False, False, False, "阴性")
    assert propose_level(result) is None


def test_asq_any_yes_is_positive_and_flagged() -> None:
    result = score(ASQ, [0, 1, 0, 0, 0])
    assert (result.positive, result.risk_flag, result.acute) == (True, True, False)
    assert result.band == "筛查阳性（非急性）"
    assert propose_level(result) is WarningLevel.ORANGE


def test_asq_yes_to_question_five_is_acute() -> None:
    result = score(ASQ, [1, 0, 1, 0, 1])
    assert (result.positive, result.acute, result.band) == (True, True, "筛查阳性（急性）")
    assert result.total == 2
    assert propose_level(result) is WarningLevel.RED


def test_asq_needs_question_five_after_a_yes() -> None:
    with pytest.raises(ValidationError, match="必须再问第 5 题") as info:
        score(ASQ, [0, 0, 1, 0])
    assert info.value.field == "第5题"
    with pytest.raises(ValidationError, match="答案应为 否、是、拒绝回答"):
        score(ASQ, [0, 2, 0, 0])


@pytest.mark.parametrize("question", [1, 2, 3, 4])
def test_asq_a_refused_question_is_a_positive_screen(question: int) -> None:
    """NIMH: a yes to, or a refusal of, any of questions 1–4 is a positive screen."""
    first = [REFUSED if n == question else 0 for n in range(1, 5)]
    with pytest.raises(ValidationError, match="必须再问第 5 题"):
        score(ASQ, first)  # a refusal leads on to question 5 like a yes
    result = score(ASQ, [*first, 0])
    assert (result.positive, result.risk_flag, result.acute) == (True, True, False)
    assert result.band == "筛查阳性（非急性）" and result.total == 1
    assert f"第 {question} 题拒绝回答" in result.flags[0]
    assert propose_level(result) is WarningLevel.ORANGE
    assert ASQ.answer_label(REFUSED) == "拒绝回答"


def test_asq_question_five_refused_is_taken_as_acute() -> None:
    result = score(ASQ, [1, 0, 0, 0, REFUSED])
    assert (result.acute, result.band) == (True, "筛查阳性（急性）")
    assert "当日面谈" in result.flags[-1]
    assert propose_level(result) is WarningLevel.RED


@pytest.mark.parametrize("invalid", ["作答过快（用时 5 秒，9 题至少应 18 秒）", "测谎/效度题未通过（“无效”）"])
def test_an_invalid_sheet_still_proposes_on_its_risk_answer(invalid: str) -> None:
    """A risk answer always reaches a person, whatever the validity checks say; the total does not."""
    assert propose_level(score(PHQ9, phq9(4, item9=1)), invalid=invalid) is WarningLevel.ORANGE
    assert propose_level(score(PHQ9, phq9(27, item9=3)), invalid=invalid) is WarningLevel.RED
    assert propose_level(score(ASQ, [0, 1, 0, 0, 0]), invalid=invalid) is WarningLevel.ORANGE
    assert propose_level(score(PHQ9, phq9(24)), invalid=invalid) is None  # a total alone: not trusted
    assert propose_level(score(GAD7, gad7(21)), invalid=invalid) is None
    reason = screening_reason(score(PHQ9, phq9(4, item9=2)), invalid=invalid)
    assert "无效" in reason and "风险题有作答" in reason and "第 9 题" in reason and "面谈" in reason


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        (phq9(4, item9=2), WarningLevel.RED),
        (phq9(3, item9=3), WarningLevel.RED),
        (phq9(4, item9=1), WarningLevel.ORANGE),
        (phq9(20), WarningLevel.ORANGE),
        (phq9(19), WarningLevel.YELLOW),
        (phq9(10), WarningLevel.YELLOW),
        (phq9(9), None),
    ],
)
def test_phq9_proposal_rule(answers: list[int], level: WarningLevel | None) -> None:
    assert propose_level(score(PHQ9, answers)) is level


def test_gad7_positive_proposes_yellow_only() -> None:
    assert propose_level(score(GAD7, gad7(21))) is WarningLevel.YELLOW
    assert propose_level(score(GAD7, gad7(9))) is None


def test_total_only_scores_band_but_cannot_flag_item9() -> None:
    result = score_total_only(PHQ9, 12)
    assert (result.band, result.positive, result.risk_flag, result.answers) == ("中度抑郁症状", True, False, ())
    with pytest.raises(ValidationError, match="0–27"):
        score_total_only(PHQ9, 28)
    with pytest.raises(ValidationError, match="逐题"):
        score_total_only(ASQ, 1)


def test_hand_scored_total_against_a_cutoff() -> None:
    result = score_hand_total("SCL-90", 180, 160)
    assert (result.instrument, result.positive, result.band) == ("SCL-90", True, "达到临界值 160")
    assert propose_level(result) is WarningLevel.YELLOW
    assert not score_hand_total("MHT", 40, 65).positive
    with pytest.raises(ValidationError, match="临界值"):
        score_hand_total("MHT", 40, None)


def test_instrument_names() -> None:
    assert built_in("phq9") is PHQ9
    assert built_in("GAD 7") is GAD7
    assert built_in("SCL-90") is None
    assert instrument_name("phq-9") == "PHQ-9"
    assert instrument_name("  SCL-90 ") == "SCL-90"
    with pytest.raises(ValidationError):
        instrument_name(" ")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2", 2),
        ("２", 2),
        ("3分", 3),
        ("2.0", 2),
        ("完全不会", 0),
        ("好几天", 1),
        ("一半以上的天数", 2),
        ("几乎每天", 3),
        ("C", 2),
        ("", None),
    ],
)
def test_parse_answer_reads_platform_cells(text: str, value: int | None) -> None:
    assert parse_answer(PHQ9, text, 1) == value


def test_parse_answer_refuses_what_it_cannot_read() -> None:
    with pytest.raises(ValidationError, match="第 4 题"):
        parse_answer(PHQ9, "有时", 4)
    with pytest.raises(ValidationError, match="第 4 题"):
        parse_answer(PHQ9, "4", 4)
    assert parse_answer(ASQ, "是", 1) == 1
    with pytest.raises(ValidationError):
        parse_answer(ASQ, "好几天", 1)
    with pytest.raises(ValidationError, match="拒绝回答"):
        parse_answer(ASQ, "2", 1)  # some platforms code 2 = 否: never guessed


@pytest.mark.parametrize("text", ["拒绝回答", "拒答", " 拒绝 ", "不愿回答"])
def test_parse_answer_reads_an_asq_refusal(text: str) -> None:
    assert parse_answer(ASQ, text, 2) == REFUSED


def test_proposal_reason_says_screen_positive_not_diagnosis() -> None:
    text = screening_reason(score(PHQ9, phq9(12, item9=1)))
    assert "筛查阳性" in text and "第 9 题" in text and "诊断" not in text
    assert "ASQ 筛查阳性（急性）" in screening_reason(score(ASQ, [1, 0, 0, 0, 1]))


def test_item_texts_are_complete() -> None:
    assert len(PHQ9.items) == 9 and "伤害自己" in PHQ9.items[8]
    assert len(GAD7.items) == 7 and len(ASQ.items) == 5
    assert PHQ9.answer_label(2) == "一半以上的天数"
