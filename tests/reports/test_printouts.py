"""The slip, the day sheet and the door roster: page size, embedded font, Chinese text that
extracts, and what each must never show."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

from counselroom.domain.school.school_days import Period
from counselroom.reports.appointment_slip import SlipData, build_slip
from counselroom.reports.day_sheet import build_day_sheet
from counselroom.reports.door_rota import (
    ClosedDay,
    DutySlot,
    build_door_rota,
    closed_runs,
    opening_hours_text,
    weekly_pattern,
)
from counselroom.reports.pdf_fonts import missing_glyphs
from tests.reports import printout_data as sample
from tests.reports.pdf_checks import page_sizes_mm, page_texts, unembedded

A4_PORTRAIT, A6_PORTRAIT = (210, 297), (105, 148)


# --- 预约单 -----------------------------------------------------------------------------------


def test_slip_is_a6_embedded_and_says_when_and_where() -> None:
    pdf = build_slip(sample.slip())
    assert page_sizes_mm(pdf) == [A6_PORTRAIT]
    assert unembedded(pdf) == []
    text = page_texts(pdf)[0]
    for expected in (
        "南昌市第十九中学",
        "心理辅导预约单",
        "2025年10月13日 周一",
        "10:00–10:50",
        "心理辅导室（个别辅导室一）",
        "请准时前来",
        "12355",
        "共青团青少年服务热线",
        "12356",
        "全国统一心理援助热线",
        "966525",
        "江西省心理服务热线",
    ):
        assert expected in text, expected
    assert missing_glyphs(text) == set()


def test_slip_type_has_no_place_for_the_student_or_the_session() -> None:
    assert [f.name for f in dataclasses.fields(SlipData)] == ["school_name", "start", "end", "room_label", "hotlines"]


def test_slip_built_from_an_appointment_record_shows_no_student_data() -> None:
    """The caller has the whole appointment at hand; only the slip's fields can reach the paper."""
    appointment = {
        "school_name": sample.SCHOOL,
        "start": datetime(2025, 10, 13, 10),
        "end": datetime(2025, 10, 13, 10, 50),
        "room_label": "电话",
        "student": "张晓明",
        "class_name": "初二(3)班",
        "kind": "危机评估",
        "note": "情绪低落两周",
    }
    allowed = {f.name for f in dataclasses.fields(SlipData)}
    text = page_texts(build_slip(SlipData(**{k: v for k, v in appointment.items() if k in allowed})))[0]
    assert "电话" in text
    for secret in ("张晓明", "初二", "危机评估", "情绪低落"):
        assert secret not in text


def test_data_with_markup_characters_prints_literally() -> None:
    slip = dataclasses.replace(sample.slip(), room_label="团体活动室 <b>A&B</b>")
    assert "团体活动室 <b>A&B</b>" in page_texts(build_slip(slip))[0]


def test_equal_input_gives_identical_bytes() -> None:
    """The audit's SHA-256 names the document, not the second it was built."""
    assert build_slip(sample.slip()) == build_slip(sample.slip())
    assert build_door_rota(sample.door_roster()) == build_door_rota(sample.door_roster())


# --- 日程表 -----------------------------------------------------------------------------------


def test_day_sheet_is_a4_with_table_duty_and_printed_by_line() -> None:
    pdf = build_day_sheet(sample.day_sheet(6))
    assert page_sizes_mm(pdf) == [A4_PORTRAIT]
    assert unembedded(pdf) == []
    text = page_texts(pdf)[0]
    for expected in (
        "心理辅导日程表",
        "2025年10月13日 周一",
        "时间",
        "学生",
        "班级",
        "类型",
        "方式",
        "地点",
        "状态",
        "备注",
        "张晓明、",
        "危机评估",
        "今日值班：08:00–11:40 王老师（心理辅导室）；14:00–17:00 李老师",
        "内部资料 注意保密",
        "打印人 王老师（心理教师） 2025-10-13 08:05",
        "第 1 页 共 1 页",
    ):
        assert expected in text, expected


def test_a_long_day_flows_onto_more_pages_with_the_header_on_each() -> None:
    pdf = build_day_sheet(sample.day_sheet(40))
    texts = page_texts(pdf)
    assert len(texts) >= 2
    assert page_sizes_mm(pdf) == [A4_PORTRAIT] * len(texts)
    for number, text in enumerate(texts, start=1):
        assert "2025年10月13日 周一" in text and "南昌市第十九中学" in text
        assert "时间" in text and "备注" in text  # the column header repeats
        assert "内部资料 注意保密" in text and "打印人 王老师（心理教师）" in text
        assert f"第 {number} 页 共 {len(texts)} 页" in text
    whole = "".join(texts)
    assert all(f"学生{n:02d}" in whole for n in (1, 3, 38, 40))


def test_an_empty_day_says_so() -> None:
    data = dataclasses.replace(sample.day_sheet(0), duty=())
    text = page_texts(build_day_sheet(data))[0]
    assert "当天没有预约" in text and "今日值班" not in text


# --- 值班表 -----------------------------------------------------------------------------------


def test_a_repeating_term_roster_prints_as_one_weekly_page() -> None:
    data = sample.door_roster()
    assert weekly_pattern(data) is not None
    pdf = build_door_rota(data)
    assert page_sizes_mm(pdf) == [A4_PORTRAIT]
    assert unembedded(pdf) == []
    text = page_texts(pdf)[0]
    for expected in (
        "心理辅导室值班表",
        "南昌市第十九中学",
        "2025-2026学年第一学期",
        "地点：行政楼三楼东侧",
        "开放时间：周一至周五 08:00–11:40、14:00–17:00",
        "周三",
        "王老师、",
        "赵老师",
        "停开日：2025年10月1日–10月8日 国庆节",
        "12355",
        "12356",
        "966525",
        "江西省心理服务热线",
        "0791-88330120",
        "本校心理辅导室",
    ):
        assert expected in text, expected
    assert missing_glyphs(text) == set()


def test_an_irregular_roster_prints_a_month_grid_per_month_with_closed_days_marked() -> None:
    data = sample.door_roster(date(2025, 10, 1), date(2025, 11, 30), irregular=True)
    assert weekly_pattern(data) is None
    pdf = build_door_rota(data)
    assert page_sizes_mm(pdf) == [A4_PORTRAIT, A4_PORTRAIT]
    october, november = page_texts(pdf)
    assert "2025年10月" in october and "2025年11月" in november
    assert october.count("国庆节") == 8 and "国庆节" not in november
    assert "孙老师" in october  # the swap that broke the weekly pattern
    assert "第 1 页 共 2 页" in october and "966525" in november


def test_winter_vacation_runs_over_weekends_and_years() -> None:
    hours = sample.OPENING
    closed = [ClosedDay(date(2026, 1, 19) + timedelta(n), "寒假") for n in range(35)]
    closed += [ClosedDay(date(2025, 10, 1), "国庆节"), ClosedDay(date(2025, 10, 2), "国庆节")]
    assert closed_runs(closed, hours) == ["2025年10月1日–10月2日 国庆节", "2026年1月19日–2月22日 寒假"]
    weekdays_only = [c for c in closed if c.day.weekday() < 5]  # as a caller listing only open days would
    assert closed_runs(weekdays_only, hours)[-1] == "2026年1月19日–2月20日 寒假"


def test_opening_hours_group_equal_consecutive_days() -> None:
    hours = (*sample.OPENING, Period(5, time(8), time(11, 40)))
    assert opening_hours_text(hours) == "周一至周五 08:00–11:40、14:00–17:00；周六 08:00–11:40"


def test_a_slot_outside_the_opening_hours_forces_the_month_grid() -> None:
    data = sample.door_roster(date(2025, 9, 1), date(2025, 9, 30))
    extra = DutySlot(date(2025, 9, 28), time(8), time(11, 40), ("王老师",))  # a 调休 Sunday
    data = dataclasses.replace(data, slots=(*data.slots, extra))
    assert weekly_pattern(data) is None
    assert "28\n08:00 王老师" in page_texts(build_door_rota(data))[0]


def test_door_roster_holds_teachers_only() -> None:
    assert [f.name for f in dataclasses.fields(DutySlot)] == ["day", "start", "end", "staff"]


def test_reports_import_neither_qt_nor_services() -> None:
    code = (
        "import sys; from tests.reports import printout_data as d;"
        "from counselroom.reports import appointment_slip, day_sheet, door_rota;"
        "appointment_slip.build_slip(d.slip()); day_sheet.build_day_sheet(d.day_sheet());"
        "door_rota.build_door_rota(d.door_roster());"
        "from tests.reports import case_report_sample as c; from counselroom.reports import case_report;"
        "case_report.build_case_report(c.report());"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'counselroom.services', 'counselroom.gui'))];"
        "sys.exit(str(bad) if bad else 0)"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
