"""GUI fixtures: the real theme (bundled font, Chinese translation, stylesheet) once per run."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from counselroom.gui.theme import apply_theme

_themed = False


@pytest.fixture(autouse=True)
def themed_app(qapp: QApplication) -> QApplication:
    global _themed
    if not _themed:
        apply_theme(qapp)
        _themed = True
    return qapp


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every 确定吗？ (QMessageBox.question) is answered Yes; the titles asked are kept."""
    asked: list[str] = []

    def yes(_parent: object, title: str, _text: str, *args: object) -> QMessageBox.StandardButton:
        asked.append(title)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    return asked


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/gui/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.gui)
