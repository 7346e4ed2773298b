"""Qt's offscreen platform with a 1366×768 screen, the school PC the budgets are for.

Plain `offscreen` has an 800×800 screen, and a window is kept within its screen: the pages would be
timed drawing less than a teacher sees. The plugin reads its screens from a JSON file.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

SCREEN = {"name": "bench", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpiX": 96, "logicalDpiY": 96}


def offscreen_1366() -> str:
    """The QT_QPA_PLATFORM value for a 1366×768 offscreen screen (its config written to a temp file)."""
    config = Path(tempfile.gettempdir()) / "counselroom-bench-offscreen-1366.json"
    config.write_text(json.dumps({"screens": [SCREEN]}), encoding="utf-8")
    return f"offscreen:configfile={config}"
