"""Text from a school's file shown back to a teacher without its invisible characters.

A cell may hold control characters, bidi overrides (U+202E turns "张三.xlsx" around on screen) or
zero-width characters. Echoed raw in an error message they hide or reorder what the teacher
reads, so every message shows them as a visible code, e.g. 〈U+202E〉.
"""

from __future__ import annotations

import unicodedata

_INVISIBLE = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def is_invisible(char: str) -> bool:
    return char != "\n" and unicodedata.category(char) in _INVISIBLE


def visible(text: str) -> str:
    """`text` with every invisible character (a line break excepted) written as 〈U+XXXX〉."""
    if not any(is_invisible(c) for c in text):
        return text
    return "".join(f"〈U+{ord(c):04X}〉" if is_invisible(c) else c for c in text)
