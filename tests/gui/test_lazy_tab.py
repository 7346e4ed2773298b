"""gui/lazy_tab.LazyTab: a tab built when first chosen takes its stand-in's place — same index, title
and tooltip, the current tab staying current, no currentChanged for the swap — so a page and its
tests reach the built tab through the QTabWidget as if it had been built with the page."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget
from pytestqt.qtbot import QtBot

from counselroom.gui.lazy_tab import LazyTab


class Shown(QLabel):
    loads = 0

    def refresh(self) -> None:
        self.loads += 1

    def clear(self) -> None:
        self.setText("")


def test_a_tab_built_when_chosen_takes_its_stand_ins_place(qtbot: QtBot) -> None:
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QLabel("一"), "第一")
    built: list[Shown] = []
    holder: LazyTab[Shown] = LazyTab(lambda: built.append(Shown("二")) or built[-1])
    holder.attach(tabs, "第二")
    tabs.setTabToolTip(1, "提示")
    tabs.addTab(QLabel("三"), "第三")
    holder.refresh()
    holder.clear()  # nothing built: nothing to refresh or clear
    assert built == [] and tabs.widget(1) is holder
    changes: list[int] = []
    tabs.currentChanged.connect(changes.append)
    tabs.setCurrentIndex(1)  # chosen: built, and in the stand-in's place
    assert changes == [1] and len(built) == 1
    tab = built[0]
    assert tabs.currentWidget() is tab and tabs.indexOf(tab) == 1 and tabs.indexOf(holder) == -1
    assert (tabs.tabText(1), tabs.tabToolTip(1), tabs.count()) == ("第二", "提示", 3)
    assert holder.content is tab and holder.built() is tab and not holder.isVisible()
    holder.refresh()
    assert tab.loads == 1  # the page's refresh still reaches the built tab
    tabs.setCurrentIndex(2)
    tabs.setCurrentWidget(tab)
    assert tabs.currentIndex() == 1 and len(built) == 1


def test_a_tab_built_through_the_page_while_another_is_shown_leaves_that_one_current(qtbot: QtBot) -> None:
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QLabel("一"), "第一")
    holder: LazyTab[Shown] = LazyTab(lambda: Shown("二"))
    holder.attach(tabs, "第二")
    tabs.addTab(QLabel("三"), "第三")
    tabs.setCurrentIndex(2)
    changes: list[int] = []
    tabs.currentChanged.connect(changes.append)
    tab = holder.built()  # e.g. `page.policy_tab` in a test, or a draft restored after a lock
    assert tabs.currentIndex() == 2 and tabs.tabText(2) == "第三" and tabs.widget(1) is tab and changes == []


def test_a_stand_in_shown_without_being_chosen_is_built_after_the_show(qtbot: QtBot) -> None:
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    holder: LazyTab[Shown] = LazyTab(lambda: Shown("唯一"))
    holder.attach(tabs, "唯一")  # the first tab of an empty QTabWidget is current at once
    tabs.show()
    qtbot.waitUntil(lambda: holder.content is not None)
    assert tabs.currentWidget() is holder.content and tabs.tabText(0) == "唯一"
