"""What the care store's full-text search indexes for each record (issue #10 item 6), composed once
here for the services that keep the index current and for the demo that fills it.

A document is lines of ``label：value`` — a note's template fields in the template's order (labels
from resources/note_templates), a case's reason, close summary, reopen reasons and next step, a
plan's goals and measures and each review's findings — so a snippet reads like the record itself
("辅导过程：学生主动谈起最近的睡眠…"). Each line is one `Section` with the title a hit shows when
its match falls inside it ("个案：开案原因", "一人一案复查 2025-11-02"). Pure: no I/O.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from counselroom.domain.cases.note_templates import NoteTemplate

CASE_KIND = "个案"
PLAN_KIND = "一人一案"


@dataclass(frozen=True)
class Section:
    start: int  # where its line starts in the text
    title: str


@dataclass(frozen=True)
class IndexedText:
    text: str
    sections: tuple[Section, ...] = ()

    def title_at(self, offset: int, default: str) -> str:
        """The title of the section holding `offset` (a match's start), else `default`."""
        starts = [s.start for s in self.sections]
        i = bisect.bisect_right(starts, offset) - 1
        return self.sections[i].title if i >= 0 else default


@dataclass(frozen=True)
class ReviewText:
    reviewed_on: str
    what_worked: str
    changes: str
    next_review: str


class _Lines:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.sections: list[Section] = []
        self.length = 0

    def add(self, label: str, value: str, title: str = "") -> None:
        value = value.strip()
        if not value:
            return
        if title:
            self.sections.append(Section(self.length, title))
        line = f"{label}：{value}"
        self.lines.append(line)
        self.length += len(line) + 1

    def done(self) -> IndexedText:
        return IndexedText("\n".join(self.lines), tuple(self.sections))


def note_text(template: NoteTemplate | None, fields: Mapping[str, str], student_parts: Sequence[str] = ()) -> str:
    """A note's fields as ``label：value`` in the template's order (keys the template no longer
    has come last under their key), then a group note's per-student parts."""
    lines = _Lines()
    known = template.note_fields if template else ()
    for field in known:
        lines.add(field.label, fields.get(field.key, ""))
    for key in sorted(set(fields) - {f.key for f in known}):
        lines.add(key, fields[key])
    part = template.student_part if template else None
    for text in student_parts:
        lines.add(part.label if part else "个人情况", text)
    return lines.done().text


def addendum_text(text: str) -> str:
    return text.strip()


def case_text(reason: str, close_summary: str, reopen_reasons: Sequence[str], next_step: str) -> IndexedText:
    lines = _Lines()
    lines.add("开案原因", reason, f"{CASE_KIND}：开案原因")
    lines.add("结案小结", close_summary, f"{CASE_KIND}：结案小结")
    for why in reopen_reasons:
        lines.add("重新开案原因", why, f"{CASE_KIND}：重新开案原因")
    lines.add("下一步", next_step, f"{CASE_KIND}：下一步")
    return lines.done()


def plan_text(goals: str, measures: str, reviews: Sequence[ReviewText]) -> IndexedText:
    """The plan as it stands, then each review (oldest first): what worked, what changed, when next."""
    lines = _Lines()
    lines.add("帮扶目标", goals, f"{PLAN_KIND}：帮扶目标")
    lines.add("帮扶措施", measures, f"{PLAN_KIND}：帮扶措施")
    for review in reviews:
        title = f"{PLAN_KIND}复查 {review.reviewed_on}"
        lines.add(f"{review.reviewed_on} 复查·效果", review.what_worked, title)
        lines.add(f"{review.reviewed_on} 复查·调整", review.changes, title)
        lines.add(f"{review.reviewed_on} 复查·下次复查", review.next_review, title)
    return lines.done()
