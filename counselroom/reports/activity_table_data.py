"""The “万师润万心·大走访大谈心”活动记录表 of S000 (附件 1-1) as plain data, for its three layouts
(activity_table_pdf, _docx, _xlsx). The seed's layout: the title; 填报单位（盖章）; a table of 序号, 类别,
参与人数, 谈话次数, 谈心学生数量 with the six 六谈 categories in S000's order; 报送联系人; 电话. Under the
table (not in the seed, which leaves it to the filler) the period counted and what 参与人数 means for
each category. School-wide counts per category: nothing here names a student."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

TITLE = "“万师润万心·大走访大谈心”活动记录表"
HEADERS = ("序号", "类别", "参与人数", "谈话次数", "谈心学生数量")


@dataclass(frozen=True)
class ActivityTableRow:
    number: int  # 1–6, S000's 序号
    category: str  # 院校领导重点谈 …
    participants: int
    talks: int
    students: int

    @property
    def cells(self) -> tuple[str, ...]:
        return (str(self.number), self.category, str(self.participants), str(self.talks), str(self.students))


@dataclass(frozen=True)
class ActivityTableData:
    school: str  # 填报单位
    start: date
    end: date
    rows: tuple[ActivityTableRow, ...]  # six, in S000's order
    contact: str  # 报送联系人
    phone: str  # 电话
    meanings: tuple[str, ...]  # 参与人数 per category: 学生家长倾心谈：参与谈话的学生家长人数

    @property
    def period(self) -> str:
        return f"统计时段：{_day(self.start)}至{_day(self.end)}"

    @property
    def notes(self) -> tuple[str, ...]:
        """The lines under the table: the period, then what 参与人数 counts."""
        return (self.period, "参与人数：" + "；".join(self.meanings) + "。")


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
