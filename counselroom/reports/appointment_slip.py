"""The appointment slip (预约单) handed to the student: when and where, nothing more.

Privacy by construction: the slip changes hands in public — it is given out in a classroom or
via the 班主任, left on a desk, dropped in a corridor. Anyone who picks it up must learn no more
than “someone has a meeting at 10:00 in the counseling room”. So `SlipData` has *no field* for the
student's name, class, the type of session (危机评估 says too much), the counselor's notes, or the
source of the referral: a caller cannot leak what the type cannot hold. The student knows who
they are; the counselor knows whom the slip is for.

Why A6 portrait (105 × 148 mm): it fits a pocket or a pencil case, so the student can keep it
out of sight, and it is the size of a note, not an official letter. Printers that take only A4
print it at 100 % in the corner; the teacher trims it (or prints four per sheet in the dialog).
The hotlines are on it because a slip is the one piece of paper a student in distress is sure
to keep.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from counselroom.domain.school.hotlines import Hotline
from counselroom.reports.pdf_fonts import style
from counselroom.reports.pdf_pages import RULE, build_pdf, hotline_box, long_date, plain, table_style, time_range

TITLE = "心理辅导预约单"
FRIENDLY_LINE = "请准时前来；如需改期，请告知班主任或心理老师。"
HELP_TITLE = "需要帮助时，可以拨打或联系："
MARGIN = 8 * mm


@dataclass(frozen=True)
class SlipData:
    """Everything a slip may show. Adding a field here is a privacy decision — see the module doc."""

    school_name: str
    start: datetime
    end: datetime
    room_label: str  # 心理辅导室（个别辅导室一） — or 电话 / 网络 for remote sessions
    hotlines: tuple[Hotline, ...] = ()  # the policy profile's lines, then the room's own contacts


def build_slip(slip: SlipData) -> bytes:
    width = A6[0] - 2 * MARGIN
    story: list[Flowable] = [
        plain(slip.school_name, style("slip-school", 10, colour="#666666", align=TA_CENTER)),
        Paragraph(TITLE, style("slip-title", 19, align=TA_CENTER, space_after=5 * mm)),
        _when_and_where(slip, width),
        Spacer(1, 5 * mm),
        Paragraph(FRIENDLY_LINE, style("slip-friendly", 10)),
    ]
    if slip.hotlines:
        story += [Spacer(1, 6 * mm), hotline_box(slip.hotlines, width=width, title=HELP_TITLE, number_size=13)]
    return build_pdf(story, pagesize=A6, title=TITLE, margin=MARGIN)


def _when_and_where(slip: SlipData, width: float) -> Table:
    label, value = style("slip-label", 10, colour="#666666"), style("slip-value", 13.5)
    rows = [
        ["日期", long_date(slip.start.date())],
        ["时间", time_range(slip.start.time(), slip.end.time())],
        ["地点", slip.room_label],
    ]
    table = Table([[Paragraph(a, label), plain(b, value)] for a, b in rows], colWidths=[12 * mm, width - 12 * mm])
    table.setStyle(
        table_style(
            ("LINEBELOW", (0, 0), (-1, -2), 0.4, RULE),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        )
    )
    return table
