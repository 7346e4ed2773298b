"""The one-page PDF `counselroom selftest` renders: Chinese text, a table and a chart, made the way
every printout is made (bundled font embedded, matplotlib chart in the same font), from made-up
numbers only — it proves an installation can print, and holds nothing about any student."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, Spacer, Table

from counselroom.reports import report_charts
from counselroom.reports.pdf_fonts import style
from counselroom.reports.pdf_pages import build_pdf, plain, table_style
from counselroom.reports.self_inspection_data import ChartKind, ChartSeries, ChartSpec

TITLE = "心理辅导室工作台 安装自检"
HEADING = "心理辅导室工作台安装自检页"
BODY = "本页用内置字体生成，含中文、表格和图表，用于确认本机可以正常生成和打印报表。数字均为示例。"
CHART = ChartSpec(
    kind=ChartKind.BAR,
    title="示例：各月个体辅导人次",
    labels=("九月", "十月", "十一月", "十二月"),
    series=(ChartSeries("个体辅导", (12.0, 18.0, 15.0, 9.0)),),
)
TABLE = (("项目", "示例数值"), ("预约", "12"), ("值班", "20"), ("转介", "3"), ("随访", "7"))


def selftest_pdf() -> bytes:
    """The page as PDF bytes, in memory."""
    story: list[Flowable] = [
        plain(HEADING, style("selftest-heading", 16, space_after=4 * mm)),
        plain(BODY, style("selftest-body", 10.5, space_after=4 * mm)),
        Table([list(row) for row in TABLE], style=table_style(("GRID", (0, 0), (-1, -1), 0.5, "#888888"))),
        Spacer(1, 4 * mm),
        Image(io.BytesIO(report_charts.png(CHART, size_cm=(14.0, 7.0))), width=140 * mm, height=70 * mm),
    ]
    return build_pdf(story, pagesize=A4, title=TITLE)
