"""The text side of the care store's full-text search: what goes into the index, what a query
becomes, and where in a document a query matched (for its snippet). Pure Python, no SQL.

**Tokens.** Text is NFKC-normalised (full-width ＰＨＱ９ → phq9) and case-folded, then cut into
runs: a run of Chinese characters, a run of digits, a run of other letters. Everything else
(spaces, punctuation, ``-``, ``_``) separates runs and is dropped.

- A Chinese run becomes its overlapping bigrams, then its last character alone:
  失眠多梦 → ``失眠 眠多 多梦 梦``; a one-character run is that character. So every character of the
  text starts exactly one token (the bigram beginning with it, or the run's final character),
  and no bigram spans punctuation: 失眠。多梦 never holds 眠多.
- A digit run or a letter run is one token: ``phq``, ``9``, ``12``. A letter–digit change splits,
  so PHQ9, PHQ-9 and “PHQ 9” are the same tokens (``phq 9``) and match one another, while
  19分 (``19 分``) is not 9分.

**Queries.** The query is split at whitespace into pieces; every piece must match (AND). A piece
is the phrase of the same tokens, built so that it matches wherever the piece occurs in the text:

- 2 characters: one bigram token, 失眠 → ``"失眠"``.
- 3 or more: the phrase of its bigrams, 失眠多梦 → ``"失眠 眠多 多梦"`` (consecutive positions, so
  only the exact string matches).
- A Chinese run followed by digits or letters in the query must end there in the text too, so it
  keeps its final character: 得分12 → ``"得分 分 12"``.
- A piece ending in one Chinese character makes its last token a prefix, ``"眠" *`` or
  ``"9 分" *``: the character starts a bigram (眠多, 分钟) or is a run's last character (眠, 分).
  A one-character query is therefore an FTS5 prefix query over the bigram index — no LIKE scan.

The index uses FTS5's ``ascii`` tokenizer: every non-ASCII character is a token character, so
FTS5 splits exactly at the spaces put between these tokens and never re-cuts one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_RUNS = re.compile(rf"(?P<han>[{_HAN}]+)|(?P<digits>\d+)|(?P<letters>[^\W\d_{_HAN}]+)")
_LOOKAROUND = {
    "digits": (r"(?<!\d)", r"(?!\d)"),
    "letters": (rf"(?<![^\W\d_{_HAN}])", rf"(?![^\W\d_{_HAN}])"),
}
_BETWEEN = r"[\W_]*"  # what may separate two tokens of a phrase in the text
MAX_QUERY_CHARS = 100


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def document_tokens(text: str) -> str:
    """The text as the index holds it: its tokens, separated by spaces."""
    tokens: list[str] = []
    for run in _RUNS.finditer(normalise(text)):
        word = run.group()
        if run.lastgroup == "han":
            tokens.extend(word[i : i + 2] for i in range(len(word) - 1))
            tokens.append(word[-1])
        else:
            tokens.append(word)
    return " ".join(tokens)


@dataclass(frozen=True)
class _Piece:
    """One whitespace-separated piece of a query: its runs, as (kind, text)."""

    runs: tuple[tuple[str, str], ...]

    def phrase(self) -> str:
        tokens: list[str] = []
        last = len(self.runs) - 1
        for i, (kind, word) in enumerate(self.runs):
            if kind != "han":
                tokens.append(word)
                continue
            tokens.extend(word[j : j + 2] for j in range(len(word) - 1))
            if i < last or len(word) == 1:
                tokens.append(word[-1])
        prefix = self.runs[-1][0] == "han" and len(self.runs[-1][1]) == 1
        return f'"{" ".join(tokens)}"' + (" *" if prefix else "")

    def pattern(self) -> str:
        """A regular expression finding this piece in normalised text, by the same rules."""
        parts: list[str] = []
        last = len(self.runs) - 1
        for i, (kind, word) in enumerate(self.runs):
            before, after = _LOOKAROUND.get(kind, ("", ""))
            if kind == "han" and i < last:
                after = rf"(?![{_HAN}])"
            parts.append(before + re.escape(word) + after)
        return _BETWEEN.join(parts)


def _pieces(query: str) -> list[_Piece]:
    found = []
    for chunk in normalise(query[:MAX_QUERY_CHARS]).split():
        runs = tuple((str(m.lastgroup), m.group()) for m in _RUNS.finditer(chunk))
        if runs:
            found.append(_Piece(runs))
    return found


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH expression for what a user typed; None when it holds nothing searchable."""
    pieces = _pieces(query)
    return " AND ".join(p.phrase() for p in pieces) if pieces else None


def first_match(query: str, text: str) -> tuple[int, int] | None:
    """Where in `text` (original offsets) the query first matches: the earliest of its pieces."""
    pieces = _pieces(query)
    if not pieces:
        return None
    pattern = re.compile("|".join(f"(?:{p.pattern()})" for p in pieces))
    folded, offsets = _folded(text)
    found = pattern.search(folded)
    if found is None:
        return None
    return offsets(found.start()), offsets(found.end())


def _folded(text: str) -> tuple[str, _Offsets]:
    """The normalised text and a map from its offsets back to the original's. Normalising rarely
    changes the length (ﬁ, ß, ㎏); when it does, it is done one character at a time."""
    whole = normalise(text)
    if len(whole) == len(text):
        return whole, _Offsets(None)
    pieces = [normalise(c) for c in text]
    starts = [i for i, piece in enumerate(pieces) for _ in piece] + [len(text)]
    return "".join(pieces), _Offsets(starts)


class _Offsets:
    def __init__(self, starts: list[int] | None) -> None:
        self._starts = starts

    def __call__(self, offset: int) -> int:
        return offset if self._starts is None else self._starts[offset]


def snippet(text: str, span: tuple[int, int] | None, *, before: int = 16, width: int = 60) -> tuple[str, int, int]:
    """About `width` characters of `text` around `span`, on one line, with … where cut; and the
    match's start and end inside the snippet (both 0 when there is no span)."""
    start, end = span if span is not None else (0, 0)
    first = max(0, start - before)
    last = min(len(text), max(end, first + width))
    lead = "…" if first > 0 else ""
    shown = lead + _one_line(text[first:last]) + ("…" if last < len(text) else "")
    if span is None:
        return shown, 0, 0
    return shown, len(lead) + start - first, len(lead) + end - first


def _one_line(text: str) -> str:
    return "".join(" " if c in "\r\n\t" else c for c in text)
