"""The file name a save dialog suggests for a document: its title, made safe for Windows, in the home
folder. Its own module so that the pages offering 另存为 (报表, the exports) need not import the print
path (pypdfium2, pypdf, reportlab) before anything is printed."""

from __future__ import annotations

from pathlib import Path


def default_file_name(title: str) -> str:
    safe = "".join("_" if ch in '\\/:*?"<>|' else ch for ch in title).strip() or "打印"
    return str(Path.home() / f"{safe}.pdf")
