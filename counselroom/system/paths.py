"""Data folder and bundled resources (also when frozen by PyInstaller)."""

from __future__ import annotations

import errno
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


FOLDER_ERRORS = {
    errno.EACCES: "没有写权限",
    errno.EPERM: "没有写权限",
    errno.EROFS: "所在磁盘只读",
    errno.ENOSPC: "磁盘已满",
    errno.ENOENT: "路径不存在",
    errno.ENOTDIR: "路径中有同名文件",
}


def data_folder_problem(folder: Path, exc: OSError) -> str:
    """What is wrong with the data folder, and the two ways out, in Chinese (the OS says it in English)."""
    reason = FOLDER_ERRORS.get(exc.errno or 0, exc.strerror or type(exc).__name__)
    return (
        f"{folder} 无法写入（{reason}）：请给当前用户这个文件夹的写权限，"
        "或用环境变量 COUNSELROOM_DATA_DIR 指定一个可写入的文件夹"
    )


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
