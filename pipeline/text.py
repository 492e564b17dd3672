"""Folding and keys shared by every stage: `fold` (no diacritics) and `symbol_key` (số ký hiệu).

The one definition of folding: extraction compares vocabulary through it, the store keeps `text_folded` with
it, and the site searches and highlights with it (`fold_aligned`, the same fold kept one character per
character so offsets in the folded text are offsets in the text).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from kehoach import rx

MARKS = re.compile(r"[\u0300-\u036f]+")  # combining diacritics: Vietnamese tone and vowel marks after NFD


def fold_char(char: str) -> str:
    """One character folded: decomposed (NFD), đ -> d, its marks dropped, lower case ('Ế' -> 'e')."""
    decomposed = unicodedata.normalize("NFD", char).replace("đ", "d").replace("Đ", "D").replace("Ð", "D")
    return MARKS.sub("", decomposed).lower()


class _FoldTable(dict[int, str]):
    """str.translate's table for fold, filled the first time each character is seen: one pass over a
    text instead of decomposing it, stripping the marks and lower-casing it in three."""

    def __missing__(self, codepoint: int) -> str:
        folded = self[codepoint] = fold_char(chr(codepoint))
        return folded


FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower case without diacritics, đ -> d, each run of whitespace one space:
    'Thừa Thiên  Huế' -> 'thua thien hue'."""
    return " ".join(text.translate(FOLD_TABLE).split())


@functools.cache
def aligned_char(c: str) -> str:
    """One character folded to exactly one character, so offsets in folded text are offsets in the text."""
    if c.isspace():
        return " "
    folded = fold(c)
    if len(folded) == 1:
        return folded
    return c.lower() if len(c.lower()) == 1 else c


class _AlignedFold(dict[int, str]):
    """A str.translate table filled as characters are met: each character to its one-character fold."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = aligned_char(chr(code))
        return folded


ALIGNED_FOLD = _AlignedFold()


def fold_aligned(text: str) -> str:
    return text.translate(ALIGNED_FOLD)


def symbol_key(symbol: str) -> str:
    """One key however the symbol was typed: spaces, separators and Đ/Ð folded (as the scorer does)."""
    key = rx.sub(r"\s+", "", symbol.upper().replace("Ð", "Đ"))
    return rx.sub(r"[-/–‐_]", "-", key)
