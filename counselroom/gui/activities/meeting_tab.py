"""会议: 领导小组, 工作小组, 心理危机干预小组 and the 关爱工作会议 (S003 item 37: 每学期不少于 2 次) —
the quick entry row (会议, 日期, 议题, 人数, 决定事项) and the term's meetings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from counselroom.domain.activities.meetings import MeetingBody
from counselroom.gui.activities.activity_models import MeetingTableModel
from counselroom.gui.activities.entry_fields import DATE_WIDTH, QuickDateEdit, choice_box, number_field, text_line
from counselroom.gui.activities.entry_strip import EntryStrip
from counselroom.gui.activities.record_tab import RecordTab
from counselroom.services.activities import meetings
from counselroom.services.activities.meetings import MeetingInput
from counselroom.services.school.school_calendar import Term

# Meetings are school records: the principal reads them, so no student is named in them.
SCHOOL_READS = "会议记录校长也能看到：议题和决定写工作安排，不要写学生姓名（个别学生的情况记在个案中）。"


class MeetingTab(RecordTab):
    empty_text = "这个学期还没有会议记录。领导小组、工作小组、危机干预小组的会议，在上面一行录入。"
    record_word = "会议"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, model=MeetingTableModel(), **kwargs)

    def fill_strip(self, strip: EntryStrip) -> None:
        self.strip = strip
        self.body = strip.add("会议类别", choice_box([b.value for b in MeetingBody]), width=290)
        self.held_on = strip.add("日期", QuickDateEdit(self.today()), width=DATE_WIDTH)
        self.topic = strip.add("议题", text_line("如：部署本学期心理健康教育工作"), stretch=2)
        self.attendees = strip.add("参会人数", number_field(0, 500, 0, none_text="—"), width=70)
        self.decisions = strip.add("会议决定", text_line("如：10月开展心理健康月活动"), stretch=1)
        strip.set_hint(SCHOOL_READS, standing=True)

    def entry(self) -> MeetingInput | None:
        strip = self.strip
        assert strip is not None
        if not self.topic.text().strip():
            strip.complain("请填写议题", "议题")
            return None
        return MeetingInput(
            body=MeetingBody(self.body.currentText()),
            held_on=self.held_on.day(),
            topic=self.topic.text().strip(),
            attendees=self.attendees.value(),
            decisions=self.decisions.text().strip(),
        )

    def save_entry(self) -> None:
        meeting = self.entry()
        strip = self.strip
        if meeting is None or strip is None:
            return
        if self.runner.call_in_form(strip.show_error, meetings.record_meetings, [meeting], parent=self) is not None:
            strip.show_done(f"已记录：{meeting.body.value}")
            for field in (self.topic, self.decisions):
                field.clear()
            self.attendees.setValue(0)

    def load(self, term: Term) -> list[Any] | None:
        return self.runner.call(meetings.list_meetings, start=term.start, end=term.end, parent=self)

    def count_text(self, rows: Sequence[Any]) -> str:
        return f"本学期 {len(rows)} 次会议"

    def describe(self, row: Any) -> str:
        return f"{row.held_on.isoformat()} 的{row.body.value}会议"

    def delete_call(self, row: Any) -> object:
        return self.runner.call(meetings.delete_meeting, row.id, parent=self)
