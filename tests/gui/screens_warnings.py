"""Screenshots of the 预警 page for a person to look at:
`python -m tests.gui.screens_warnings /tmp/shots_warnings`.

A throwaway school (tests/school_data.py) in a temporary folder, a few entries, proposals and a
心理委员 report; the counselor's tabs, two dialogs, and the principal's counts view."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

from counselroom.domain.care.warnings import WarningLevel, WarningSource
from counselroom.domain.roles import Role
from counselroom.gui.care.warning_dialogs import AddWarningDialog, ConfirmProposalDialog
from counselroom.gui.main_window import MainWindow
from counselroom.gui.pages.warnings_page import WarningsPage
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.theme import apply_theme
from counselroom.services.accounts.accounts import add_account
from counselroom.services.accounts.session import KeyPolicy, Session
from counselroom.services.accounts.setup import create_school
from counselroom.services.accounts.sign_in import sign_in
from counselroom.services.care import mentoring, peer_reports, warning_list
from counselroom.store.care.warnings import insert_proposal
from counselroom.store.key_slots import TEST_KDF
from counselroom.system import clock
from tests.school_data import SmallSchool, add_small_school

PASSWORD = "screenshot-pass"


def _save(widget: QWidget, folder: Path, name: str) -> None:
    QApplication.processEvents()
    widget.grab().save(str(folder / f"{name}.png"))


def _school(keys: KeyPolicy) -> tuple[Path, Session, SmallSchool]:
    path = Path(tempfile.mkdtemp()) / "school.db"
    admin = create_school(
        path,
        school_name="南昌市向阳中学",
        admin_username="admin",
        admin_password=PASSWORD,
        admin_display_name="管理员",
        now=clock.now(),
        keys=keys,
    ).session
    for username, role, name in (("counselor", Role.COUNSELOR, "王老师"), ("principal", Role.PRINCIPAL, "张校长")):
        add_account(
            admin.db,
            admin.actor,
            username=username,
            display_name=name,
            role=role,
            password=PASSWORD,
            now=clock.now(),
            keys=keys,
        )
    return path, admin, add_small_school(admin)


def _fill(s: Session, school: SmallSchool) -> None:
    """Entries at each level (one review overdue), proposals, a mentor, a 心理委员 report."""
    now = clock.now()
    add = warning_list.add_to_warning_list
    add(
        s.db,
        s.actor,
        2,
        level=WarningLevel.ORANGE,
        reason="班主任反映近两周情绪低落，不愿与同学交往",
        source=WarningSource.HEAD_TEACHER,
        now=now - timedelta(days=20),
    )  # its review is overdue
    add(
        s.db,
        s.actor,
        5,
        level=WarningLevel.YELLOW,
        reason="初三升学压力大，近期失眠",
        source=WarningSource.TALK,
        now=now - timedelta(days=10),
    )
    add(
        s.db,
        s.actor,
        6,
        level=WarningLevel.YELLOW,
        reason="随迁入学后适应困难",
        source=WarningSource.COUNSELING,
        now=now,
    )
    warning_list.change_warning_level(
        s.db,
        s.actor,
        _id_of(s, 5),
        level=WarningLevel.RED,
        reason="谈话中流露轻生念头，已通知家长",
        now=now - timedelta(days=3),
    )
    warning_list.record_review(
        s.db, s.actor, _id_of(s, 5), reason="家长已陪同就医，情绪较前平稳，继续关注", now=now - timedelta(days=1)
    )
    with s.db.transaction() as conn:
        insert_proposal(conn, student_id=3, level=WarningLevel.RED, reason="PHQ-9 第9题作答大于0，筛查阳性", now=now)
        insert_proposal(conn, student_id=4, level=WarningLevel.YELLOW, reason="GAD-7 总分 11", now=now)
    peer_reports.record_peer_report(
        s.db,
        s.actor,
        class_id=school.classes["初一1"],
        student_id=1,
        reporter="心理委员 李雨涵",
        reported_on=now.date(),
        concern="最近常一个人待着，饭量明显减少",
        now=now,
        propose_level=WarningLevel.YELLOW,
    )
    mentoring.assign_mentor(s.db, s.actor, 3, staff_id=school.staff["周老师"], now=now)


def _id_of(s: Session, student_id: int) -> int:
    entries = warning_list.list_warnings(s.db, s.actor, now=clock.now())
    return next(e.id for e in entries if e.student_id == student_id)


def _window(session: Session, keys: KeyPolicy) -> tuple[MainWindow, WarningsPage]:
    window = MainWindow(ServiceRunner(session, keys))
    window.resize(1200, 760)
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    window.sidebar.setCurrentRow(titles.index("预警"))
    window.show()
    page = window.stack.currentWidget()
    assert isinstance(page, WarningsPage)
    return window, page


def take(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    apply_theme(app)  # type: ignore[arg-type]
    keys = KeyPolicy(kdf=TEST_KDF)
    path, admin, school = _school(keys)
    counselor = sign_in(path, "counselor", PASSWORD, now=clock.now(), keys=keys)
    window, page = _window(counselor, keys)
    _save(window, folder, "01-list-empty")
    _fill(counselor, school)
    page.refresh()
    page.list_tab.warning_view.selectRow(0)
    _save(window, folder, "02-list-with-history")
    for index, name in ((1, "03-coverage"), (2, "04-reports")):
        page.tabs.setCurrentIndex(index)
        _save(window, folder, name)
    add = AddWarningDialog(lambda text: page._search(text, page), clock.now().date(), page)
    add.show()
    add.search.setText("z")  # pinyin initials: 张、赵…
    _save(add, folder, "05-dialog-add")
    add.close()
    confirm = ConfirmProposalDialog(page.list_tab.proposal_model.row_at(0), clock.now().date(), page)
    confirm.show()
    _save(confirm, folder, "06-dialog-confirm")
    confirm.close()
    window.close()
    principal = sign_in(path, "principal", PASSWORD, now=clock.now(), keys=keys)
    window, _page = _window(principal, keys)
    _save(window, folder, "07-principal-counts")
    window.close()
    admin.db.close()
    return sorted(p.name for p in folder.glob("*.png"))


if __name__ == "__main__":
    print("\n".join(take(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))))
