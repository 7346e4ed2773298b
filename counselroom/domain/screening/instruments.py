"""The built-in screening instruments, scored by their published rules.

Only instruments that are free to reproduce are built in: PHQ-9 and GAD-7 (Pfizer, no
permission required) and the ASQ suicide screening questions (NIMH, public domain). Any other
scale (SCL-90, MHT, SDQ …) is copyrighted: it is recorded as a hand-scored total against a
cutoff the counselor gives, never reproduced here.

A result says 筛查阳性 and a 症状程度 band; it is never a diagnosis. `propose_level` only
*proposes* a warning level: a counselor confirms or rejects it (SPEC §2).
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.errors import ValidationError


class Instrument(enum.StrEnum):
    PHQ9 = "PHQ-9"
    GAD7 = "GAD-7"
    ASQ = "ASQ"


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    label: str  # 症状程度, not a diagnosis


@dataclass(frozen=True)
class InstrumentSpec:
    code: Instrument
    title: str
    intro: str
    items: tuple[str, ...]
    choices: tuple[tuple[int, str], ...]  # (value, label) as printed on the form
    bands: tuple[Band, ...] = ()
    cutoff: int = 10  # total at or above it is 筛查阳性
    yes_no: bool = False  # answered 是/否 (ASQ), not on a 0–3 frequency scale

    @property
    def item_count(self) -> int:
        return len(self.items)

    @property
    def max_answer(self) -> int:
        """The highest scored answer (a refusal is an answer, but not a score)."""
        return max(value for value, _ in self.choices if value != REFUSED)

    @property
    def thresholds(self) -> tuple[int, ...]:
        """The lowest total of every band but the first (PHQ-9: 5, 10, 15, 20)."""
        return tuple(b.low for b in self.bands[1:])

    def answer_label(self, value: int | None) -> str:
        return dict(self.choices).get(value, "未作答") if value is not None else "未作答"

    def band_for(self, total: int) -> str:
        return next((b.label for b in self.bands if b.low <= total <= b.high), "")


REFUSED = 9  # ASQ "拒绝回答": coded 9 as surveys code a refusal, never counted as points

_FREQUENCY = ((0, "完全不会"), (1, "好几天"), (2, "一半以上的天数"), (3, "几乎每天"))

PHQ9 = InstrumentSpec(
    code=Instrument.PHQ9,
    title="患者健康问卷（PHQ-9）",
    intro="在过去两周里，你有多少时间受到以下问题的困扰？",
    items=(
        "做事时提不起劲或没有兴趣",
        "感到心情低落、沮丧或绝望",
        "入睡困难、睡不安稳或睡眠过多",
        "感觉疲倦或没有活力",
        "食欲不振或吃太多",
        "觉得自己很糟，或觉得自己很失败，或让自己或家人失望",
        "对事物专注有困难，例如阅读报纸或看电视时",
        "动作或说话速度缓慢到别人已经觉察，或正好相反——烦躁或坐立不安、动来动去的情况更胜于平常",
        "有不如死掉或用某种方式伤害自己的念头",
    ),
    choices=_FREQUENCY,
    bands=(
        Band(0, 4, "无或极轻微抑郁症状"),
        Band(5, 9, "轻度抑郁症状"),
        Band(10, 14, "中度抑郁症状"),
        Band(15, 19, "中重度抑郁症状"),
        Band(20, 27, "重度抑郁症状"),
    ),
)

GAD7 = InstrumentSpec(
    code=Instrument.GAD7,
    title="广泛性焦虑量表（GAD-7）",
    intro="在过去两周里，你有多少时间受到以下问题的困扰？",
    items=(
        "感觉紧张、焦虑或急切",
        "不能够停止或控制担忧",
        "对各种各样的事情担忧过多",
        "很难放松下来",
        "由于不安而无法静坐",
        "变得容易烦恼或急躁",
        "感到似乎将有可怕的事情发生而害怕",
    ),
    choices=_FREQUENCY,
    bands=(
        Band(0, 4, "无或极轻微焦虑症状"),
        Band(5, 9, "轻度焦虑症状"),
        Band(10, 14, "中度焦虑症状"),
        Band(15, 21, "重度焦虑症状"),
    ),
)

ASQ = InstrumentSpec(
    code=Instrument.ASQ,
    title="自杀风险筛查问题（ASQ）",
    intro="请逐题询问学生本人。第 1–4 题中任何一题回答“是”或拒绝回答，再问第 5 题。",
    items=(
        "在过去几周里，你是否希望自己死了？",
        "在过去几周里，你是否觉得如果你死了，你或你的家人会过得更好？",
        "在过去一周里，你是否有过自杀的想法？",
        "你是否曾经尝试过自杀？",
        "你现在有自杀的想法吗？",
    ),
    choices=((0, "否"), (1, "是"), (REFUSED, "拒绝回答")),
    cutoff=1,
    yes_no=True,
)

ASQ_BANDS = ("阴性", "筛查阳性（非急性）", "筛查阳性（急性）")
PHQ9_RISK_ITEM = 9  # 有不如死掉或伤害自己的念头: any answer above 0 is flagged
ASQ_ACUITY_ITEM = 5

BUILT_IN: dict[Instrument, InstrumentSpec] = {Instrument.PHQ9: PHQ9, Instrument.GAD7: GAD7, Instrument.ASQ: ASQ}


@dataclass(frozen=True)
class ScreeningScore:
    """One scored questionnaire. `flags` say in Chinese why it needs a counselor's attention."""

    instrument: str
    total: float
    band: str
    positive: bool  # 筛查阳性
    risk_flag: bool = False  # a risk answer: PHQ-9 item 9 > 0, ASQ positive (a yes or a refusal)
    acute: bool = False  # ASQ question 5 yes (or refused)
    answers: tuple[int | None, ...] = ()
    flags: tuple[str, ...] = ()
    item9: int | None = None  # PHQ-9 item 9, when the items are known

    @property
    def needs_attention(self) -> bool:
        return self.positive or self.risk_flag


# -- which instrument ---------------------------------------------------------------------
def _squash(text: str) -> str:
    return unicodedata.normalize("NFKC", text).upper().replace("-", "").replace(" ", "")


def built_in(name: str) -> InstrumentSpec | None:
    """The built-in instrument a name means ('phq9', 'PHQ-9', 'GAD 7'…), or None."""
    wanted = _squash(name)
    return next((spec for code, spec in BUILT_IN.items() if _squash(code.value) == wanted), None)


def instrument_name(name: str) -> str:
    """The name stored for a result: a built-in's code, else the scale's name as given."""
    spec = built_in(name)
    if spec is not None:
        return spec.code.value
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError("请选择或填写测评量表的名称", field="量表")
    return cleaned


# -- scoring --------------------------------------------------------------------------------
def score(spec: InstrumentSpec, answers: Sequence[int | None]) -> ScreeningScore:
    """Score a complete set of item answers by the instrument's published rules."""
    if spec.code is Instrument.ASQ:
        return _score_asq(answers)
    checked = _check_answers(spec, answers)
    total = sum(checked)
    if spec.code is Instrument.PHQ9:
        return _phq9(total, checked)
    return _banded(spec, total, tuple(checked))


def score_total_only(spec: InstrumentSpec, total: float) -> ScreeningScore:
    """A platform export with the total but no item answers (the risk item is then unknown)."""
    if spec.code is Instrument.ASQ:
        raise ValidationError("ASQ 需要逐题的回答，不能只导入总分", field="ASQ")
    top = spec.item_count * spec.max_answer
    if not float(total).is_integer() or not 0 <= total <= top:
        raise ValidationError(f"{spec.code} 总分应为 0–{top} 的整数，而不是 {_num(total)}", field="总分")
    return _banded(spec, int(total), ())


def score_hand_total(name: str, total: float, cutoff: float | None) -> ScreeningScore:
    """A copyrighted scale scored by hand or by another platform: total against a cutoff."""
    if cutoff is None or cutoff <= 0:
        raise ValidationError(f"{name} 不是内置量表，需要给出筛查阳性的临界值（分数线）", field="临界值")
    if total < 0:
        raise ValidationError(f"总分不能为负数（{_num(total)}）", field="总分")
    positive = total >= cutoff
    band = f"达到临界值 {_num(cutoff)}" if positive else f"未达临界值 {_num(cutoff)}"
    return ScreeningScore(instrument_name(name), float(total), band, positive)


def _check_answers(spec: InstrumentSpec, answers: Sequence[int | None]) -> list[int]:
    if len(answers) != spec.item_count:
        raise ValidationError(f"{spec.code} 应有 {spec.item_count} 题，收到 {len(answers)} 题", field=str(spec.code))
    return [_check_one(spec, i, a) for i, a in enumerate(answers, start=1)]


def _check_one(spec: InstrumentSpec, number: int, answer: int | None) -> int:
    allowed = [value for value, _ in spec.choices]
    if answer is None:
        raise ValidationError(f"{spec.code} 第 {number} 题还没有作答", field=f"第{number}题")
    if isinstance(answer, bool) or not isinstance(answer, int) or answer not in allowed:
        raise ValidationError(
            f"{spec.code} 第 {number} 题的答案应为 {_allowed_text(spec)}，而不是“{answer}”", field=f"第{number}题"
        )
    return answer


def _allowed_text(spec: InstrumentSpec) -> str:
    if spec.yes_no:
        return "、".join(label for _, label in spec.choices)
    return f"{spec.choices[0][0]}–{spec.max_answer}"


def _banded(spec: InstrumentSpec, total: int, answers: tuple[int, ...]) -> ScreeningScore:
    return ScreeningScore(spec.code.value, float(total), spec.band_for(total), total >= spec.cutoff, answers=answers)


def _phq9(total: int, answers: list[int]) -> ScreeningScore:
    base = _banded(PHQ9, total, tuple(answers))
    item9 = answers[PHQ9_RISK_ITEM - 1]
    if item9 == 0:
        return replace(base, item9=0)
    # Why: thoughts of self-harm need a counselor's look whatever the total says.
    flag = f"第 9 题（伤害自己的念头）选择“{PHQ9.answer_label(item9)}”，建议尽快面谈评估"
    return replace(base, risk_flag=True, flags=(flag,), item9=item9)


def _score_asq(answers: Sequence[int | None]) -> ScreeningScore:
    """NIMH's rule: a yes to, or a refusal of, any of questions 1–4 is a positive screen; then
    question 5 is asked, and a yes there is acute. Question 5 refused is taken as acute too:
    imminent risk was not ruled out, so the student is seen the same day."""
    if len(answers) not in (4, 5):
        raise ValidationError(f"ASQ 应有 4 题（有“是”或拒答时加问第 5 题），收到 {len(answers)} 题", field="ASQ")
    first = [_check_one(ASQ, i, a) for i, a in enumerate(answers[:4], start=1)]
    q5 = answers[4] if len(answers) == 5 else None
    if q5 is not None:
        _check_one(ASQ, ASQ_ACUITY_ITEM, q5)
    if any(first) and q5 is None:
        raise ValidationError("第 1–4 题有回答“是”或拒绝回答，必须再问第 5 题（现在是否有自杀的想法）", field="第5题")
    acute = q5 in (1, REFUSED)  # a yes now is acute even if questions 1–4 were all no
    positive = any(first) or acute
    band = ASQ_BANDS[2] if acute else ASQ_BANDS[1] if positive else ASQ_BANDS[0]
    return ScreeningScore(
        Instrument.ASQ.value,
        float(sum(1 for a in first if a)),  # questions answered yes or refused
        band,
        positive,
        risk_flag=positive,
        acute=acute,
        answers=(*first, q5),
        flags=_asq_flags(first, q5) if positive else (),
    )


def _asq_flags(first: Sequence[int], q5: int | None) -> tuple[str, ...]:
    refused = [str(i) for i, a in enumerate(first, start=1) if a == REFUSED]
    note = (f"第 {'、'.join(refused)} 题拒绝回答，按筛查阳性处理",) if refused else ()
    if q5 == REFUSED:
        advice = "第 5 题（现在是否有自杀的想法）拒绝回答，按急性处理，建议当日面谈评估"
    elif q5 == 1:
        advice = "现在有自杀的想法，建议当日面谈评估"
    else:
        advice = "建议尽快面谈评估"
    return (*note, advice)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def format_total(value: float | None) -> str:
    return "" if value is None else _num(value)


# -- reading answers from a file ---------------------------------------------------------
_FREQUENCY_WORDS = {
    "完全不会": 0,
    "没有": 0,
    "好几天": 1,
    "有几天": 1,
    "几天": 1,
    "一半以上的天数": 2,
    "一半以上天数": 2,
    "超过一半的天数": 2,
    "一半以上": 2,
    "几乎每天": 3,
    "A": 0,
    "B": 1,
    "C": 2,
    "D": 3,
}
_YES_NO_WORDS = {
    "是": 1,
    "否": 0,
    "有": 1,
    "无": 0,
    "没有": 0,
    "Y": 1,
    "N": 0,
    "YES": 1,
    "NO": 0,
    "拒绝回答": REFUSED,
    "拒答": REFUSED,
    "拒绝": REFUSED,
    "不愿回答": REFUSED,
    "不回答": REFUSED,
    "拒绝作答": REFUSED,
    "REFUSED": REFUSED,
}


def parse_answer(spec: InstrumentSpec, text: str, number: int) -> int | None:
    """One cell of an item column: 0–3, an option's wording or letter; '' is no answer. On a
    是/否 scale a refusal is written as a word (拒绝回答, 拒答): a bare number there is 0 or 1
    only, since platforms that code 1 = 是, 2 = 否 exist and a guess could turn a no into a yes."""
    cell = unicodedata.normalize("NFKC", text).strip().upper().removesuffix("分")
    if not cell:
        return None
    value = _whole_number(cell)
    if value is None:
        value = (_YES_NO_WORDS if spec.yes_no else _FREQUENCY_WORDS).get(cell)
    elif spec.yes_no and value not in (0, 1):
        raise ValidationError(
            f"无法识别第 {number} 题的答案“{text}”：应为 是/否/拒绝回答（或 1/0）", field=f"第{number}题"
        )
    if value is None:
        raise ValidationError(f"无法识别第 {number} 题的答案“{text}”", field=f"第{number}题")
    return _check_one(spec, number, value)


def _whole_number(text: str) -> int | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


# -- the proposal rule ---------------------------------------------------------------------
def propose_level(result: ScreeningScore, *, invalid: str = "") -> WarningLevel | None:
    """The warning level a screen *proposes*; the counselor decides (a screen is not a verdict).

    red:    PHQ-9 item 9 ≥ 2, or ASQ acute (question 5 yes or refused);
    orange: PHQ-9 item 9 = 1, PHQ-9 total ≥ 20, or ASQ positive (a yes or a refusal);
    yellow: any other 筛查阳性 (PHQ-9/GAD-7 total ≥ 10, a hand-scored total at its cutoff);
    none:   otherwise.

    An invalid questionnaire (`invalid` says why: too fast, a failed lie item) is not judged by
    its total, but a risk answer on it still proposes: a risk answer always reaches a person.
    """
    if invalid:
        return risk_level(result)
    item9 = result.item9 or 0
    if result.acute or item9 >= 2:
        return WarningLevel.RED
    is_phq9 = result.instrument == Instrument.PHQ9
    if item9 == 1 or (is_phq9 and result.total >= 20) or (result.instrument == Instrument.ASQ and result.positive):
        return WarningLevel.ORANGE
    return WarningLevel.YELLOW if result.positive else None


def risk_level(result: ScreeningScore) -> WarningLevel | None:
    """The level the risk answers alone propose: red when acute or PHQ-9 item 9 ≥ 2, else orange."""
    if not result.risk_flag:
        return None
    return WarningLevel.RED if result.acute or (result.item9 or 0) >= 2 else WarningLevel.ORANGE
