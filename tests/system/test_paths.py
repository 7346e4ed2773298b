"""Resources are found through the installed package, whatever the install (ARCHITECTURE: resources/)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from counselroom.system.paths import font_path, resources_dir

ROOT = Path(__file__).resolve().parents[2]


def test_resources_are_the_top_level_folder_installed_as_a_package() -> None:
    assert resources_dir() == Path(str(files("counselroom.resources")))
    assert resources_dir().resolve() == (ROOT / "resources").resolve()


def test_the_font_and_stylesheet_are_there() -> None:
    assert font_path().is_file() and font_path().stat().st_size > 1_000_000
    assert "QWidget" in (resources_dir() / "style.qss").read_text(encoding="utf-8")


def test_no_resources_are_left_inside_the_code_package() -> None:
    assert not (ROOT / "counselroom" / "resources").exists()
