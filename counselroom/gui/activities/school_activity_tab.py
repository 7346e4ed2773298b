"""班会与活动 (主题班团队会, 专题活动, 团体辅导, 心理委员培训指导), 家长学校 and 宣传: records that name
no student. One tab class, three shapes: which kinds it lists and which of 时机 (5·25, 10·10 …) and
形式 (展板, 家长会 …) its entry row asks for. 范围 is 全校, a grade, or classes separated by 、."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from counselroom.domain.activities.school_activities import (
    OCCASIONS,
    PARENT_FORMS,
    PUBLICITY_FORMS,
    ActivityKind,
    theme_day_note,
)
from counselroom.gui.activities.activity_models import (
    ActivityTableModel,
    ParentSchoolTableModel,
    PublicityTableModel,
)
from counselroom.gui.activities.directory import WHOLE_SCHOOL, Scope
from counselroom.gui.activities.entry_fields import (
    DATE_WIDTH,
    NameField,
    QuickDateEdit,
    choice_box,
    number_field,
    text_line,
)
from counselroom.gui.activities.entry_strip import EntryStrip
from counselroom.gui.activities.record_tab import RecordTab
from counselroom.gui.models import RowTableModel
from counselroom.services.activities import school_activities
from counselroom.services.activities.school_activities import ActivityInput
from counselroom.services.school.school_calendar import Term

CLASS_AND_GROUP_KINDS = (
    ActivityKind.CLASS_MEETING,
    ActivityKind.THEMED,
    ActivityKind.GROUP_COUNSELING,
    ActivityKind.PEER_MONITOR_TRAINING,
)


# Activities are school records: the principal reads them, so no student is named in them.
SCOPE_AND_READERS = "范围：全校、一个年级（如 初一），或几个班（用“、”隔开）。活动记录校长也能看到，不要写学生姓名。"


@dataclass(frozen=True)
class ActivityShape:
    kinds: tuple[ActivityKind, ...]
    word: str  # 这个学期还没有{word}记录
    title_hint: str
    empty_text: str
    default_scope: str = ""
    occasions: tuple[str, ...] = ()  # 时机 offered (宣传)
    forms: tuple[str, ...] = ()  # 形式 offered (家长学校, 宣传)
    count_label: str = "参与人数"


CLASS_AND_GROUP = ActivityShape(
    CLASS_AND_GROUP_KINDS,
    "班会或活动",
    "如：学会管理情绪",
    "这个学期还没有班会或活动记录。在上面一行录入：主题班团队会、专题活动、团体辅导或心理委员培训指导。",
)
PARENT_SCHOOL = ActivityShape(
    (ActivityKind.PARENT_SCHOOL,),
    "家长学校",
    "如：青春期孩子的亲子沟通",
    "这个学期还没有家长学校记录。每学期至少为全体家长举办 1 次家庭教育讲座或活动。",
    default_scope=WHOLE_SCHOOL,
    forms=PARENT_FORMS,
    count_label="家长人数",
)
PUBLICITY = ActivityShape(
    (ActivityKind.PUBLICITY,),
    "宣传活动",
    "如：“阳光心态 快乐成长”主题展板",
    "这个学期还没有宣传活动记录。5·25心理健康日、10·10世界精神卫生日等宣传，在上面一行录入。",
    default_scope=WHOLE_SCHOOL,
    occasions=OCCASIONS,
    forms=PUBLICITY_FORMS,
)


def model_for(shape: ActivityShape) -> RowTableModel[Any]:
    if shape is PARENT_SCHOOL:
        return ParentSchoolTableModel()
    if shape is PUBLICITY:
        return PublicityTableModel()
    return ActivityTableModel()


class SchoolActivityTab(RecordTab):
    def __init__(self, *args: Any, shape: ActivityShape, **kwargs: Any):
        self.shape = shape
        self.empty_text = shape.empty_text
        self.record_word = shape.word
        super().__init__(*args, model=model_for(shape), **kwargs)

    def fill_strip(self, strip: EntryStrip) -> None:
        self.strip = strip
        shape = self.shape
        self.kind = (
            strip.add("类别", choice_box([k.value for k in shape.kinds]), width=150) if len(shape.kinds) > 1 else None
        )
        self.held_on = strip.add("日期", QuickDateEdit(self.today()), width=DATE_WIDTH)
        self.title = strip.add("活动名称", text_line(shape.title_hint), stretch=1)
        self.occasion = (
            strip.add("主题日", choice_box(shape.occasions, editable=True), width=170) if shape.occasions else None
        )
        self.form = strip.add("形式", choice_box(shape.forms, editable=True), width=120) if shape.forms else None
        self.scope = strip.add("范围", NameField("全校、年级或班级"), width=130)
        self.scope.setText(shape.default_scope)
        self.organizer = strip.add("组织者", NameField("教职工姓名"), width=100)
        self.participants = strip.add(shape.count_label, number_field(0, 5000, 0, none_text="—"), width=70)
        self.refresh_names()
        strip.aliases.update({"年级": "范围", "班级": "范围", "参与人数": shape.count_label})
        strip.set_hint(SCOPE_AND_READERS, standing=True)

    def refresh_names(self) -> None:
        if self.strip is not None:
            self.scope.set_choices(self.directory().scope_choices())
            self.organizer.set_choices(self.directory().staff_choices())

    def entry(self) -> ActivityInput | None:
        strip = self.strip
        assert strip is not None
        if not self.title.text().strip():
            strip.complain("请填写活动名称", "活动名称")
            return None
        scope = self.directory().scope_of(self.scope.text())
        if not isinstance(scope, Scope):
            strip.complain(scope, "范围")
            return None
        organizer_id = self.directory().staff_id(self.organizer.text())
        if self.organizer.text().strip() and organizer_id is None:
            strip.complain("教职工名单中没有这位组织者", "组织者")
            return None
        return ActivityInput(
            kind=ActivityKind(self.kind.currentText()) if self.kind is not None else self.shape.kinds[0],
            held_on=self.held_on.day(),
            title=self.title.text().strip(),
            scope=scope.scope,
            grade_id=scope.grade_id,
            class_ids=scope.class_ids,
            organizer_id=organizer_id,
            participants=self.participants.value(),
            occasion=self.occasion.currentText().strip() if self.occasion is not None else "",
            form=self.form.currentText().strip() if self.form is not None else "",
        )

    def save_entry(self) -> None:
        activity = self.entry()
        strip = self.strip
        if activity is None or strip is None:
            return
        done = self.runner.call_in_form(strip.show_error, school_activities.record_activities, [activity], parent=self)
        if done is not None:
            strip.show_done(f"已记录：{activity.title}　{theme_day_note(activity.occasion, activity.held_on)}".strip())
            self.title.clear()
            self.participants.setValue(0)

    def load(self, term: Term) -> list[Any] | None:
        return self.runner.call(
            school_activities.list_activities, start=term.start, end=term.end, kinds=self.shape.kinds, parent=self
        )

    def count_text(self, rows: Sequence[Any]) -> str:
        if len(self.shape.kinds) == 1:
            return f"本学期 {len(rows)} 次"
        counts = [f"{kind.value} {sum(1 for r in rows if r.kind == kind)} 次" for kind in self.shape.kinds]
        return "本学期：" + "，".join(counts)

    def describe(self, row: Any) -> str:
        return f"{row.held_on.isoformat()} 的“{row.title}”"

    def delete_call(self, row: Any) -> object:
        return self.runner.call(school_activities.delete_activity, row.id, parent=self)
