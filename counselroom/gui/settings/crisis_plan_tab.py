"""设置 → 危机干预预案: the school's crisis plan (一校一案) as three lists — the team, the steps in
order, the contacts to call — saved together with 保存. The lead edits; counselors read it."""

from __future__ import annotations

import json
import re
from datetime import datetime

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from counselroom.domain.crisis.crisis_plan import Contact, CrisisPlan, PlanStep, TeamMember
from counselroom.domain.errors import CounselRoomError
from counselroom.domain.roles import Permission
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.settings.crisis_plan_lists import EditableListWidget
from counselroom.gui.text_format import long_date
from counselroom.gui.widgets import error_label, hint_label, primary_button
from counselroom.services.crisis import crisis_plan

DRAFT_KEY = "settings:crisis_plan"
EDIT_HINT = (
    "一校一案：写明危机干预小组成员及分工、处置步骤（按先后顺序）和需要联系的医院、机构与电话。"
    "直接在表格中双击修改，改完点“保存”。"
)
READ_HINT = "危机干预预案由心理中心负责人维护，这里只能查看。发生危机时请按处置步骤逐项进行。"
# “小组成员第 2 项电话” → the list, the line, the column (domain/crisis/crisis_plan.check_plan).
_FIELD = re.compile(r"^(小组成员|处置步骤|联系方式)(?:第 (\d+) 项(.*))?$")


def saved_text(plan: CrisisPlan, *, editor: bool = True) -> str:
    """When it was last saved and by whom; before the first save, what is still to do — and who
    does it: a reader (a counselor) cannot save, the plan is kept by 心理中心负责人."""
    if not plan.updated_at:
        if not editor:
            return "尚未保存过：下面是建议的处置步骤。小组成员和联系方式由心理中心负责人补充并保存。"
        return "尚未保存过：下面是建议的处置步骤，请补充小组成员和联系方式后保存。"
    try:
        at = datetime.fromisoformat(plan.updated_at)
    except ValueError:
        return f"上次保存：{plan.updated_at}"
    who = f"，{plan.updated_by}" if plan.updated_by else ""
    return f"上次保存：{long_date(at.date())} {at:%H:%M}{who}"


def checklist_text(plan: CrisisPlan) -> str:
    """S001's four 有 in one line: what the plan has, what it still lacks."""
    has = [line.split("：", 1)[1] for line, done in plan.checklist if done]
    lacks = [line.split("：", 1)[1] for line, done in plan.checklist if not done]
    text = "已有：" + ("、".join(has) or "无")
    return text + ("；还缺：" + "、".join(lacks) if lacks else "；四项齐全")


class CrisisPlanTab(QWidget):
    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.can_edit = runner.actor.can(Permission.EDIT_CRISIS_PLAN)
        self.dirty = False  # unsaved typing: a refresh must not overwrite it
        edit = self.can_edit
        self.team = EditableListWidget(
            "小组成员", ("姓名", "职责/分工", "电话"), ("姓名", "职责", "电话"), widths=(80, None, 120), editable=edit
        )
        self.steps = EditableListWidget(
            "处置步骤", ("步骤", "说明"), ("", "说明"), widths=(130, None), editable=edit, ordered=True
        )
        self.contacts = EditableListWidget(
            "联系方式", ("名称", "电话", "备注"), ("名称", "电话", "备注"), widths=(170, 140, None), editable=edit
        )
        self.saved = QLabel()
        self.checklist = QLabel()
        self.checklist.setObjectName("Muted")
        self.checklist.setWordWrap(True)
        self.error = error_label()
        self.save_button = primary_button("保存")
        self.discard_button = QPushButton("放弃修改")
        for button in (self.save_button, self.discard_button):
            button.setVisible(edit)
        self.save_button.clicked.connect(self.save)
        self.discard_button.clicked.connect(self.discard)
        for part in (self.team, self.steps, self.contacts):
            part.edited.connect(self._mark_dirty)
        self._lay_out()
        self._mark_clean()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.saved)
        top.addStretch(1)
        top.addWidget(self.discard_button)
        top.addWidget(self.save_button)
        right = QVBoxLayout()
        right.addWidget(self.team, 1)
        right.addWidget(self.contacts, 1)
        body = QHBoxLayout()
        body.addWidget(self.steps, 5)
        body.addLayout(right, 4)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(EDIT_HINT if self.can_edit else READ_HINT))
        layout.addLayout(top)
        layout.addWidget(self.checklist)
        layout.addWidget(self.error)
        layout.addLayout(body, 1)

    # -- loading -------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.dirty:  # another change broadcast (e.g. 空闲锁定) must not wipe the typing
            return
        plan = self.runner.call(crisis_plan.get_crisis_plan, parent=self)
        if plan is not None:
            self.show_plan(plan)

    def show_plan(self, plan: CrisisPlan) -> None:
        self.team.set_rows([(m.name, m.role, m.phone) for m in plan.team])
        self.steps.set_rows([(s.title, s.detail) for s in plan.steps])
        self.contacts.set_rows([(c.name, c.phone, c.note) for c in plan.contacts])
        self.saved.setText(saved_text(plan, editor=self.can_edit))
        self.checklist.setText(checklist_text(plan))
        self.error.clear()
        self._mark_clean()

    def clear(self) -> None:
        for part in (self.team, self.steps, self.contacts):
            part.set_rows([])
        self.saved.clear()
        self.checklist.clear()
        self.error.clear()
        self._mark_clean()

    def _mark_dirty(self) -> None:
        self.dirty = True
        self.discard_button.setEnabled(True)

    def _mark_clean(self) -> None:
        # 保存 stays enabled: a cell still being typed in has not told the table it changed yet.
        self.dirty = False
        self.discard_button.setEnabled(False)

    # -- saving --------------------------------------------------------------------------
    def save(self) -> None:
        self.save_button.setFocus()  # closes a cell's editor, so its text is in the table
        done = self.runner.call_in_form(
            self.show_error,
            crisis_plan.save_crisis_plan,
            team=[TeamMember(*v) for v in self.team.rows()],
            steps=[PlanStep(*v) for v in self.steps.rows()],
            contacts=[Contact(*v) for v in self.contacts.rows()],
            parent=self,
        )
        if done is not None:
            self.dirty = False
            self.refresh()

    def discard(self) -> None:
        self.dirty = False
        self.refresh()

    def show_error(self, error: CounselRoomError) -> bool:
        """Say what is wrong above the lists and select the cell it is about; nothing is cleared."""
        self.error.setText(str(error))
        found = _FIELD.match(error.field or "")
        if found:
            part = {"小组成员": self.team, "处置步骤": self.steps, "联系方式": self.contacts}[found.group(1)]
            number = int(found.group(2)) if found.group(2) else None
            part.point_at(number, found.group(3) or "")
        return True

    # -- through a lock ------------------------------------------------------------------
    def draft(self) -> dict[str, str]:
        """Unsaved lists, kept encrypted through an idle lock (the typing is never lost)."""
        if not self.dirty:
            return {}
        lists = {"team": self.team.rows(), "steps": self.steps.rows(), "contacts": self.contacts.rows()}
        return {DRAFT_KEY: json.dumps(lists, ensure_ascii=False)}

    def restore(self, drafts: dict[str, str]) -> None:
        text = drafts.get(DRAFT_KEY)
        if not text:
            return
        lists = json.loads(text)
        self.team.set_rows([tuple(v) for v in lists.get("team", [])])
        self.steps.set_rows([tuple(v) for v in lists.get("steps", [])])
        self.contacts.set_rows([tuple(v) for v in lists.get("contacts", [])])
        self.error.setText("锁定前未保存的修改已恢复，请检查后保存。")
        self._mark_dirty()
