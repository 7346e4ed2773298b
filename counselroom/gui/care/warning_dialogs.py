"""Dialogs of the 预警 page: 列入预警, decide a proposal, 调整等级, 复评, 解除, 安排成长导师,
登记心理委员报告. They only collect and check input; the page calls the services."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from counselroom.domain.care.warnings import WarningLevel, WarningSource, default_review_date
from counselroom.gui.session.account_dialogs import FormDialog
from counselroom.services.care.mentoring import CoverageRow, MentorChoice
from counselroom.services.care.proposals import ProposalItem
from counselroom.services.care.warning_list import WarningEntry
from counselroom.services.school.school_structure import ClassSummary
from counselroom.services.students.student_records import StudentListItem

MIN_REASON = 2  # the services refuse shorter reasons; say so before calling them
MIN_REJECT_REASON = 4  # "不列入" needs a real reason (proposals.reject_proposal)


def date_field(day: date, *, earliest: date | None = None, latest: date | None = None) -> QDateEdit:
    """A date as teachers write it (2025年10月20日 周一), with a calendar to pick from."""
    field = QDateEdit(QDate(day.year, day.month, day.day))
    field.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    field.setDisplayFormat("yyyy年M月d日 ddd")
    field.setCalendarPopup(True)
    if earliest:
        field.setMinimumDate(QDate(earliest.year, earliest.month, earliest.day))
    if latest:
        field.setMaximumDate(QDate(latest.year, latest.month, latest.day))
    return field


def picked_date(field: QDateEdit) -> date:
    return field.date().toPython()  # type: ignore[no-any-return]


def review_field(level: WarningLevel, today: date) -> QDateEdit:
    # The services accept today up to a year ahead (domain.warnings.check_review_date).
    return date_field(default_review_date(level, today), earliest=today, latest=today + timedelta(days=366))


def reason_field(placeholder: str) -> QLineEdit:
    # One line, so Enter saves the dialog (UX.md "Enter saves a dialog, Esc cancels").
    field = QLineEdit()
    field.setPlaceholderText(placeholder)
    field.setMinimumWidth(320)
    return field


class LevelFields:
    """Level combo and 复评日期; the date follows the level's default interval when it changes."""

    def __init__(self, form: QFormLayout, today: date, level: WarningLevel):
        self.today = today
        self.level = QComboBox()
        for item in WarningLevel:
            self.level.addItem(item.label, item)
        self.level.setCurrentIndex(list(WarningLevel).index(level))
        form.addRow("预警等级", self.level)
        self.review = review_field(level, today)
        form.addRow("复评日期", self.review)
        self.level.currentIndexChanged.connect(self._follow_level)

    def chosen(self) -> WarningLevel:
        return WarningLevel(self.level.currentData())

    def review_on(self) -> date:
        return picked_date(self.review)

    def values(self) -> dict[str, object]:
        return {"level": self.chosen(), "review_on": self.review_on()}

    def _follow_level(self) -> None:
        day = default_review_date(self.chosen(), self.today)
        self.review.setDate(QDate(day.year, day.month, day.day))


def _reason_problem(field: QLineEdit, minimum: int = MIN_REASON) -> str:
    if len(field.text().strip()) < minimum:
        return f"请写明原因（至少 {minimum} 个字），预警名单的每次变动都要有据可查"
    return ""


class AddWarningDialog(FormDialog):
    """列入预警: find the student, then level, source, reason and 复评日期."""

    def __init__(self, search: Callable[[str], Sequence[StudentListItem]], today: date, parent: QWidget | None = None):
        super().__init__("列入预警", "列入前请先与学生或班主任核实情况。预警只表示需要重点关注，不是诊断。", parent)
        self._search = search
        self.setMinimumWidth(540)  # a result line holds name, class, 学号 and any current level
        self.search = QLineEdit()
        self.search.setPlaceholderText("输入姓名、拼音首字母或学号")
        self.results = QListWidget()
        self.results.setMinimumHeight(120)
        self.form.addRow("学生", self.search)
        self.form.addRow("", self.results)
        self.levels = LevelFields(self.form, today, WarningLevel.YELLOW)
        self.source = QComboBox()
        for source in WarningSource:
            self.source.addItem(source.value, source)
        self.source.setCurrentIndex(list(WarningSource).index(WarningSource.HEAD_TEACHER))
        self.form.insertRow(3, "来源", self.source)
        self.reason = reason_field("例如：班主任反映近两周情绪低落、不愿与同学交往")
        self.form.insertRow(4, "原因", self.reason)
        self.search.textChanged.connect(self._find)

    def _find(self, text: str) -> None:
        self.results.clear()
        if not text.strip():
            return
        for student in self._search(text):
            label = f"{student.name}　{student.class_name}　{student.student_no}"
            if student.level is not None:
                label += f"　（已在{student.level.label}预警）"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, student)
            self.results.addItem(item)
        if self.results.count() == 1:
            self.results.setCurrentRow(0)
        elif self.results.count() == 0:
            empty = QListWidgetItem("没有找到。可输入姓名中的字、拼音首字母或学号")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(empty)

    def chosen_student(self) -> StudentListItem | None:
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None and item.isSelected() else None

    def chosen_source(self) -> WarningSource:
        return WarningSource(self.source.currentData())

    def values(self) -> dict[str, object]:
        return {**self.levels.values(), "source": self.chosen_source(), "reason": self.reason.text()}

    def check(self) -> str:
        student = self.chosen_student()
        if student is None:
            return "请先搜索并在结果中选定一名学生"
        if student.level is not None:
            return f"{student.name}已在{student.level.label}预警名单上，请在名单中选中后“调整等级”"
        return _reason_problem(self.reason)


class ConfirmProposalDialog(FormDialog):
    """确认列入: the counselor may choose another level than the one proposed."""

    def __init__(self, proposal: ProposalItem, today: date, parent: QWidget | None = None):
        hint = (
            f"{proposal.student_name}（{proposal.class_name}），来源：{proposal.source}，"
            f"建议{proposal.proposed_level.label}预警。请核实后确定等级。"
        )
        if proposal.current_level is not None:
            hint += f"该学生现为{proposal.current_level.label}预警：选更高的等级会上调，否则保持不变。"
        super().__init__("确认列入预警", hint, parent)
        self.levels = LevelFields(self.form, today, proposal.proposed_level)
        self.reason = reason_field("核实情况与列入原因")
        self.reason.setText(proposal.reason)
        self.form.addRow("原因", self.reason)

    def check(self) -> str:
        return _reason_problem(self.reason)

    def values(self) -> dict[str, object]:
        return {**self.levels.values(), "reason": self.reason.text()}


class RejectProposalDialog(FormDialog):
    def __init__(self, proposal: ProposalItem, parent: QWidget | None = None, *, needs_lead: bool = False):
        hint = f"{proposal.student_name}（{proposal.class_name}）不列入预警名单。理由会保留，便于日后查阅。"
        if needs_lead:
            hint += "这是红色预警建议：不列入须心理中心负责人确认，确认前这条建议仍在待确认列表中。"
        super().__init__("不列入预警", hint, parent)
        self.reason = reason_field("例如：复评访谈未见异常；问卷作答随意")
        self.form.addRow("不列入的理由", self.reason)

    def check(self) -> str:
        if len(self.reason.text().strip()) < MIN_REJECT_REASON:
            return f"请写明不列入的理由（至少 {MIN_REJECT_REASON} 个字）"
        return ""

    def values(self) -> dict[str, object]:
        return {"reason": self.reason.text()}


class ChangeLevelDialog(FormDialog):
    def __init__(self, entry: WarningEntry, today: date, parent: QWidget | None = None):
        hint = f"{entry.student_name}（{entry.class_name}）现为{entry.level.label}预警。"
        super().__init__("调整预警等级", hint, parent)
        self.current = entry.level
        self.levels = LevelFields(self.form, today, entry.level)
        self.reason = reason_field("调整的原因")
        self.form.addRow("原因", self.reason)

    def check(self) -> str:
        if self.levels.chosen() is self.current:
            return f"当前已是{self.current.label}预警，请选择其他等级"
        return _reason_problem(self.reason)

    def values(self) -> dict[str, object]:
        return {**self.levels.values(), "reason": self.reason.text()}


class ReviewDialog(FormDialog):
    """复评 that keeps the level: what was seen, and when to look again."""

    def __init__(self, entry: WarningEntry, today: date, parent: QWidget | None = None):
        super().__init__(
            "复评",
            f"{entry.student_name}（{entry.class_name}），{entry.level.label}预警。"
            "记录本次复评所见，等级不变；需要改等级请用“调整等级”。",
            parent,
        )
        self.reason = reason_field("例如：谈话后情绪平稳，继续关注")
        self.next_review = review_field(entry.level, today)
        self.form.addRow("复评情况", self.reason)
        self.form.addRow("下次复评", self.next_review)

    def check(self) -> str:
        return _reason_problem(self.reason)

    def values(self) -> dict[str, object]:
        return {"reason": self.reason.text(), "next_review_on": picked_date(self.next_review)}


class CloseWarningDialog(FormDialog):
    def __init__(self, entry: WarningEntry, parent: QWidget | None = None):
        super().__init__(
            "解除预警", f"解除后，{entry.student_name}不再出现在预警名单上；历史记录会保留，需要时可重新列入。", parent
        )
        self.reason = reason_field("例如：连续两次复评情况稳定")
        self.form.addRow("解除原因", self.reason)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("解除")

    def check(self) -> str:
        return _reason_problem(self.reason)

    def values(self) -> dict[str, object]:
        return {"reason": self.reason.text()}


class AssignMentorDialog(FormDialog):
    def __init__(
        self, row: CoverageRow, choices: Sequence[MentorChoice], parent: QWidget | None = None, *, limit: int | None
    ):
        hint = f"为 {row.name}（{row.class_name}）安排一位成长导师。"
        if row.mentor:
            hint += f"现在的导师是{row.mentor}：换人后原导师关系结束，记录保留。"
        if limit:
            hint += f"学校设定每位导师超过 {limit} 名学生时提醒。"
        super().__init__("安排成长导师", hint, parent)
        self.mentor = QComboBox()
        for choice in choices:
            label = f"{choice.name}（{choice.position}）已带 {choice.mentees} 人"
            label += "（已达提醒人数）" if choice.at_limit else ""
            self.mentor.addItem(label, choice.staff_id)
        self.form.addRow("成长导师", self.mentor)

    def check(self) -> str:
        return "" if self.mentor.count() else "还没有可选的教师，请先导入教职工名单"

    def values(self) -> dict[str, object]:
        return {"staff_id": self.mentor.currentData()}


class PeerReportDialog(FormDialog):
    """登记心理委员（或班主任）报告; it may propose a level for the 待确认 list."""

    def __init__(
        self,
        classes: Sequence[ClassSummary],
        students_of: Callable[[str], Sequence[StudentListItem]],
        today: date,
        parent: QWidget | None = None,
    ):
        super().__init__(
            "登记报告", "心理委员或班主任反映的情况。建议预警的会进入“待确认的建议”，由心理教师核实后决定。", parent
        )
        self._students_of = students_of
        self.class_box = QComboBox()
        for summary in classes:
            self.class_box.addItem(summary.name, summary.id)
        self.student = QComboBox()
        self.reporter = QLineEdit()
        self.reporter.setPlaceholderText("例如：心理委员 李雨涵")
        self.reported_on = date_field(today, latest=today)
        self.concern = reason_field("例如：最近常一个人待着，饭量明显减少")
        self.level = QComboBox()
        self.level.addItem("不建议", None)
        for item in WarningLevel:
            self.level.addItem(f"{item.label}预警", item)
        rows = (
            ("班级", self.class_box),
            ("学生", self.student),
            ("报告人", self.reporter),
            ("日期", self.reported_on),
            ("情况", self.concern),
            ("建议预警等级", self.level),
        )
        for label, field in rows:
            self.form.addRow(label, field)
        self.class_box.currentIndexChanged.connect(self._load_students)
        self._load_students()

    def _load_students(self) -> None:
        self.student.clear()
        self.student.addItem("（不指定学生）", None)
        name = self.class_box.currentText()
        for student in self._students_of(name) if name else ():
            if student.class_name == name:  # the search also matches names; keep this class only
                self.student.addItem(f"{student.name}　{student.student_no}", student.id)

    def check(self) -> str:
        if self.class_box.currentData() is None:
            return "请选择班级"
        if not self.reporter.text().strip() or not self.concern.text().strip():
            return "请写明报告人和所反映的情况"
        if self.chosen_level() is not None and self.student.currentData() is None:
            return "要建议预警，请选定是哪名学生"
        return ""

    def chosen_level(self) -> WarningLevel | None:
        # Qt hands a StrEnum stored as item data back as a plain str.
        data = self.level.currentData()
        return WarningLevel(data) if data else None

    def values(self) -> dict[str, object]:
        return {
            "class_id": self.class_box.currentData(),
            "student_id": self.student.currentData(),
            "reporter": self.reporter.text(),
            "reported_on": picked_date(self.reported_on),
            "concern": self.concern.text(),
            "propose_level": self.chosen_level(),
        }
