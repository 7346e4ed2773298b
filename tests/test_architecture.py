"""House rules checked by tools, so `pytest` alone (the README's test command) enforces them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


def test_import_layers_hold() -> None:
    """gui → services → store → domain; only store imports sqlcipher3; only gui imports Qt."""
    result = _run("-c", "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports())")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean() -> None:
    result = _run("-m", "ruff", "check", "counselroom", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = _run("-m", "ruff", "format", "--check", "counselroom", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_network_modules_in_the_program() -> None:
    """SPEC §4: the program never opens a connection; not even the modules for it are used."""
    banned = ("import socket", "urllib.request", "http.client", "requests", "QtNetwork", "ftplib", "smtplib")
    offenders = [
        f"{path.relative_to(ROOT)}: {word}"
        for path in (ROOT / "counselroom").rglob("*.py")
        for word in banned
        if word in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
