"""Which Qt platform to start on, so that a screen that is missing or does not answer gets a Chinese
message instead of Qt aborting the process with English advice about reinstalling.

On Linux, with QT_QPA_PLATFORM unset, the screens named in the environment are tried in turn and then
`offscreen` (Qt reads `a;b;c` as a list to try). The caller sees from the platform Qt chose whether a
screen was reached: the window stops with a message, the selftest goes on offscreen with a notice.
"""

from __future__ import annotations

import os
import sys

SCREEN_VARIABLES = (("wayland", "WAYLAND_DISPLAY"), ("xcb", "DISPLAY"))


def allow_offscreen_fallback() -> bool:
    """Set the platforms to try when nobody chose one; True when this chose them."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    screens = [platform for platform, variable in SCREEN_VARIABLES if os.environ.get(variable)]
    os.environ["QT_QPA_PLATFORM"] = ";".join([*screens, "offscreen"])
    return True


def screens_named() -> str:
    """The screen variables set, as `DISPLAY=:0`, for a message; "" when none is."""
    named = [f"{variable}={os.environ[variable]}" for _, variable in SCREEN_VARIABLES if os.environ.get(variable)]
    return "，".join(named)


def no_screen_message() -> str:
    """Why the window cannot open, for the program's start (printed; there is no window to show it in)."""
    named = screens_named()
    reason = f"连接不上显示器（{named}）" if named else "没有图形桌面（未设置 DISPLAY 或 WAYLAND_DISPLAY）"
    return f"无法打开程序窗口：{reason}。请在电脑的图形桌面中启动；要检查安装是否完整，可运行 counselroom selftest。"
