"""How a warning proposal states what a screen found: the total and the 症状程度 (重度, 中重度 …),
never a label that reads like a diagnosis ("重度抑郁症状"); the counselor decides."""

from __future__ import annotations

from collections.abc import Sequence

from counselroom.domain.screening.instruments import Instrument, ScreeningScore, format_total

_SYMPTOM_WORDS = ("抑郁症状", "焦虑症状", "症状")


def symptom_degree(band: str) -> str:
    """'重度抑郁症状' → '重度'; '无或极轻微焦虑症状' → '无或极轻微'; other bands unchanged."""
    for word in _SYMPTOM_WORDS:
        if band.endswith(word) and band != word:
            return band.removesuffix(word)
    return band


def degree_text(band: str) -> str:
    """'症状程度：重度' for a banded scale; a hand-scored band ('达到临界值 60') as it is."""
    degree = symptom_degree(band)
    return f"症状程度：{degree}" if degree != band else band


def screening_reason(result: ScreeningScore, *, invalid: str = "", notes: Sequence[str] = ()) -> str:
    """The reason written on a screen's proposal, e.g. 'PHQ-9 总分 22，症状程度：重度，筛查阳性；…'.
    An invalid sheet proposes on its risk answers alone, and says so; `notes` are what the
    counselor should check on the sheet (e.g. the same answer throughout)."""
    if invalid:
        head = f"{result.instrument} 问卷被标为无效（{invalid}），总分不作依据，但风险题有作答"
        return "；".join((head, *result.flags, *notes)) + "。请面谈核实，由心理教师确认。"
    if result.instrument == Instrument.ASQ:
        head = f"ASQ {result.band}"
    else:
        head = f"{result.instrument} 总分 {format_total(result.total)}"
        head += f"，{degree_text(result.band)}" if result.band else ""
        head += "，筛查阳性" if result.positive else ""
    return "；".join((head, *result.flags, *notes)) + "。建议关注，由心理教师确认。"
