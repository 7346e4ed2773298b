"""`counselroom selftest` below the GUI: each check passes on a sound installation and says what is
wrong on a broken one (a missing font, a PDF that only names its font, a plaintext store)."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from counselroom.reports import selftest_page
from counselroom.services.installation import selftest_checks
from counselroom.services.installation.selftest_checks import Status
from counselroom.system import device_secrets


def test_every_check_passes_on_this_installation() -> None:
    results = {r.name: r for r in selftest_checks.run_checks()}
    assert list(results) == [
        "加密数据库",
        "中文 PDF 和图表",
        "内置字体",
        "Word、Excel 和拼音组件",
        "系统密钥环",
        "数据文件夹",
    ]
    assert all(r.status is Status.PASSED for r in results.values()), results
    assert "SQLCipher 4." in results["加密数据库"].detail
    assert "字体已嵌入" in results["中文 PDF 和图表"].detail


def test_the_selftest_page_is_a_pdf_with_its_chinese_heading(tmp_path: Path) -> None:
    from pypdf import PdfReader

    path = tmp_path / "page.pdf"
    path.write_bytes(selftest_page.selftest_pdf())
    assert selftest_page.HEADING in PdfReader(path).pages[0].extract_text()


def test_a_pdf_that_only_names_its_font_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Helvetica is named, never embedded: a PC without it would print something else."""
    path = tmp_path / "bare.pdf"
    canvas = Canvas(str(path))
    canvas.drawString(100, 700, selftest_page.HEADING)  # no CJK font: not even readable back
    canvas.save()
    monkeypatch.setattr(selftest_checks, "selftest_pdf", path.read_bytes)
    result = selftest_checks.guarded("中文 PDF 和图表", selftest_checks.check_pdf)
    assert result.status is Status.FAILED


def test_a_missing_font_file_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    missing = tmp_path / "fonts" / "wqy-microhei.ttc"
    monkeypatch.setattr(selftest_checks, "font_path", lambda: missing)
    result = selftest_checks.check_font()
    assert result.status is Status.FAILED
    assert str(missing) in result.detail


def test_a_plaintext_store_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selftest_checks, "file_looks_plain", lambda path: True)
    result = selftest_checks.check_encrypted_store()
    assert result.status is Status.FAILED
    assert "未加密" in result.detail


def test_no_system_keyring_is_a_notice_not_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(device_secrets, "probe_device_secrets", lambda: None)
    result = selftest_checks.check_keyring()
    assert result.status is Status.NOTICE
    assert result.detail == device_secrets.NO_KEYRING_NOTICE


def test_a_keyring_backend_left_out_of_the_build_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selftest_checks, "KEYRING_BACKENDS", ("keyring.backends.NotBundled",))
    result = selftest_checks.guarded("系统密钥环", selftest_checks.check_keyring)
    assert result.status is Status.FAILED
    assert "NotBundled" in result.detail


def test_an_error_becomes_a_line_not_a_traceback() -> None:
    def broken() -> selftest_checks.CheckResult:
        raise OSError(28, "No space left on device")

    result = selftest_checks.guarded("数据文件夹", broken)
    assert result.status is Status.FAILED
    assert "No space left" in result.detail


def test_a_data_folder_that_cannot_be_written_is_named_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user test ran selftest as a user without rights: it printed `PermissionError: [Errno 13] …`."""
    folder = tmp_path / "数据"
    monkeypatch.setenv("COUNSELROOM_DATA_DIR", str(folder))

    def refused(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(selftest_checks.tempfile, "mkstemp", refused)
    result = selftest_checks.check_data_folder()
    assert result.status is Status.FAILED
    assert result.detail.startswith(f"{folder} 无法写入（没有写权限）") and "COUNSELROOM_DATA_DIR" in result.detail
    monkeypatch.undo()
    monkeypatch.setenv("COUNSELROOM_DATA_DIR", str(tmp_path / "新的"))
    assert selftest_checks.check_data_folder().detail == f"{tmp_path / '新的'}（已新建，可写入）"
    assert selftest_checks.check_data_folder().detail == f"{tmp_path / '新的'}（可写入）"
