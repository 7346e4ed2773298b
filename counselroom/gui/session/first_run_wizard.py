"""First run: the school, its first admin, and the recovery key shown (and printed) once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from counselroom.domain.errors import CounselRoomError
from counselroom.gui.session.recovery_sheet import key_lines, print_recovery_sheet
from counselroom.gui.widgets import error_label, hint_label, password_field
from counselroom.services.accounts.session import KeyPolicy, Session
from counselroom.services.accounts.setup import create_school
from counselroom.system import clock


class WelcomePage(QWizardPage):
    def __init__(self, db_path: Path, notice: str):
        super().__init__()
        self.setTitle("欢迎使用心理辅导室工作台")
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                "本程序只在这台电脑上运行，不联网。所有数据加密保存在：\n"
                f"{db_path.parent}\n\n接下来请填写学校名称，设置第一个管理员账号，"
                "并抄写或打印恢复密钥。"
            )
        )
        if notice:
            layout.addWidget(hint_label(notice))
        layout.addWidget(hint_label("换了新电脑或重装了系统？已有备份时不必新建学校："))
        self.restore_button = QPushButton("从备份恢复…")
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addStretch(1)
        layout.addLayout(row)


class SchoolPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("学校")
        self.setSubTitle("学校名称只保存在加密数据库中。")
        self.school_name = QLineEdit()
        self.school_name.setPlaceholderText("例如：南昌市第十九中学")
        form = QFormLayout(self)
        form.addRow("学校名称", self.school_name)
        self.registerField("school*", self.school_name)


class _SetupPage(QWizardPage):
    """A page that asks its wizard (Qt's parent) rather than holding a Python reference to it: a
    page ↔ wizard reference cycle kept the whole wizard, and a print dialog parented to it, alive
    until the garbage collector happened to run — inside the next window's set-up (issue #8 item 12)."""

    @property
    def _wizard(self) -> FirstRunWizard:
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        return wizard


class AdminPage(_SetupPage):
    """Creating the school happens when this page is left; there is no going back after."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("管理员账号")
        self.setSubTitle("管理员负责账号、设置、名单导入和备份；个案记录另由心理教师查看。")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "创建学校")
        self.username = QLineEdit("admin")
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText("例如：刘老师")
        self.password = password_field("至少 8 个字符")
        self.repeat = password_field("再输入一次")
        self.error = error_label()
        form = QFormLayout(self)
        form.addRow("用户名", self.username)
        form.addRow("姓名", self.display_name)
        form.addRow("密码", self.password)
        form.addRow("确认密码", self.repeat)
        form.addRow(self.error)

    def validatePage(self) -> bool:
        if self.password.text() != self.repeat.text():
            self.error.setText("两次输入的密码不一致")
            return False
        try:
            self._wizard.create(
                self.field("school"), self.username.text(), self.display_name.text(), self.password.text()
            )
        except CounselRoomError as exc:
            self.error.setText(str(exc))
            return False
        self.password.clear()
        self.repeat.clear()
        return True


class RecoveryKeyPage(_SetupPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("恢复密钥")
        self.setSubTitle("只显示这一次。忘记所有密码、换电脑或从备份恢复时都需要它。")
        # All 10 groups on two lines of five, monospaced and large (style.qss), never cut off.
        self.key_label = QLabel()
        self.key_label.setObjectName("RecoveryKey")
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.print_button = QPushButton("打印恢复密钥…")
        self.confirm = QCheckBox("我已抄写或打印恢复密钥，并会妥善保管（不拍照、不存电脑）")
        layout = QVBoxLayout(self)
        layout.addWidget(self.key_label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(hint_label("共 10 组，每组 4 个字符，只有字母 A–Z 和数字 2–7（没有 0、1、8）。"))
        layout.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.confirm)
        layout.addStretch(1)
        self.print_button.clicked.connect(self._print)
        self.confirm.toggled.connect(self.completeChanged)

    def initializePage(self) -> None:
        self.key_label.setText("\n".join(key_lines(self._wizard.recovery_key)))

    def isComplete(self) -> bool:
        return self.confirm.isChecked()

    def _print(self) -> None:
        print_recovery_sheet(
            self, self._wizard.school_name, self._wizard.recovery_key, clock.now().strftime("%Y年%m月%d日")
        )


class FirstRunWizard(QWizard):
    def __init__(self, db_path: Path, keys: KeyPolicy, *, notice: str = "", parent=None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.db_path, self.keys = db_path, keys
        self.session: Session | None = None
        self.recovery_key = ""
        self.school_name = ""
        self.setWindowTitle("首次使用 — 心理辅导室工作台")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setMinimumSize(640, 460)
        self.welcome_page = WelcomePage(db_path, notice)
        self.school_page = SchoolPage()
        self.admin_page = AdminPage()
        self.key_page = RecoveryKeyPage()
        for page in (self.welcome_page, self.school_page, self.admin_page, self.key_page):
            self.addPage(page)
        self.welcome_page.restore_button.clicked.connect(self.restore_from_backup)
        self.setButtonText(QWizard.WizardButton.NextButton, "下一步")
        self.setButtonText(QWizard.WizardButton.BackButton, "上一步")
        self.setButtonText(QWizard.WizardButton.FinishButton, "开始使用")
        self.setButtonText(QWizard.WizardButton.CancelButton, "取消")

    def create(self, school: str, username: str, display_name: str, password: str) -> None:
        created = create_school(
            self.db_path,
            school_name=school,
            admin_username=username,
            admin_password=password,
            admin_display_name=display_name,
            now=clock.now(),
            keys=self.keys,
        )
        self.session, self.recovery_key, self.school_name = created.session, created.recovery_key, school

    def restore_from_backup(self) -> None:
        """A new PC with a backup: restore it here instead of creating a school."""
        from counselroom.gui.session.restore_dialog import RestoreDialog

        dialog = RestoreDialog(self.db_path, self.keys, parent=self)
        if dialog.exec() and dialog.session is not None:
            self.session = dialog.session
            self.done(QWizard.DialogCode.Accepted.value)

    def reject(self) -> None:
        if self.session is not None:  # the school exists: the key must have been seen
            return
        super().reject()

    def done(self, result: int) -> None:
        super().done(result)
        self.recovery_key = ""  # drop it from memory once the wizard closes
