"""pdftotext and pdffonts (poppler-utils), as a reader of the printed PDF would see it. A test that needs
them skips with the reason when they are not installed (CI images have them; see README)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

MISSING = "poppler-utils (pdftotext, pdffonts) is not installed: apt install poppler-utils"


def need_poppler() -> None:
    if shutil.which("pdftotext") is None or shutil.which("pdffonts") is None:
        pytest.skip(MISSING)


def _run(tool: str, pdf: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(
            [tool, *args, str(path), "-"] if tool == "pdftotext" else [tool, str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
    return result.stdout


def pdftotext(pdf: bytes, *, raw: bool = False) -> str:
    """The text; raw keeps the content stream's order (a table cell's lines stay together)."""
    return _run("pdftotext", pdf, *(["-raw"] if raw else []))


def pdffonts(pdf: bytes) -> list[dict[str, str]]:
    """One dict per font line: name, type, emb (yes/no)."""
    lines = _run("pdffonts", pdf).splitlines()[2:]  # a header and a rule
    found = []
    for line in lines:
        parts = line.split()
        # name type [type words…] encoding emb sub uni object ID: read from the right
        found.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return found
