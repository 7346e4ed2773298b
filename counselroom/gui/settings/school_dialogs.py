"""Dialogs for classes and staff: 心理委员, a new staff member, the year-end rollover."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QListWidget, QListWidgetItem, QSpinBox, QWidget

from counselroom.domain.school.terms import TermDates, default_terms
from counselroom.domain.students.student_facts import StaffPosition
from counselroom.gui.session.account_dialogs import _FormDialog
from counselroom.services.care.peer_reports import MonitorChoices
from counselroom.services.school.school_structure import RolloverPreview


class PeerMonitorDialog(_FormDialog):
    """The class's 心理委员, ticked from its students at school; the hint is the policy profile's
    rule (S001: 男、女各 1 名; S003: 不少于 2 名), which the service checks."""

    def __init__(self, choices: MonitorChoices, parent: QWidget | None = None):
        rule = f"{choices.rule}。" if choices.rule else "政策依据对本班所在学段不作要求，可按学校安排设置。"
        hint = f"{rule}心理委员协助了解同学心理动态；只列出在读学生，都不勾选即取消本班心理委员。"
        super().__init__(f"设置心理委员 — {choices.class_name}", hint, parent)
        self.pupils = QListWidget()
        for pupil in choices.pupils:
            item = QListWidgetItem(f"{pupil.name}（{pupil.gender}，{pupil.student_no}）")
            item.setData(Qt.ItemDataRole.UserRole, pupil.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = pupil.id in choices.current
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.pupils.addItem(item)
        self.form.addRow(self.pupils)

    def check(self) -> str:
        return "" if self.pupils.count() else "本班没有在读学生"

    def tick(self, *names: str) -> None:
        """Tick exactly the students with these names (as a teacher clicks them)."""
        for row in range(self.pupils.count()):
            item = self.pupils.item(row)
            wanted = item.text().split("（")[0] in names
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def chosen(self) -> list[int]:
        items = (self.pupils.item(row) for row in range(self.pupils.count()))
        return [int(i.data(Qt.ItemDataRole.UserRole)) for i in items if i.checkState() == Qt.CheckState.Checked]


class AddStaffDialog(_FormDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__("添加教职工", "心理教师、班主任、科任教师和校领导都在这里登记，可担任成长导师。", parent)
        self.name = QLineEdit()
        self.gender = QComboBox()
        self.gender.addItems(["女", "男"])
        self.position = QComboBox()
        for position in StaffPosition:
            self.position.addItem(position.value, position)
        self.subject = QLineEdit()
        self.subject.setPlaceholderText("任教学科或职务，如 语文、分管德育副校长")
        self.qualifications = QLineEdit()
        self.qualifications.setPlaceholderText("如 心理健康教育教师资格证、心理咨询师（三级）")
        self.form.addRow("姓名", self.name)
        self.form.addRow("性别", self.gender)
        self.form.addRow("岗位", self.position)
        self.form.addRow("学科/职务", self.subject)
        self.form.addRow("资质", self.qualifications)

    def check(self) -> str:
        return "" if self.name.text().strip() else "请填写姓名"

    def chosen_position(self) -> StaffPosition:
        return StaffPosition(self.position.currentData())


class RolloverDialog(_FormDialog):
    """Shows what the year-end rollover will do before it does it."""

    def __init__(self, preview: RolloverPreview, parent: QWidget | None = None):
        lines = [f"{m.old_name} → {m.new_name or '毕业'}（{m.students} 人）" for m in preview.moves]
        note = (
            f"共 {len(preview.moves)} 个班：{preview.graduating_classes} 个班毕业"
            f"（{preview.graduating_students} 人），其余各升一个年级。"
        )
        if preview.suspended_left_behind:
            note += f"毕业班中休学的 {preview.suspended_left_behind} 名学生保留原状态。"
        note += "\n操作前会自动保存一份加密副本，如有错误可由管理员用它恢复。"
        listing = "\n".join(lines[:30]) + ("\n…" if len(lines) > 30 else "")
        super().__init__("学年升级", f"{note}\n\n{listing}", parent)


class SchoolYearDialog(_FormDialog):
    """A new 学年 with both 学期, dates pre-filled with the usual calendar."""

    def __init__(self, start_year: int, parent: QWidget | None = None):
        super().__init__("添加学年", "日期已按常见校历预填，请按本校校历修改。", parent)
        self.start_year = QSpinBox()
        self.start_year.setRange(2000, 2100)
        self.start_year.setValue(start_year)
        self.start_year.setSuffix(" 年秋季开学")
        self.dates = [QDateEdit() for _ in range(4)]
        for edit in self.dates:
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.form.addRow("学年", self.start_year)
        for label, edit in zip(
            ("第一学期开始", "第一学期结束", "第二学期开始", "第二学期结束"), self.dates, strict=True
        ):
            self.form.addRow(label, edit)
        self.start_year.valueChanged.connect(self._fill_defaults)
        self._fill_defaults(start_year)

    def _fill_defaults(self, start_year: int) -> None:
        first, second = default_terms(start_year)
        for edit, day in zip(self.dates, (first.start, first.end, second.start, second.end), strict=True):
            edit.setDate(QDate(day.year, day.month, day.day))

    def terms(self) -> tuple[TermDates, TermDates]:
        d = [edit.date().toPython() for edit in self.dates]
        return TermDates(1, d[0], d[1]), TermDates(2, d[2], d[3])
