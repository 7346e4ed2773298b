"""The 个案分析报告 as a document: A4, the bundled font embedded, every section in reading order, the
保密 lines and 第 x 页 共 y 页 on every page, long texts flowing over pages and wrapping."""

from __future__ import annotations

import dataclasses
import re

from counselroom.reports.case_report import FOOTER, PURPOSE, TITLE, build_case_report
from counselroom.reports.pdf_fonts import NO_LINE_START, missing_glyphs
from tests.reports import case_report_sample as sample
from tests.reports.pdf_checks import page_sizes_mm, page_texts, unembedded

A4_PORTRAIT = (210, 297)


def _text(pdf: bytes) -> str:
    return "".join(page_texts(pdf))


def test_an_a4_report_with_every_part_in_reading_order() -> None:
    pdf = build_case_report(sample.report())
    assert set(page_sizes_mm(pdf)) == {A4_PORTRAIT}
    assert unembedded(pdf) == []
    text = _text(pdf)
    in_order = (
        "南昌市第十九中学",
        "个案分析报告",
        "（供个案研讨/专家会诊）",
        "打印人：王老师（心理教师） 打印时间：2025年10月13日 周一 08:05",
        "一、学生基本情况",
        "张晓明",
        "初二（3）班",
        "男",
        "二、个案概况",
        "2025年9月22日 周一",
        "进行中",
        "王老师",
        "赵老师",
        "学业、情绪",
        "开案原因：班主任反映近两周",
        "下一步：10月20日第三次个别辅导",
        "三、一人一案帮扶计划",
        "帮扶目标：保持规律作息",
        "复查记录（共 1 次）",
        "效果：入睡时间提前了约半小时",
        "下次复查：2025年11月10日 周一",
        "四、辅导记录（已签名，共 2 条）",
        "未签名的草稿不列入本报告",
        "1. 2025年9月24日 周三 个别辅导 记录人：王老师 已签名",
        "本次主题：考试焦虑与睡眠",
        "辅导过程：谈了最近的睡眠和学习安排",
        "签名：王老师 2025-09-24 16:10",
        "补充说明（王老师，2025-09-25 08:40）：补记：家长当晚来电",
        "2. 2025年10月9日 周四 危机评估 记录人：王老师 已会签",
        "会签：李主任 2025-10-09 15:30",
        "五、附件清单",
        "知情同意书-张晓明.pdf",
        "2025年9月23日 周二",
        "六、会诊记录（会上填写）",
        "会诊意见",
    )
    at = 0
    for expected in in_order:
        found = text.find(expected, at)
        assert found >= 0, f"{expected!r} missing or out of order"
        at = found + len(expected)
    assert "结案小结" not in text, "an open case has no close summary"
    assert missing_glyphs(TITLE + PURPOSE + FOOTER + text) == set()


def test_every_page_says_confidential_who_printed_it_and_which_page() -> None:
    pdf = build_case_report(sample.report(note_count=40))
    texts = page_texts(pdf)
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert "【保密】南昌市第十九中学 · 个案分析报告 · 个案编号 7" in text
        assert "保密材料 · 仅供个案研讨与专家会诊使用" in text
        assert "打印人 王老师（心理教师） 2025-10-13 08:05" in text  # the watermark
        assert f"第 {number} 页 共 {len(texts)} 页" in text
    whole = "".join(texts)
    assert "四、辅导记录（已签名，共 40 条）" in whole and "40. 2025年10" in whole


def test_a_note_longer_than_a_page_flows_on_and_wraps_chinese_text() -> None:
    long_text = "学生谈到每天晚上躺下后反复想白天的事情，越想越睡不着，第二天上课犯困。" * 120
    pdf = build_case_report(sample.report(long_text=long_text))
    texts = page_texts(pdf)
    assert len(texts) >= 3, "about 4,000 characters: several pages"
    body = re.sub(r"\s", "", "".join(texts))  # a line break extracts as a newline or a space
    assert body.count("越想越睡不着") == 120, "nothing lost at line or page breaks"
    lines = [line.strip() for t in texts for line in t.splitlines() if "睡不着" in line]
    assert len(lines) > 80, "wrapped onto many lines"
    starts = {line[0] for line in lines[1:]}
    assert not starts & set(NO_LINE_START), f"a line starts with a closing mark: {starts & set(NO_LINE_START)}"


def test_a_closed_case_prints_its_summary() -> None:
    text = _text(build_case_report(sample.report(closed=True)))
    assert "已结案（2025年12月19日 周五 结案）" in text
    assert "六、结案小结" in text and "结案小结：睡眠明显改善" in text and "七、会诊记录" in text
    assert "下一步：10月20日" not in text, "a closed case has no next step"


def test_empty_parts_say_so() -> None:
    data = dataclasses.replace(sample.report(), plan=None, notes=(), attachments=())
    text = _text(build_case_report(data))
    for expected in ("尚未制定一人一案", "辅导记录（已签名，共 0 条）", "暂无已签名的辅导记录", "无附件"):
        assert expected in text, expected


def test_text_with_markup_characters_and_line_breaks_prints_literally() -> None:
    case = dataclasses.replace(sample.case(), reason="<b>打架</b> & 冲突")
    note = dataclasses.replace(sample.notes()[0], fields=(("辅导过程", "第一行\n第二行 <i>x</i>"),))
    text = _text(build_case_report(dataclasses.replace(sample.report(), case=case, notes=(note,))))
    assert "<b>打架</b> & 冲突" in text
    assert "第一行\n第二行 <i>x</i>" in text


def test_equal_input_gives_identical_bytes() -> None:
    """The audit's SHA-256 names the document, not the second it was built."""
    assert build_case_report(sample.report()) == build_case_report(sample.report())
