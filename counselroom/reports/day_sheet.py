"""The counselor's day sheet (日程表): A4 portrait, one row per appointment, a blank 备注 column
for handwriting during the day.

It names students, so it is treated as a named printout (SECURITY.md 12): every page carries
“内部资料 注意保密”, who printed it and when (also as a faint diagonal watermark), and 第 x 页
共 y 页 so a missing page is noticed. Long days flow onto more pages; the page header and the
table's column header repeat on each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from counselroom.reports.pdf_fonts import style
from counselroom.reports.pdf_pages import PageDecor, build_pdf, long_date, plain, table_style, time_range

TITLE = "心理辅导日程表"
COLUMNS = ("时间", "学生", "班级", "类型", "方式", "地点", "状态", "备注")
# mm, measured at 9.5 pt plus cell padding so 08:00–08:50, 危机评估 and 个别辅导室一 stay on one
# line; 备注 takes the rest (it is written in by hand). Sums to A4's 180 mm text width.
WIDTHS_MM = (24, 20, 20, 19, 12, 25, 15, 45)
CONFIDENTIAL = "内部资料 注意保密"
HEADER_FILL = colors.HexColor("#e8eef4")


@dataclass(frozen=True)
class DaySheetRow:
    start: time
    end: time
    students: str  # one name, or several for a group session (张三、李四)
    class_name: str
    kind: str  # 个别辅导 / 团体辅导 / 家长咨询 / 危机评估 / 随访
    channel: str  # 面谈 / 电话 / 网络
    place: str
    status: str  # 已预约 / 已到 / 未到 / 已取消 …


@dataclass(frozen=True)
class DutyLine:
    start: time
    end: time
    staff: str
    place: str = ""


@dataclass(frozen=True)
class DaySheetData:
    school_name: str
    day: date
    counselor: str  # whose day this is: 王老师
    printed_by: str  # 王老师（心理教师）
    printed_at: datetime
    appointments: tuple[DaySheetRow, ...]
    duty: tuple[DutyLine, ...] = ()


def build_day_sheet(data: DaySheetData) -> bytes:
    when = long_date(data.day)
    printed = f"打印人 {data.printed_by} {data.printed_at:%Y-%m-%d %H:%M}"
    decor = PageDecor(
        header=f"{data.school_name} · {TITLE} · {when} · {data.counselor}",
        footer_left=CONFIDENTIAL,
        footer_centre=printed,
        watermark=printed,
    )
    story: list[Flowable] = [
        Paragraph(f"{TITLE}　{when}", style("day-title", 16, space_after=1 * mm)),
        plain(
            f"心理教师：{data.counselor}　　共 {len(data.appointments)} 项预约",
            style("day-sub", 10, colour="#444444", space_after=2 * mm),
        ),
    ]
    if data.duty:
        story.append(plain(_duty_line(data.duty), style("day-duty", 10, space_after=2 * mm)))
    story += [Spacer(1, 2 * mm), _appointment_table(sorted(data.appointments, key=lambda r: r.start))]
    return build_pdf(story, pagesize=A4, title=f"{TITLE} {when}", top=18 * mm, decor=decor)


def _duty_line(duty: Sequence[DutyLine]) -> str:
    parts = [
        f"{time_range(d.start, d.end)} {d.staff}" + (f"（{d.place}）" if d.place else "")
        for d in sorted(duty, key=lambda d: d.start)
    ]
    return "今日值班：" + "；".join(parts)


def _appointment_table(rows: Sequence[DaySheetRow]) -> Table:
    cell, head = style("day-cell", 9.5), style("day-head", 9.5, colour="#333333")
    body: list[list[object]] = [[Paragraph(c, head) for c in COLUMNS]]
    for r in rows:
        values = (time_range(r.start, r.end), r.students, r.class_name, r.kind, r.channel, r.place, r.status)
        body.append([*(plain(v, cell) for v in values), ""])
    commands: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#888888")),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        # Tall rows: room to tick 到/未到 and write a line by hand.
        ("TOPPADDING", (0, 1), (-1, -1), 9),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 9),
    ]
    if not rows:
        body.append([Paragraph("当天没有预约", cell), *[""] * (len(COLUMNS) - 1)])
        commands.append(("SPAN", (0, 1), (-1, 1)))
    table = Table(body, colWidths=[w * mm for w in WIDTHS_MM], repeatRows=1)
    table.setStyle(table_style(*commands))
    return table
