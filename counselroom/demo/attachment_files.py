"""Demo attachments (issue #10 items 7 and 10): a 家长知情同意书 (a real PDF, made with reportlab and
the bundled font, with blank lines for the parent's signature) on a few cases, and a scan-like PNG
of a hospital's 就诊回执 on a few more — each marked 演示数据, naming only demo students, and
saying what a clinic's note to a school says (seen, follow-up, please keep an eye), never a
diagnosis. Built in memory and kept in the care store as attach_file keeps an upload."""

from __future__ import annotations

import hashlib
import io
import random
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from matplotlib.figure import Figure
from matplotlib.patches import Ellipse
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from counselroom.demo.plan_review_rows import weekday
from counselroom.reports.charts import chart_font_family
from counselroom.reports.pdf_fonts import style
from counselroom.reports.pdf_pages import PageDecor, build_pdf
from counselroom.store.cases import attachments, cases
from counselroom.store.connection import Connection
from counselroom.store.students import student_records

CONSENT_FORMS = 3
HOSPITAL_NOTES = 2
WATERMARK = "演示数据 · 非真实文件"
GREETING = (
    "尊敬的家长：您好！为帮助孩子更好地适应学习和生活，学校心理辅导室拟为您的孩子提供个别心理辅导。"
    "现将有关事项告知如下："
)
CONSENT_POINTS = (
    "辅导内容：围绕学习、人际、情绪和家庭等方面的困扰，以倾听、支持和指导为主，每次约 40 分钟，"
    "一般每周或每两周一次，时间安排在自习课或课后，不影响正常上课。",
    "保密原则：辅导中谈到的内容严格保密，未经您和孩子同意，不向其他同学、老师或家长以外的人透露。",
    "保密例外：当孩子可能伤害自己或他人，或受到欺凌、暴力、性侵犯等伤害，或法律要求时，"
    "学校将及时告知家长，并采取必要的保护措施。",
    "家长配合：请留意孩子的作息、情绪和手机使用情况，有变化及时与班主任或心理老师联系。",
    "您可以随时向心理老师提出疑问，也可以随时提出停止辅导。",
)


def add_attachments(conn: Connection, rng: random.Random, *, user_ids: Mapping[str, int], now: datetime) -> None:
    """Consent forms on CONSENT_FORMS cases; hospital notes on HOSPITAL_NOTES others, cases with
    自伤风险 first (a 转介 that came back)."""
    found = sorted(cases.all_cases(conn), key=lambda c: c.id)
    if not found:
        return
    consent = sorted(rng.sample(found, k=min(CONSENT_FORMS, len(found))), key=lambda c: c.id)
    rest = [c for c in found if c not in consent]
    risky = [c for c in rest if "自伤风险" in c.issue_types] or rest
    hospital = sorted(rng.sample(risky, k=min(HOSPITAL_NOTES, len(risky))), key=lambda c: c.id)
    for case in consent:
        day = _day(rng, case.opened_on, (1, 3), now)
        student = _student(conn, case.student_id)
        _attach(conn, case.id, "知情同意书", "家长知情同意书.pdf", consent_pdf(*student), user_ids, day)
    for case in hospital:
        day = _day(rng, case.opened_on, (7, 14), now)
        student = _student(conn, case.student_id)
        _attach(conn, case.id, "医院来函", "医院就诊回执.png", hospital_note_png(*student, day, rng), user_ids, day)


def _day(rng: random.Random, opened_on: str, after: tuple[int, int], now: datetime) -> date:
    return weekday(
        min(date.fromisoformat(opened_on) + timedelta(days=rng.randint(*after)), now.date() - timedelta(days=1))
    )


def _student(conn: Connection, student_id: int) -> tuple[str, str]:
    row = student_records.get(conn, student_id)
    return (row.name, row.class_name) if row else ("", "")


def _attach(
    conn: Connection, case_id: int, kind: str, name: str, content: bytes, user_ids: Mapping[str, int], day: date
) -> None:
    attachments.insert(
        conn, case_id, kind=kind, file_name=name, mime="application/pdf" if name.endswith(".pdf") else "image/png",
        content=content, sha256=hashlib.sha256(content).hexdigest(), added_by=user_ids["counselor"],
        now=datetime.combine(day, time(16, 10)),
    )  # fmt: skip


def consent_pdf(name: str, class_name: str) -> bytes:
    """学生心理辅导家长知情同意书, one A4 page with blank lines for the parent."""
    title, body = style("consent-title", 16, align=1, space_after=6 * mm), style("consent-body", 11, leading=19)
    story = [
        Paragraph("学生心理辅导家长知情同意书", title),
        Paragraph(GREETING, body),
        Spacer(1, 2 * mm),
        *[Paragraph(f"{i}. {point}", body) for i, point in enumerate(CONSENT_POINTS, start=1)],
        Spacer(1, 8 * mm),
        Paragraph(f"学生姓名：{name}　　　班级：{class_name}", body),
        Spacer(1, 4 * mm),
        Paragraph("家长签名：__________　　与学生关系：______　　联系电话：______________", body),
        Spacer(1, 4 * mm),
        Paragraph("日期：______年____月____日", body),
        Spacer(1, 10 * mm),
        Paragraph("学校心理辅导室（盖章）", style("consent-seal", 11, align=2)),
    ]
    return build_pdf(
        story,
        pagesize=A4,
        title="家长知情同意书",
        margin=22 * mm,
        decor=PageDecor(watermark=WATERMARK, page_numbers=False),
    )


def hospital_note_png(name: str, class_name: str, day: date, rng: random.Random) -> bytes:
    """A phone-camera-like scan of a clinic's 就诊回执: off-white paper, text a little askew."""
    family = chart_font_family()
    figure = Figure(figsize=(6.0, 4.4), dpi=100, facecolor="#f3efe6")
    tilt = rng.uniform(-1.2, 1.2)
    lines = (
        (0.90, "（示例）市第三人民医院 心理门诊", 15),
        (0.80, "就 诊 回 执", 17),
        (0.67, "致：学校心理辅导室", 11),
        (0.58, f"学生 {name}（{class_name}）于 {day.month} 月 {day.day} 日由家长陪同来我院心理门诊就诊。", 11),
        (0.49, "处理意见：已接诊，给予家长和学生相应建议，两周后复诊。", 11),
        (0.40, "请学校在校期间继续重点关注，留意情绪、睡眠和出勤，", 11),
        (0.33, "如有变化请及时与家长联系。", 11),
        (0.18, f"接诊医生：________　　　日期：{day.year} 年 {day.month} 月 {day.day} 日", 11),
    )
    for y, text, size in lines:
        x, align = (0.5, "center") if size > 11 else (0.08, "left")
        figure.text(x, y, text, ha=align, va="center", fontsize=size, fontfamily=family, color="#2b2b2b", rotation=tilt)
    aspect = 6.0 / 4.4  # figure units are not square: an ellipse in them draws a circle
    seal = Ellipse((0.80, 0.22), 0.15, 0.15 * aspect, transform=figure.transFigure, fill=False, color="#c0392b", lw=2)
    figure.add_artist(seal)
    figure.text(0.80, 0.22, "示例", ha="center", va="center", fontsize=12, fontfamily=family, color="#c0392b")
    figure.text(0.5, 0.5, WATERMARK, ha="center", va="center", fontsize=26, fontfamily=family, color="#000000",
                alpha=0.08, rotation=25)  # fmt: skip
    for _ in range(120):  # the specks of a scan
        figure.add_artist(
            Ellipse((rng.random(), rng.random()), 0.003, 0.003 * aspect, transform=figure.transFigure, color="#9a9a9a")
        )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor=figure.get_facecolor(), metadata={"Software": None})
    return buffer.getvalue()
