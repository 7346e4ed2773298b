"""The 学期自查报告's words, once: the PDF (self_inspection_pdf.py) and the Word file
(self_inspection_docx.py) print the same headings, lines and notes in the same order, so a school
that stamps the Word file hands in what the PDF shows. No layout here and no reportlab or docx."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from counselroom.reports.self_inspection_data import CheckItem, ReportTable, SelfInspection, Verdict

TITLE = "学期自查报告"
CHECK_HEADERS = ("项目", "要求", "依据", "本校情况", "结论")
GLANCE_LABEL = "自查结论："
GAPS_HEADING = "自查发现的问题（清单）"
NOTES_HEADING = "问题与改进措施"
NO_GAPS = "本学期自查未发现未达标的项目。"
SIGNATURES = ("校长（签字）：", "学校（盖章）：", "日期：")
NUMERALS = "一二三四五六七八九十"
CHART_SIZE_CM = (17.0, 8.0)  # the text width of both A4 layouts (PDF 15 mm margins less a little, Word 2 cm)
COUNT = re.compile(r"^(<?\d[\d.,%/:：]*( ?[%人次个班天])?|\*|—|-)$")  # "12", "<5", "*", "98.5%", "1:623"


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def document_title(report: SelfInspection) -> str:
    return f"{TITLE} {report.term}"


def header_line(report: SelfInspection) -> str:
    """The running header on every page."""
    return f"{report.school} · {TITLE} · {report.term}"


def facts(report: SelfInspection) -> list[tuple[str, str]]:
    """The label/value lines under the title."""
    found = [
        ("学校", report.school),
        ("学期", f"{report.term}（{chinese_date(report.term_start)}至{chinese_date(report.term_end)}）"),
        ("政策依据", report.profile),
        ("在校学生", f"{report.students} 人，{report.classes} 个班"),
        ("数据截至", chinese_date(report.as_of)),
    ]
    if report.prepared_by:
        found.append(("制表", report.prepared_by))
    return found


def running_note(report: SelfInspection) -> str:
    """Said plainly when the term is not over: its numbers will still grow ('' once it is over)."""
    return "" if report.term_over else f"学期尚未结束，数字截至 {chinese_date(report.as_of)}。"


def at_a_glance(report: SelfInspection) -> str:
    unjudged = sum(1 for a in report.areas for c in a.checks if c.verdict is Verdict.NOT_JUDGED)
    line = f"达标 {report.met} 项，未达标 {report.not_met} 项"
    return line + (f"，不评判 {unjudged} 项（政策未规定数字）" if unjudged else "") + "。"


def area_heading(index: int, name: str) -> str:
    return f"{NUMERALS[index]}、{name}"


def closing_headings(report: SelfInspection) -> tuple[str, str]:
    """The two sections after the areas, numbered on from them: 六、… and 七、…."""
    after = len(report.areas)
    return area_heading(after, GAPS_HEADING), area_heading(after + 1, NOTES_HEADING)


def numbered_gaps(report: SelfInspection) -> list[str]:
    return [f"{n}. {gap}" for n, gap in enumerate(report.gaps, start=1)]


def note_paragraphs(notes: str) -> list[str]:
    """The principal's text, paragraph by paragraph as typed (blank lines dropped)."""
    return [line.strip() for line in notes.strip().splitlines() if line.strip()]


@dataclass(frozen=True)
class SourceNotes:
    """The 依据 column's texts ("S001 [1]") and the quotes they point to, printed under the table."""

    cells: tuple[str, ...]  # one per check item, in order
    quotes: tuple[str, ...]  # "[1] S001：每两周 1 课时……"


def source_notes(checks: Sequence[CheckItem]) -> SourceNotes:
    """Number each distinct quote once; items citing the same sentence share its number."""
    numbers: dict[tuple[str, str], int] = {}
    cells = []
    for check in checks:
        if not check.quote.strip():
            cells.append(check.source or "—")
            continue
        number = numbers.setdefault((check.source, check.quote.strip()), len(numbers) + 1)
        cells.append(f"{check.source} [{number}]")
    quotes = tuple(f"[{n}] {source}：{quote}" for (source, quote), n in numbers.items())
    return SourceNotes(tuple(cells), quotes)


def check_rows(checks: Sequence[CheckItem]) -> list[tuple[str, str, str, str, str]]:
    """The check table's body as texts, in CHECK_HEADERS order."""
    cells = source_notes(checks).cells
    return [
        (c.item, c.requirement or "—", source, c.ours or "—", c.verdict.value)
        for c, source in zip(checks, cells, strict=True)
    ]


def count_columns(table: ReportTable) -> list[bool]:
    """Which columns hold only counts (centred in both layouts, so "<5" and "*" line up with numbers)."""
    columns = range(len(table.headers))
    return [bool(table.rows) and all(COUNT.match(row[c].strip()) for row in table.rows) for c in columns]
