"""Issue #10 item 7: an attachment is shown inside the program, from memory — PDF pages rendered by
pdfium, pictures by Qt — with page and zoom controls; a damaged file is a Chinese message; nothing
is written to disk while viewing; closing drops what was shown; saving is left to the caller."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from counselroom.gui.cases import attachment_viewer
from counselroom.gui.cases.attachment_viewer import AttachmentViewer
from counselroom.gui.main_window import MainWindow
from counselroom.gui.service_runner import ServiceRunner
from tests.attachment_files import letter_pdf, scan
from tests.conftest import PASSWORD, SchoolFixture

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"


def _viewer(qtbot: QtBot, name: str, mime: str, content: bytes, **kwargs: object) -> AttachmentViewer:
    viewer = AttachmentViewer(name, mime, content, None, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(viewer)
    viewer.show()
    viewer.activateWindow()  # shortcuts act in the active window
    qtbot.waitUntil(viewer.isActiveWindow, timeout=2000)
    return viewer


def _shown(viewer: AttachmentViewer) -> QImage:
    pixmap = viewer.image_label.pixmap()
    assert not pixmap.isNull()
    return pixmap.toImage()


def _dark_share(image: QImage) -> float:
    """The share of sampled pixels that are dark: 0 for a blank (white) page."""
    samples = [QColor(image.pixel(x, y)) for x in range(0, image.width(), 5) for y in range(0, image.height(), 5)]
    return sum(1 for c in samples if c.lightness() < 100) / len(samples)


def test_a_two_page_pdf_is_shown_a_page_at_a_time(qtbot: QtBot) -> None:
    viewer = _viewer(qtbot, "来函.pdf", PDF, letter_pdf())
    assert viewer.page_label.text() == "第 1 / 2 页" and viewer.message() == ""
    assert not viewer.prev_button.isEnabled() and viewer.next_button.isEnabled()
    first = _shown(viewer)
    assert _dark_share(first) > 0.01  # the title and the black block, not a blank page
    qtbot.mouseClick(viewer.next_button, Qt.MouseButton.LeftButton)
    assert viewer.page_label.text() == "第 2 / 2 页" and viewer.page_index == 1
    assert viewer.prev_button.isEnabled() and not viewer.next_button.isEnabled()
    second = _shown(viewer)
    assert _dark_share(second) > 0.01 and second != first
    qtbot.mouseClick(viewer.prev_button, Qt.MouseButton.LeftButton)
    assert viewer.page_label.text() == "第 1 / 2 页"


def test_the_page_fits_the_width_and_zooms_by_keyboard(qtbot: QtBot) -> None:
    viewer = _viewer(qtbot, "来函.pdf", PDF, letter_pdf())
    fitted = viewer.image_label.pixmap().width()
    viewport = viewer.scroll.viewport().width()
    assert viewport - 40 <= fitted / viewer.devicePixelRatioF() <= viewport
    assert not viewer.scroll.horizontalScrollBar().isVisible()
    qtbot.keyClick(viewer, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom == pytest.approx(1.25) and viewer.zoom_label.text() == "125%"
    assert viewer.image_label.pixmap().width() > fitted
    qtbot.keyClick(viewer, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(viewer, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom == pytest.approx(0.8) and viewer.image_label.pixmap().width() < fitted
    qtbot.keyClick(viewer, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom == 1.0 and viewer.image_label.pixmap().width() == fitted


def test_a_wider_window_renders_the_page_again_at_its_width(qtbot: QtBot) -> None:
    viewer = _viewer(qtbot, "来函.pdf", PDF, letter_pdf())
    before = viewer.image_label.pixmap().width()
    viewer.resize(viewer.width() + 200, viewer.height())
    qtbot.waitUntil(lambda: viewer.image_label.pixmap().width() > before + 150, timeout=2000)
    assert not viewer.scroll.horizontalScrollBar().isVisible()


def test_a_png_scan_is_shown_without_page_controls(qtbot: QtBot) -> None:
    viewer = _viewer(qtbot, "同意书.png", PNG, scan("PNG", size=(300, 400)))
    image = _shown(viewer)
    assert image.width() == round(300 * viewer.devicePixelRatioF())  # small: shown at its own size
    assert _dark_share(image) > 0.01 and viewer.message() == ""
    assert viewer.page_label.isHidden() and viewer.next_button.isHidden()
    viewer.zoom_in()
    assert _shown(viewer).width() > image.width()


def test_a_jpeg_photo_is_shown(qtbot: QtBot) -> None:
    viewer = _viewer(qtbot, "同意书.jpg", JPEG, scan("JPEG", size=(2000, 2600)))
    image = _shown(viewer)
    assert image.width() <= viewer.scroll.viewport().width() * viewer.devicePixelRatioF()  # fitted
    assert _dark_share(image) > 0.01


@pytest.mark.parametrize(
    ("name", "mime", "content", "says"),
    [
        ("坏.pdf", PDF, b"%PDF-1.4\n garbage \x00\x01", "文件已损坏"),
        ("坏.pdf", PDF, letter_pdf()[:400], "文件已损坏"),
        ("坏.png", PNG, b"\x89PNG\r\n\x1a\n not really", "图片已损坏"),
        ("坏.jpg", JPEG, b"\xff\xd8\xff not really", "图片已损坏"),
        ("表.xlsx", "application/zip", b"PK\x03\x04", "只支持 PDF、JPG 和 PNG"),
    ],
    ids=["pdf-garbage", "pdf-truncated", "png", "jpeg", "other-type"],
)
def test_a_damaged_file_is_a_chinese_message_not_a_crash(
    qtbot: QtBot, name: str, mime: str, content: bytes, says: str
) -> None:
    viewer = _viewer(qtbot, name, mime, content)
    assert says in viewer.message() and name in viewer.message()
    assert viewer.message_label.isVisible() and not viewer.scroll.isVisible()
    assert viewer.page_count == 0 and not viewer.zoom_in_button.isEnabled()
    viewer.zoom_in()
    viewer.show_page(1)  # nothing to do, and no error either
    viewer.reject()


def test_a_pdf_with_an_open_password_says_so(qtbot: QtBot) -> None:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(letter_pdf())))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    viewer = _viewer(qtbot, "加密.pdf", PDF, out.getvalue())
    assert "设有打开密码" in viewer.message()


def test_viewing_writes_no_file(qtbot: QtBot, isolated_dirs: Path) -> None:
    """SECURITY.md 7: no plaintext temp file — the temp folder is the same before and after, and no
    file written anywhere under the test's home holds the attachment's bytes."""
    temp = Path(tempfile.gettempdir())
    before_temp, before_home = _listing(temp), _listing(isolated_dirs)
    pdf, png = letter_pdf(), scan("PNG")
    for name, mime, content in (("来函.pdf", PDF, pdf), ("同意书.png", PNG, png)):
        viewer = _viewer(qtbot, name, mime, content)
        viewer.zoom_in()
        viewer.show_page(1)
        viewer.resize(600, 700)
        qtbot.wait(150)
        viewer.reject()
    assert _listing(temp) == before_temp
    for path in _listing(isolated_dirs) - before_home:
        data = path.read_bytes()
        assert pdf[:2000] not in data and png[:2000] not in data, path


def test_save_copy_is_left_to_the_caller(qtbot: QtBot) -> None:
    called: list[str] = []
    viewer = _viewer(qtbot, "来函.pdf", PDF, letter_pdf(), on_save_copy=lambda: called.append("callback"))
    viewer.save_copy_requested.connect(lambda: called.append("signal"))
    qtbot.mouseClick(viewer.save_button, Qt.MouseButton.LeftButton)
    assert viewer.save_button.text() == "另存副本…"
    assert sorted(called) == ["callback", "signal"] and viewer.isVisible()  # the viewer stays open
    source = Path(attachment_viewer.__file__).read_text(encoding="utf-8")
    assert "counselroom.services" not in source  # the dialog itself saves nothing


def test_closing_drops_the_bytes_and_the_rendered_pages(qtbot: QtBot) -> None:
    for close in ("reject", "accept", "close", "escape"):
        viewer = _viewer(qtbot, "来函.pdf", PDF, letter_pdf())
        assert viewer.holds_data()
        if close == "escape":
            qtbot.keyClick(viewer, Qt.Key.Key_Escape)
        else:
            getattr(viewer, close)()
        assert not viewer.isVisible() and not viewer.holds_data(), close
        assert viewer.image_label.pixmap().isNull() and viewer.page_count == 0
        viewer.resize(700, 700)  # a late resize renders nothing
        qtbot.wait(120)
        assert viewer.image_label.pixmap().isNull()


def test_the_idle_lock_closes_the_viewer_and_drops_the_page(qtbot: QtBot, school: SchoolFixture) -> None:
    window = MainWindow(ServiceRunner(school.sign_in("counselor"), school.keys))
    qtbot.addWidget(window)
    window.show()
    viewer = _viewer(qtbot, "来函.pdf", PDF, letter_pdf())
    window.lock()
    assert not viewer.isVisible() and not viewer.holds_data()
    window.unlock(PASSWORD)


def _listing(folder: Path) -> set[Path]:
    return {Path(root) / name for root, _dirs, files in os.walk(folder) for name in files}
