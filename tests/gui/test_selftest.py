"""`counselroom selftest` as the IT person runs it: every line and the verdict, exit code 0 or 1."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from counselroom.__main__ import main
from counselroom.gui import qt_platform, selftest, theme

pytestmark = pytest.mark.gui


def test_selftest_passes_and_prints_a_verdict(qapp: object, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["selftest"]) == 0
    out = capsys.readouterr().out
    for name in (
        "加密数据库",
        "中文 PDF 和图表",
        "内置字体",
        "Word、Excel 和拼音组件",
        "系统密钥环",
        "程序组件",
        "界面字体",
        "界面中文翻译",
        "窗口绘制",
        "打印和图表组件",
        "PDF 附件预览",
    ):
        assert f"[通过] {name}：" in out
    assert "结论：通过" in out


def test_missing_qt_translations_fail_the_selftest(
    qapp: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A build that left out Qt's translations shows English dialog buttons: said, exit 1."""
    monkeypatch.setattr(theme, "install_chinese_translation", lambda app: False)
    assert selftest.run_selftest() == 1
    out = capsys.readouterr().out
    assert "[失败] 界面中文翻译：找不到 Qt 的中文翻译文件" in out
    assert "结论：未通过（1 项失败" in out


def test_a_page_left_out_of_the_build_fails_the_selftest(
    qapp: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pages are imported by name when first opened: a build without one must fail here, not in class."""
    real_import = importlib.import_module
    missing = "counselroom.gui.pages.cases_page"

    def without_the_cases_page(name: str, package: str | None = None) -> object:
        if name == missing:
            raise ModuleNotFoundError(f"No module named '{missing}'", name=missing)
        return real_import(name, package)

    monkeypatch.setattr(importlib, "import_module", without_the_cases_page)
    assert selftest.run_selftest() == 1
    assert f"[失败] 程序组件：缺少 {missing}：安装不完整，请重新安装" in capsys.readouterr().out


def test_selftest_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["selftest", "--help"]) == 0
    assert "安装后" in capsys.readouterr().out


def test_a_screen_that_does_not_answer_falls_back_to_offscreen_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """A DISPLAY that does not answer made Qt abort the selftest with an English message (user test)."""
    monkeypatch.setattr(qt_platform.sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":98")
    assert qt_platform.allow_offscreen_fallback()
    assert os.environ["QT_QPA_PLATFORM"] == "xcb;offscreen"  # Qt tries each in turn
    (notice,) = selftest._no_screen_notice("offscreen")
    assert notice.status.value == "提示" and "连接不上显示器（DISPLAY=:98）" in notice.detail
    assert selftest._no_screen_notice("xcb") == []
    assert not qt_platform.allow_offscreen_fallback()  # chosen already: left as it is
    monkeypatch.delenv("DISPLAY")
    monkeypatch.delenv("QT_QPA_PLATFORM")
    assert qt_platform.allow_offscreen_fallback()
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"
    assert selftest._no_screen_notice("offscreen") == []  # no screen was named: nothing to say


def test_the_program_without_a_screen_says_so_in_chinese(tmp_path: Path) -> None:
    """The window's start without a screen: a Chinese line and exit 1, not Qt's abort. (Without DISPLAY: a DISPLAY
    that does not answer takes the same path, but trying it would open a socket to an X server.)"""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "DISPLAY")}
    env.update(COUNSELROOM_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run(
        [sys.executable, "-m", "counselroom", "--demo"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1, done.stderr[-2000:]
    assert "无法打开程序窗口：没有图形桌面（未设置 DISPLAY 或 WAYLAND_DISPLAY）" in done.stderr
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").iterdir())  # nothing made
