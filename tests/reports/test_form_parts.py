"""The shared parts of the referral and crisis forms: the bundled font draws every fixed wording (a
missing glyph prints as an empty box, silently), ages count completed years, stored dates print in
the UX wording, and a record's text is escaped before Paragraph parses it."""

from __future__ import annotations

from datetime import date, datetime

from counselroom.reports import (
    confidentiality_notice,
    form_parts,
    guardian_consent,
    incident_record,
    referral_slip,
    return_assessment,
)
from counselroom.reports.form_parts import Printed, age_on, build_form, day_text, field, lines, time_text
from counselroom.reports.pdf_fonts import missing_glyphs
from tests.reports.pdf_checks import page_texts, unembedded


def test_every_fixed_wording_of_the_forms_has_glyphs() -> None:
    fixed = "".join(
        str(value)
        for module in (form_parts, referral_slip, guardian_consent, return_assessment, incident_record)
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str | tuple)
    )
    fixed += confidentiality_notice.USE_ONLY + confidentiality_notice.TITLE + "□√＿－（签名）日期：年月日"
    assert missing_glyphs(fixed) == set()


def test_age_counts_completed_years() -> None:
    assert age_on(date(2012, 3, 5), date(2025, 10, 13)) == "13 岁"
    assert age_on(date(2012, 10, 14), date(2025, 10, 13)) == "12 岁"
    assert age_on(None, date(2025, 10, 13)) == ""


def test_stored_dates_print_in_the_ux_wording() -> None:
    assert day_text("2025-10-13") == "2025年10月13日 周一"
    assert day_text("2025-10-13T09:30:00") == "2025年10月13日 周一"
    assert day_text("") == "—"
    assert time_text("2025-10-13T07:30:00") == "2025-10-13 07:30" and time_text("") == "—"


def test_record_text_is_escaped_and_keeps_its_line_breaks() -> None:
    assert lines("a<b>&c\n第二行") == "a&lt;b&gt;&amp;c<br/>第二行"
    pdf = build_form(
        [field("说明", "<b>不是标记</b>")],
        printed=Printed("测试中学", "王老师（心理教师）", datetime(2025, 10, 13, 9, 30)),
        title="测试表",
        number="编号 1",
        footer="保密材料",
    )
    text = page_texts(pdf)[0]
    assert "<b>不是标记</b>" in text and "【保密】测试中学 · 测试表 · 编号 1" in text
    assert unembedded(pdf) == []
