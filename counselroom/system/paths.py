"""Data folder and bundled resources (also when frozen by PyInstaller)."""

from __future__ import annotations

import os
import sys
from importlib.resources import files
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "CounselRoom"


def data_dir() -> Path:
    """`COUNSELROOM_DATA_DIR` overrides the per-user data folder (tests, portable installs)."""
    folder = data_dir_path()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def data_dir_path() -> Path:
    """Where the data folder is, without making it (for a message that names it)."""
    override = os.environ.get("COUNSELROOM_DATA_DIR")
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "school.db"


def demo_db_path() -> Path:
    return data_dir() / "demo.db"


def resources_dir() -> Path:
    """The top-level resources/ folder, installed as the package counselroom.resources (setup.py):
    the same lookup serves a source checkout, an editable install, a wheel and PyInstaller."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "counselroom" / "resources"
    return Path(str(files("counselroom.resources")))


def font_path() -> Path:
    return resources_dir() / "fonts" / "wqy-microhei.ttc"
