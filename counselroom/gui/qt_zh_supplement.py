"""Qt's own strings that qtbase_zh_CN does not translate in this Qt.

Qt's widget file dialog read "&Look in:" and "Files of &type:" in English among Chinese labels
(issue #8 item 20): Qt 6 added mnemonics to labels whose catalogue entries are still the plain
"Look in:", and renamed QFileIconProvider to QAbstractFileIconProvider. This translator is
installed after qtbase_zh_CN, so Qt asks it first; it answers only where the catalogue has
nothing — from the catalogue's own plain wording with the mnemonic put back, or from WORDS —
and passes everything else on. tests/gui/test_qt_chinese.py fails on any string still missing.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, QTranslator

# What the catalogue has under no wording at all.
WORDS: dict[tuple[str, str], str] = {
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "File Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Shortcut"): "快捷方式",
    ("QAbstractFileIconProvider", "Alias"): "替身",
    ("QAbstractFileIconProvider", "Unknown"): "未知",
}
_MNEMONIC = re.compile(r"([^&]*)&(\w)(.*)")


def with_mnemonic(text: str, key: str) -> str:
    """ "查找范围：" and L → "查找范围(&L)：", the way qtbase_zh_CN writes its own."""
    for colon in ("：", ":"):
        if text.endswith(colon):
            return f"{text[: -len(colon)]}(&{key.upper()}){colon}"
    return f"{text}(&{key.upper()})"


class SupplementTranslator(QTranslator):
    def __init__(self, qtbase: QTranslator, parent: QObject | None = None):
        super().__init__(parent)
        self._qtbase = qtbase

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        # None is a null QString: "not mine, ask the next translator". An empty string would
        # count as a translation and blank the label.
        if not source or self._qtbase.translate(context, source, disambiguation, n):
            return None
        if (context, source) in WORDS:
            return WORDS[context, source]
        mnemonic = _MNEMONIC.fullmatch(source)
        if mnemonic is not None:
            plain = self._qtbase.translate(context, mnemonic[1] + mnemonic[2] + mnemonic[3], disambiguation, n)
            if plain:
                return with_mnemonic(plain, mnemonic[2])
        return None

    def isEmpty(self) -> bool:
        return False
