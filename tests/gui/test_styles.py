"""What the stylesheet draws (issue #8 item 17): spin boxes and combo boxes with real arrows,
disabled controls that look disabled. Checked on the pixels, offscreen with the bundled font."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from PySide6.QtCore import QDate, QRect, QTime
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QComboBox, QDateEdit, QPushButton, QSpinBox, QTimeEdit, QWidget
from pytestqt.qtbot import QtBot

from counselroom.gui.widgets import primary_button
from counselroom.system.paths import resources_dir

ARROW = QColor("#486581")
ARROW_DISABLED = QColor("#b8c2cc")


def _image(qtbot: QtBot, widget: QWidget, enabled: bool = True) -> QImage:
    qtbot.addWidget(widget)
    widget.setEnabled(enabled)
    widget.resize(200, widget.sizeHint().height())
    widget.show()
    return widget.grab().toImage()


def _count(image: QImage, colour: QColor, area: QRect | None = None, tolerance: int = 12) -> int:
    area = area or image.rect()
    hits = 0
    for x in range(area.left(), area.right() + 1):
        for y in range(area.top(), area.bottom() + 1):
            pixel = image.pixelColor(x, y)
            if max(abs(pixel.red() - colour.red()), abs(pixel.green() - colour.green()),
                   abs(pixel.blue() - colour.blue())) <= tolerance:  # fmt: skip
                hits += 1
    return hits


def _background(image: QImage) -> str:
    counts = Counter(image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height()))
    return counts.most_common(1)[0][0]


def _arrow_box(image: QImage, top_half: bool) -> QRect:
    half = image.height() // 2
    return QRect(image.width() - 24, 0 if top_half else half, 24, half)


def test_every_arrow_image_the_stylesheet_names_is_there_and_draws() -> None:
    qss = (resources_dir() / "style.qss").read_text(encoding="utf-8")
    names = set(re.findall(r"url\(icons:([^)]+)\)", qss))
    assert {"arrow-up.svg", "arrow-down.svg", "arrow-up-disabled.svg", "arrow-down-disabled.svg"} <= names
    for name in names:
        assert not QImage(str(resources_dir() / "icons" / name)).isNull(), name


@pytest.mark.parametrize(
    "make", [lambda: QSpinBox(value=5), lambda: QDateEdit(QDate(2025, 10, 13)), lambda: QTimeEdit(QTime(12, 10))]
)
def test_spin_boxes_show_an_up_and_a_down_arrow(qtbot: QtBot, make) -> None:  # type: ignore[no-untyped-def]
    image = _image(qtbot, make())
    assert _count(image, ARROW, _arrow_box(image, top_half=True)) >= 8, "an up arrow"
    assert _count(image, ARROW, _arrow_box(image, top_half=False)) >= 8, "a down arrow"


def test_a_combo_box_shows_its_drop_down_arrow(qtbot: QtBot) -> None:
    combo = QComboBox()
    combo.addItems(["心理教师", "校领导"])
    image = _image(qtbot, combo)
    assert _count(image, ARROW, QRect(image.width() - 26, 0, 26, image.height())) >= 8


def test_a_disabled_spin_box_is_greyed_with_grey_arrows(qtbot: QtBot) -> None:
    enabled, disabled = _image(qtbot, QSpinBox(value=5)), _image(qtbot, QSpinBox(value=5), enabled=False)
    assert _background(enabled) == "#ffffff" and _background(disabled) == "#eef1f4"
    assert _count(disabled, ARROW) == 0 and _count(disabled, ARROW_DISABLED, tolerance=6) >= 8


def test_disabled_buttons_look_disabled_primary_ones_too(qtbot: QtBot) -> None:
    assert _background(_image(qtbot, QPushButton("保存"))) == "#ffffff"
    assert _background(_image(qtbot, QPushButton("保存"), enabled=False)) == "#e9edf1"
    assert _background(_image(qtbot, primary_button("新建预约"))) == "#2f6f8f"
    assert _background(_image(qtbot, primary_button("新建预约"), enabled=False)) == "#e9edf1"
