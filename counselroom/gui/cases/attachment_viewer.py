"""Showing a case attachment (a scanned consent form, a hospital letter) inside the program.

Nothing is written to disk (SECURITY.md 7): the bytes the caller got from
`services.cases.attachments.attachment_content` are decoded in memory — PNG and JPEG by Qt's image
reader (turned upright from a phone photo's EXIF), PDF pages by pdfium (pypdfium2), one page at a
time at the size it is shown, copied into a QImage before pdfium's bitmap is freed.

The dialog calls no service. 另存副本… only emits `save_copy_requested` (and calls `on_save_copy`
when one was given): the caller asks for the reason and the place and calls
`save_attachment_copy`, which watermarks and audits the copy — so the caller decides who may
save, and how. The dialog stays open meanwhile.

Closing it (关闭, Esc, the window's ×, or the idle lock rejecting every open dialog) drops the
document, the bytes and every rendered image; the caller should not keep its own reference to
the bytes either.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pypdfium2 as pdfium
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer, Signal
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QImageReader,
    QKeySequence,
    QPixmap,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.visible_text import visible
from counselroom.gui.pdf_pages import page_image

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 4.0
_FALLBACK_WIDTH = 800  # pixels, before the dialog is laid out
_MAX_PIXELS = 40_000_000  # one rendered page at most (160 MB): an odd page shape cannot exhaust memory


class AttachmentViewer(QDialog):
    """`AttachmentViewer(file_name, mime, content, parent, *, on_save_copy=None)`; see the module's note."""

    save_copy_requested = Signal()  # 另存副本… was clicked; the caller asks for a reason and saves

    def __init__(
        self,
        file_name: str,
        mime: str,
        content: bytes,
        parent: QWidget | None = None,
        *,
        on_save_copy: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._name = visible(file_name)
        self._mime = mime
        self._pdf: pdfium.PdfDocument | None = None  # holds the bytes while open; nothing else keeps them
        self._image: QImage | None = None  # a decoded PNG/JPEG, kept to scale on zoom
        self._page = 0
        self._pages = 0
        self._zoom = 1.0  # 1.0 = the page fits the width of the window
        self._rendered_for: tuple[int, float, int] | None = None
        self._resize_timer = QTimer(self, singleShot=True, interval=80)
        self._resize_timer.timeout.connect(self._render)
        self.setWindowTitle(f"查看附件 — {self._name}")
        self._build()
        if on_save_copy is not None:
            self.save_copy_requested.connect(on_save_copy)
        self._open(content)
        self._fit_to_screen()

    # --- what a test or the caller reads -------------------------------------------------------

    @property
    def page_index(self) -> int:
        return self._page

    @property
    def page_count(self) -> int:
        return self._pages

    @property
    def zoom(self) -> float:
        return self._zoom

    def holds_data(self) -> bool:
        """Whether the bytes, the document or a rendered image are still held (False once closed)."""
        return self._pdf is not None or self._image is not None or not self.image_label.pixmap().isNull()

    def message(self) -> str:
        """The Chinese message shown instead of the attachment, or "" when it is shown."""
        return self.message_label.text() if not self.message_label.isHidden() else ""

    # --- layout ----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.prev_button = QPushButton("上一页")
        self.next_button = QPushButton("下一页")
        self.page_label = QLabel()
        self.zoom_out_button = QPushButton("缩小")
        self.zoom_in_button = QPushButton("放大")
        self.fit_button = QPushButton("适合宽度")
        self.zoom_label = QLabel()
        self.save_button = QPushButton("另存副本…")
        close_button = QPushButton("关闭")
        self.prev_button.setToolTip("上一页（Ctrl+PgUp）")
        self.next_button.setToolTip("下一页（Ctrl+PgDown）")
        self.zoom_in_button.setToolTip("放大（Ctrl++）")
        self.zoom_out_button.setToolTip("缩小（Ctrl+-）")
        self.fit_button.setToolTip("按窗口宽度显示（Ctrl+0）")
        self.save_button.setToolTip("保存一份带水印的副本到本机（Ctrl+S；需写明理由，记入审计日志）")
        self.prev_button.clicked.connect(lambda: self.show_page(self._page - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self._page + 1))
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.fit_button.clicked.connect(self.fit_width)
        self.save_button.clicked.connect(self._request_save)
        close_button.clicked.connect(self.reject)
        for button in (self.prev_button, self.next_button, self.zoom_out_button, self.zoom_in_button, self.fit_button,
                       self.save_button):  # fmt: skip
            button.setAutoDefault(False)
        close_button.setDefault(True)  # Enter, like Esc, closes the viewer
        self._shortcuts()

        bar = QHBoxLayout()
        for widget in (self.prev_button, self.page_label, self.next_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.save_button)
        bar.addWidget(close_button)

        self.image_label = QLabel()
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setWidget(self.image_label)
        self.message_label = QLabel()
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setWordWrap(True)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.message_label, 1)

    def _shortcuts(self) -> None:
        """Window shortcuts (a button's own shortcut clicks it only after an animation)."""
        keys: tuple[tuple[QKeySequence, Callable[[], None]], ...] = (
            (QKeySequence(QKeySequence.StandardKey.ZoomIn), self.zoom_in),
            (QKeySequence("Ctrl+="), self.zoom_in),  # the + key without Shift
            (QKeySequence(QKeySequence.StandardKey.ZoomOut), self.zoom_out),
            (QKeySequence("Ctrl+0"), self.fit_width),
            (QKeySequence("Ctrl+PgUp"), lambda: self.show_page(self._page - 1)),
            (QKeySequence("Ctrl+PgDown"), lambda: self.show_page(self._page + 1)),
            (QKeySequence(QKeySequence.StandardKey.Save), self._request_save),
        )
        for sequence, slot in keys:
            QShortcut(sequence, self, slot)

    def _fit_to_screen(self) -> None:
        """Big enough to read a page, small enough for 1366×768 with a taskbar."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else None
        width, height = (900, 1000) if area is None else (min(900, area.width() - 40), min(1000, area.height() - 60))
        self.resize(width, height)

    # --- opening ---------------------------------------------------------------------------------

    def _open(self, content: bytes) -> None:
        if self._mime == PDF:
            self._open_pdf(content)
        elif self._mime in (PNG, JPEG):
            self._open_image(content)
        else:
            self._fail(f"不能在程序内显示“{self._name}”：只支持 PDF、JPG 和 PNG 文件。")
        self._update_controls()

    def _open_pdf(self, content: bytes) -> None:
        try:
            self._pdf = pdfium.PdfDocument(content)
            self._pages = len(self._pdf)
        except pdfium.PdfiumError as exc:
            self._pdf = None
            if getattr(exc, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
                self._fail(f"“{self._name}”设有打开密码，不能在程序内显示。")
            else:
                self._fail(f"无法显示“{self._name}”：文件已损坏，或不是有效的 PDF 文件。")
            return
        if self._pages == 0:
            self._fail(f"“{self._name}”没有可显示的页面。")

    def _open_image(self, content: bytes) -> None:
        buffer = QBuffer()
        buffer.setData(QByteArray(content))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buffer, b"png" if self._mime == PNG else b"jpeg")
        reader.setAutoTransform(True)  # a phone photo of a letter is shown upright
        image = reader.read()
        buffer.close()
        if image.isNull():
            self._fail(f"无法显示“{self._name}”：图片已损坏，或不是有效的 JPG/PNG 文件。")
            return
        self._image = image
        self._pages = 1

    def _fail(self, text: str) -> None:
        self._pages = 0
        self.scroll.hide()
        self.message_label.setText(text)
        self.message_label.show()

    # --- pages and zoom --------------------------------------------------------------------------

    def show_page(self, index: int) -> None:
        if 0 <= index < self._pages and index != self._page:
            self._page = index
            self._render()
            self.scroll.verticalScrollBar().setValue(0)
            self._update_controls()

    def zoom_in(self) -> None:
        self._set_zoom(self._zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self._zoom / ZOOM_STEP)

    def fit_width(self) -> None:
        self._set_zoom(1.0)

    def _set_zoom(self, zoom: float) -> None:
        zoom = min(max(zoom, ZOOM_MIN), ZOOM_MAX)
        if abs(zoom - 1.0) < 0.01:
            zoom = 1.0
        if zoom != self._zoom:
            self._zoom = zoom
            self._render()
            self._update_controls()

    def _update_controls(self) -> None:
        shown = self._pages > 0
        paged = self._pdf is not None and self._pages > 0
        for widget in (self.prev_button, self.page_label, self.next_button):
            widget.setVisible(paged)
        self.page_label.setText(f"第 {self._page + 1} / {self._pages} 页" if paged else "")
        self.prev_button.setEnabled(paged and self._page > 0)
        self.next_button.setEnabled(paged and self._page < self._pages - 1)
        for widget in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            widget.setEnabled(shown)
        self.zoom_in_button.setEnabled(shown and self._zoom < ZOOM_MAX)
        self.zoom_out_button.setEnabled(shown and self._zoom > ZOOM_MIN)
        self.zoom_label.setText(f"{round(self._zoom * 100)}%" if shown else "")

    def _request_save(self) -> None:
        if self.save_button.isEnabled():
            self.save_copy_requested.emit()

    # --- rendering -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._render()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._rendered_for is not None:
            self._resize_timer.start()  # re-render once the window stops changing size

    def _fit_pixels(self) -> int:
        """The viewport's width with room kept for the vertical scroll bar (a page is usually taller)."""
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        width = self.scroll.maximumViewportSize().width() - bar - 4
        return width if width > 50 and self.isVisible() else _FALLBACK_WIDTH

    def _render(self) -> None:
        if self._pages == 0 or (self._pdf is None and self._image is None):
            return
        width = max(1, round(self._fit_pixels() * self._zoom))
        key = (self._page, self._zoom, width)
        if key == self._rendered_for:
            return
        ratio = self.devicePixelRatioF()
        image = self._pdf_page_image(width, ratio) if self._pdf is not None else self._scaled_image(ratio)
        if image is None:
            return
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        self.image_label.setPixmap(pixmap)
        self._rendered_for = key

    def _pdf_page_image(self, width: int, ratio: float) -> QImage | None:
        assert self._pdf is not None
        try:
            page = self._pdf[self._page]
            try:
                points_wide, points_high = max(page.get_width(), 1.0), max(page.get_height(), 1.0)
                scale = min(width * ratio / points_wide, math.sqrt(_MAX_PIXELS / (points_wide * points_high)))
                return page_image(page, scale)
            finally:
                page.close()
        except pdfium.PdfiumError:
            self.image_label.clear()
            self.image_label.setText(f"第 {self._page + 1} 页已损坏，无法显示。")
            self._rendered_for = None
            return None

    def _scaled_image(self, ratio: float) -> QImage:
        """A picture narrower than the window is shown at its own size, not blown up, at zoom 1."""
        assert self._image is not None
        base = min(self._fit_pixels(), round(self._image.width() / ratio))
        target = max(1, round(base * self._zoom * ratio))
        return self._image.scaledToWidth(target, Qt.TransformationMode.SmoothTransformation)

    # --- closing ---------------------------------------------------------------------------------

    def done(self, result: int) -> None:
        """Every way of closing ends here (accept, reject, Esc, ×, the idle lock)."""
        self._release()
        super().done(result)

    def _release(self) -> None:
        self._resize_timer.stop()
        if self._pdf is not None:
            self._pdf.close()
        self._pdf = None
        self._image = None
        self._pages = 0
        self._rendered_for = None
        self.image_label.clear()
