"""Screenshots of the shell for a person to look at (issue #8 items 12–17):
`python -m tests.gui.screens_shell screenshots-issue8`.

A 1366×768 screen (the offscreen platform's config file), the bundled font only — fontconfig is
told to refuse every system font that covers Chinese, so a missing glyph would show as a box.
Whole-screen shots paint every visible window where it stands, so what is behind a dialog shows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

SCREEN = (1366, 768)


def _fontconfig_without_system_cjk() -> str:
    """The system's fontconfig, refusing every font file that covers Chinese (as fc-list lists them)."""
    listed = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False).stdout
    files = sorted({line.split(":")[0].strip() for line in listed.splitlines() if line.strip()})
    globs = "".join(f"<glob>{escape(name)}</glob>" for name in files)
    return (
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<selectfont><rejectfont>{globs}</rejectfont></selectfont></fontconfig>"
    )


def _offscreen_1366_without_system_cjk() -> None:
    folder = Path(tempfile.mkdtemp())
    screen = {"screens": [{"name": "laptop", "x": 0, "y": 0, "width": SCREEN[0], "height": SCREEN[1]}]}
    (folder / "screen.json").write_text(json.dumps(screen), encoding="utf-8")
    (folder / "fonts.conf").write_text(_fontconfig_without_system_cjk(), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={folder / 'screen.json'}"
    os.environ["FONTCONFIG_FILE"] = str(folder / "fonts.conf")


_offscreen_1366_without_system_cjk()

from PySide6.QtCore import QDate, Qt, QTime, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QFontDatabase, QImage, QPainter  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from counselroom.gui.app import AppController  # noqa: E402
from counselroom.gui.pages.students_page import StudentsPage  # noqa: E402
from counselroom.gui.session.first_run_wizard import FirstRunWizard  # noqa: E402
from counselroom.gui.session.login_dialog import LoginDialog  # noqa: E402
from counselroom.gui.theme import apply_theme  # noqa: E402
from counselroom.gui.widgets import primary_button  # noqa: E402
from counselroom.services.accounts.accounts import change_own_password  # noqa: E402
from counselroom.services.accounts.session import KeyPolicy  # noqa: E402
from counselroom.services.accounts.sign_in import sign_in  # noqa: E402
from counselroom.store.key_slots import TEST_KDF  # noqa: E402
from counselroom.system import clock  # noqa: E402
from tests.gui.screens_warnings import PASSWORD, _fill, _school  # noqa: E402

PASSWORD_2 = "screenshot-pass-2"  # the counselor's own, after the temporary one


def _settle() -> None:
    for _ in range(5):
        QApplication.processEvents()
        QTest.qWait(10)


def _screen(folder: Path, name: str) -> None:
    """Every visible window painted where it stands on the 1366×768 desktop."""
    _settle()
    desktop = QImage(*SCREEN, QImage.Format.Format_RGB32)
    desktop.fill(QColor("#3e4c59"))
    painter = QPainter(desktop)
    windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for window in sorted(windows, key=lambda w: w.parentWidget() is not None or w.isModal()):
        painter.drawPixmap(window.geometry().topLeft(), window.grab())
    painter.end()
    desktop.save(str(folder / f"{name}.png"))


def _save(widget: QWidget, folder: Path, name: str) -> None:
    _settle()
    widget.grab().save(str(folder / f"{name}.png"))


def _chinese_families() -> list[str]:
    return QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)


def _wizard_key_page(folder: Path, keys: KeyPolicy) -> None:
    wizard = FirstRunWizard(Path(tempfile.mkdtemp()) / "school.db", keys)
    wizard.show()
    wizard.next()
    wizard.school_page.school_name.setText("南昌市向阳中学")
    wizard.next()
    wizard.admin_page.display_name.setText("刘老师")
    for field in (wizard.admin_page.password, wizard.admin_page.repeat):
        field.setText(PASSWORD)
    wizard.next()
    _save(wizard, folder, "01-wizard-recovery-key")
    _screen(folder, "01b-wizard-recovery-key-on-screen")
    assert wizard.session is not None
    wizard.session.db.close()
    wizard.key_page.confirm.setChecked(True)
    wizard.accept()


def _answer_login(username: str, then: object = None) -> None:
    def login() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(20, login)
            return
        if callable(then):
            then(dialog)
        dialog.username.setText(username)
        dialog.password.setText(PASSWORD_2)
        dialog.login_button.click()

    QTimer.singleShot(0, login)


def _controls(folder: Path) -> None:
    """Each kind of control, enabled and disabled, side by side (item 17)."""
    sheet = QWidget()
    grid = QGridLayout(sheet)
    grid.addWidget(QLabel("可用"), 0, 1)
    grid.addWidget(QLabel("不可用"), 0, 2)

    def combo() -> QComboBox:
        box = QComboBox()
        box.addItems(["心理教师", "校领导"])
        return box

    makers = (
        ("数字", lambda: QSpinBox(value=5)),
        ("日期", lambda: QDateEdit(QDate(2025, 10, 13))),
        ("日期（日历）", lambda: QDateEdit(QDate(2025, 10, 13), calendarPopup=True)),
        ("时间", lambda: QTimeEdit(QTime(12, 10))),
        ("下拉", combo),
        ("按钮", lambda: QPushButton("保存")),
        ("主按钮", lambda: primary_button("新建预约")),
        ("文本", lambda: QLineEdit("写了一半的记录")),
        ("勾选", lambda: QCheckBox("留守")),
    )
    for row, (label, make) in enumerate(makers, start=1):
        grid.addWidget(QLabel(label), row, 0)
        for column in (1, 2):
            widget = make()
            widget.setEnabled(column == 1)
            grid.addWidget(widget, row, column)
    sheet.resize(520, 420)
    sheet.show()
    _save(sheet, folder, "06-controls-enabled-and-disabled")
    sheet.close()


def _file_dialog(folder: Path) -> None:
    dialog = QFileDialog(None, "另存为 PDF", str(Path.cwd()), "PDF 文件 (*.pdf)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.resize(800, 480)
    dialog.show()
    _save(dialog, folder, "07-file-dialog-in-chinese")
    dialog.close()


def take(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    apply_theme(app)
    assert [f for f in _chinese_families() if "WenQuanYi" not in f] == [], _chinese_families()
    keys = KeyPolicy(kdf=TEST_KDF)
    _wizard_key_page(folder, keys)

    path, admin, school = _school(keys)
    admin.db.close()
    counselor = sign_in(path, "counselor", PASSWORD, now=clock.now(), keys=keys)
    _fill(counselor, school)
    change_own_password(
        counselor.db, counselor.actor, old_password=PASSWORD, new_password=PASSWORD_2, now=clock.now(), keys=keys
    )
    counselor.db.close()
    controller = AppController(path, keys)
    _answer_login("counselor")
    assert controller.start()
    window = controller.window
    assert window is not None
    window.open_page("预警")
    _screen(folder, "02-before-logout-warning-list")

    window.find_student()
    page = window.page_titled("学生")
    assert isinstance(page, StudentsPage)
    dialog = page.open_student(2)
    _screen(folder, "03-student-file-open")
    QTest.keyClick(dialog, Qt.Key.Key_F12)
    _screen(folder, "04-privacy-screen-over-student-file")
    QTest.keyClick(dialog, Qt.Key.Key_F12)
    dialog.close()

    def at_login(login: LoginDialog) -> None:
        login.password.setFocus()
        _screen(folder, "05-login-after-logout")

    _answer_login("counselor", at_login)
    window.logout_action.trigger()
    if controller.window is not None:
        controller.window.close()
    _controls(folder)
    _file_dialog(folder)
    return sorted(p.name for p in folder.glob("*.png"))


if __name__ == "__main__":
    print("\n".join(take(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots-issue8"))))
