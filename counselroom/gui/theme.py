"""The bundled CJK font, Qt's Chinese translation and the stylesheet, applied once at start.

The font ships with the program so every PC shows (and later prints) the same glyphs, even one
without any CJK font installed.
"""

from __future__ import annotations

from PySide6.QtCore import QDir, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from counselroom.gui.qt_zh_supplement import SupplementTranslator
from counselroom.system.paths import font_path, resources_dir

BODY_PIXEL_SIZE = 14
_keep_alive: list[QTranslator] = []


def register_bundled_font() -> str:
    """Register WenQuanYi Micro Hei and return its family name."""
    font_id = QFontDatabase.addApplicationFont(str(font_path()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        raise RuntimeError(f"无法加载内置字体：{font_path()}")
    return families[0]


def install_chinese_translation(app: QApplication) -> bool:
    """Qt's catalogue for its standard dialogs and buttons, then our supplement for the strings it
    lacks (asked first: the last installed translator is); before any dialog is built."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_zh_CN", folder):
        return False
    app.installTranslator(translator)
    supplement = SupplementTranslator(translator, app)
    app.installTranslator(supplement)
    _keep_alive.extend((translator, supplement))
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    return True


def apply_theme(app: QApplication) -> None:
    family = register_bundled_font()
    font = QFont(family)
    font.setPixelSize(BODY_PIXEL_SIZE)
    app.setFont(font)
    install_chinese_translation(app)
    QDir.addSearchPath("icons", str(resources_dir() / "icons"))  # url(icons:…) in style.qss
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "counselroom.png")))  # task bar, title bar
    app.setStyleSheet((resources_dir() / "style.qss").read_text(encoding="utf-8"))
