"""Dialogs for classes and staff: 心理委员, a new staff member, the year-end rollover."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QSpinBox, QWidget

from counselroom.domain.school.terms import TermDates, default_terms
from counselroom.domain.students.student_facts import StaffPosition
from counselroom.gui.session.account_dialogs import _FormDialog
from counselroom.services.school.school_structure import RolloverPreview
from counselroom.services.students.student_records import StudentListItem


class PeerMonitorDialog(_FormDialog):
    """One boy and one girl of the class (S001: 男、女委员各1名)."""

    def __init__(self, class_name: str, pupils: list[StudentListItem], parent: QWidget | None = None):
        super().__init__(f"设置心理委员 — {class_name}", "每班设男、女心理委员各 1 名，协助了解同学心理动态。", parent)
        self.boy, self.girl = QComboBox(), QComboBox()
        for combo, gender in ((self.boy, "男"), (self.girl, "女")):
            for pupil in pupils:
                if pupil.gender == gender:
                    combo.addItem(f"{pupil.name}（{pupil.student_no}）", pupil.id)
        self.form.addRow("男委员", self.boy)
        self.form.addRow("女委员", self.girl)

    def check(self) -> str:
        return "" if self.boy.count() and self.girl.count() else "本班没有可选的男生或女生"

    def chosen(self) -> list[int]:
        return [int(self.boy.currentData()), int(self.girl.currentData())]


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
