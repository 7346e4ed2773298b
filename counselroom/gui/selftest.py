"""`counselroom selftest`: what a school's IT person runs after installing (issue #15 item 2).

The checks below the GUI (services/installation) plus Qt's own part: the bundled font in Qt, the
Chinese translation of Qt's dialogs, a window drawn with Chinese text, printing and the chart
canvas. Prints one line per check and a verdict; exit 0 when nothing failed. Runs offscreen where
there is no screen (a remote shell, CI), since Qt would otherwise stop the process.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from counselroom import __version__
from counselroom.gui.qt_platform import allow_offscreen_fallback, screens_named
from counselroom.services.installation.selftest_checks import CheckResult, Status, guarded, run_checks

SAMPLE_TEXT = "心理辅导室工作台：预约、值班、转介、随访"


USAGE = """用法：counselroom selftest

安装后运行一次：新建一个临时加密数据库、生成一页带中文和图表的 PDF，并检查内置字体、
界面中文翻译、系统密钥环和数据文件夹，最后给出结论。不读取也不改动学校的数据。
全部通过时退出码 0，有失败时退出码 1。"""


def run_selftest(argv: Sequence[str] = ()) -> int:
    if argv:
        print(USAGE)
        return 0 if list(argv) in (["--help"], ["-h"]) else 2
    started = time.perf_counter()
    print(f"心理辅导室工作台 {__version__} 安装自检", flush=True)
    results: list[CheckResult] = []
    for result in [*run_checks(), *run_qt_checks()]:
        print(f"  [{result.status.value}] {result.name}：{result.detail}", flush=True)
        results.append(result)
    failed = [r for r in results if r.status is Status.FAILED]
    notices = [r for r in results if r.status is Status.NOTICE]
    seconds = time.perf_counter() - started
    if failed:
        print(f"结论：未通过（{len(failed)} 项失败，用时 {seconds:.1f} 秒）。请把以上内容发给软件维护人员。")
        return 1
    extra = f"，{len(notices)} 条提示" if notices else ""
    print(f"结论：通过（共 {len(results)} 项{extra}，用时 {seconds:.1f} 秒）。")
    return 0


def run_qt_checks() -> list[CheckResult]:
    allow_offscreen_fallback()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["counselroom"])
    screen_notice = _no_screen_notice(app.platformName())
    checks: list[tuple[str, Callable[[], CheckResult]]] = [
        ("程序组件", _check_program_modules),
        ("界面字体", _check_qt_font),
        ("界面中文翻译", lambda: _check_translation(app)),
        ("窗口绘制", _check_drawing),
        ("打印和图表组件", _check_print_and_chart),
        ("PDF 附件预览", _check_pdf_preview),
    ]
    return screen_notice + [guarded(name, check) for name, check in checks]


def _no_screen_notice(platform: str) -> list[CheckResult]:
    """A screen was named but could not be reached: the checks ran offscreen, and the IT person is told."""
    named = screens_named()
    if platform != "offscreen" or not named:
        return []
    detail = f"连接不上显示器（{named}），界面部分改在后台检查；请在教师使用的桌面上打开程序确认能显示窗口"
    return [CheckResult("显示器", Status.NOTICE, detail)]


def _check_program_modules() -> CheckResult:
    """Every module of the program imports. Pages and tabs are loaded by name when first opened, so a
    build that left one out would otherwise fail only when a teacher opens that page."""
    import importlib
    import pkgutil

    import counselroom
    from counselroom.gui.pages.registry import MODULES

    names = [found.name for found in pkgutil.walk_packages(counselroom.__path__, "counselroom.")]
    try:
        for name in names:
            importlib.import_module(name)
        pages = [module.page_class() for module in MODULES if module.page]
    except ImportError as exc:
        return CheckResult("程序组件", Status.FAILED, f"缺少 {exc.name or exc}：安装不完整，请重新安装")
    if len(names) < len(pages):  # a build whose package cannot be listed must not pass as complete
        return CheckResult("程序组件", Status.FAILED, f"只找到 {len(names)} 个程序模块，安装不完整")
    return CheckResult("程序组件", Status.PASSED, f"{len(names)} 个程序模块（含 {len(pages)} 个页面）均可加载")


def _check_qt_font() -> CheckResult:
    from PySide6.QtGui import QFont, QFontMetrics

    from counselroom.gui.theme import register_bundled_font

    family = register_bundled_font()
    metrics = QFontMetrics(QFont(family))
    missing = [c for c in SAMPLE_TEXT if not metrics.inFontUcs4(ord(c))]
    if missing:
        return CheckResult("界面字体", Status.FAILED, f"界面字体缺少：{''.join(missing)}")
    return CheckResult("界面字体", Status.PASSED, f"已加载“{family}”")


def _check_translation(app: object) -> CheckResult:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from counselroom.gui.theme import install_chinese_translation

    assert isinstance(app, QApplication)
    if not install_chinese_translation(app):
        return CheckResult("界面中文翻译", Status.FAILED, "找不到 Qt 的中文翻译文件 qtbase_zh_CN.qm")
    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    if cancel == "Cancel":
        return CheckResult("界面中文翻译", Status.FAILED, "Qt 的中文翻译已加载但没有生效")
    return CheckResult("界面中文翻译", Status.PASSED, f"Qt 对话框按钮显示为中文（“{cancel}”）")


def _check_drawing() -> CheckResult:
    """A label with Chinese text drawn into an image: some pixels must be ink, not all background."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QLabel

    from counselroom.gui.theme import register_bundled_font

    label = QLabel(SAMPLE_TEXT)
    label.setFont(QFont(register_bundled_font(), 16))
    label.setStyleSheet("background: white; color: black;")
    label.adjustSize()
    image = label.grab().toImage()
    label.deleteLater()
    if _inked(image, step=2) < 50:
        return CheckResult("窗口绘制", Status.FAILED, "中文文字没有画出来")
    return CheckResult("窗口绘制", Status.PASSED, f"中文文字正常绘制（{image.width()}×{image.height()} 像素）")


def _check_print_and_chart() -> CheckResult:
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    canvas = FigureCanvasQTAgg(Figure(figsize=(2, 1)))
    canvas.draw()
    canvas.deleteLater()
    detail = f"打印组件可用（{printer.resolution()} dpi），图表可在窗口中绘制"
    return CheckResult("打印和图表组件", Status.PASSED, detail)


def _check_pdf_preview() -> CheckResult:
    """pdfium (attachments, print preview) draws the self-test page: some of the page must be ink."""
    from counselroom.gui.pdf_pages import render_document
    from counselroom.services.installation.selftest_checks import sample_pdf

    pages = render_document(sample_pdf(), dpi=50)
    if not pages:
        return CheckResult("PDF 附件预览", Status.FAILED, "PDF 预览组件（pdfium）无法打开 PDF")
    image, _points = pages[0]
    if _inked(image, step=3) < 50:
        return CheckResult("PDF 附件预览", Status.FAILED, "PDF 页面画出来是空白")
    return CheckResult("PDF 附件预览", Status.PASSED, f"PDF 页面正常显示（{image.width()}×{image.height()} 像素）")


def _inked(image: Any, *, step: int) -> int:
    """Dark pixels on a grid every `step` pixels: a drawing that came out blank has none."""
    return sum(
        1
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
        if image.pixelColor(x, y).lightness() < 128
    )
