"""Save screenshots of the shell's screens for a person to look at: `make screenshots`.

Runs offscreen with the bundled font, on a throwaway school in a temporary folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

from counselroom.gui.main_window import MainWindow
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.session.first_run_wizard import FirstRunWizard
from counselroom.gui.session.login_dialog import LoginDialog
from counselroom.gui.theme import apply_theme
from counselroom.services.accounts.session import KeyPolicy
from counselroom.store.key_slots import TEST_KDF


def _save(widget: QWidget, folder: Path, name: str) -> None:
    QApplication.processEvents()
    widget.grab().save(str(folder / f"{name}.png"))


def take(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    apply_theme(app)
    keys = KeyPolicy(kdf=TEST_KDF)
    db_path = Path(tempfile.mkdtemp()) / "school.db"

    wizard = FirstRunWizard(db_path, keys)
    wizard.show()
    _save(wizard, folder, "01-wizard-welcome")
    wizard.next()
    wizard.school_page.school_name.setText("南昌市向阳中学")
    _save(wizard, folder, "02-wizard-school")
    wizard.next()
    wizard.admin_page.display_name.setText("刘老师")
    for field in (wizard.admin_page.password, wizard.admin_page.repeat):
        field.setText("screenshot-pass")
    _save(wizard, folder, "03-wizard-admin")
    wizard.next()
    _save(wizard, folder, "04-wizard-recovery-key")
    session = wizard.session
    assert session is not None
    wizard.key_page.confirm.setChecked(True)
    wizard.accept()

    window = MainWindow(ServiceRunner(session, keys), notice="")
    window.show()
    _save(window, folder, "05-main-today")
    window.sidebar.setCurrentRow(window.sidebar.count() - 1)
    window.settings_page.tabs.setCurrentIndex(1)
    _save(window, folder, "06-main-settings-accounts")
    window.settings_page.tabs.setCurrentIndex(3)
    window.settings_page.load_audit()
    window.settings_page.run_check()
    _save(window, folder, "07-main-settings-audit")
    window.toggle_privacy()
    _save(window, folder, "08-privacy-screen")
    window.toggle_privacy()
    window.lock()
    _save(window, folder, "09-locked")

    login = LoginDialog(
        db_path, keys, school_hint="演示学校账号：admin、lead、counselor、principal", username="counselor"
    )
    login.show()
    login.password.setText("wrong-password")
    login.try_sign_in()
    _save(login, folder, "10-login-wrong-password")
    return sorted(p.name for p in folder.glob("*.png"))


if __name__ == "__main__":
    print("\n".join(take(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))))
