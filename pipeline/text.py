"""Folding and keys shared by every stage: `fold` (no diacritics) and `symbol_key` (số ký hiệu).

The one definition of folding: extraction compares vocabulary through it, the store keeps `text_folded` with
it, and the site searches and highlights with it (`fold_aligned`, the same fold kept one character per
character so offsets in the folded text are offsets in the text).
"""

from __future__ import annotations

import functools
import re
import sqlite3
import unicodedata
from collections.abc import Callable

from kehoach import rx

# The SQL functions read short values only (names, symbols, query words): one call over 300 MB held a
# Datasette thread for 15 s, so longer values are an error.
MAX_FUNCTION_CHARS = 10_000
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


# The extractors ask the same question of one document several times: its bodies (the subject reads those of
# its header and of its opening again), its header's top, a body's name written out (issue 18: ~5-10 % of
# extracting a text). Pure functions of hashable arguments whose answer is immutable (str, bool, tuples,
# frozen records) keep their recent answers; a text is kept only while it is among the last few asked about.
per_text = functools.lru_cache(maxsize=64)  # arguments that may be a whole document
per_name = functools.lru_cache(maxsize=4096)  # arguments a name or a line long


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


@per_name
def symbol_key(symbol: str) -> str:
    """One key however the symbol was typed: spaces, separators and Đ/Ð folded (as the scorer does)."""
    key = rx.sub(r"\s+", "", symbol.upper().replace("Ð", "Đ"))
    return rx.sub(r"[-/–‐_]", "-", key)


def _bounded(fn: Callable[[str], str]) -> Callable[[str | None], str | None]:
    def call(value: str | None) -> str | None:
        if not value:
            return value
        if len(value) > MAX_FUNCTION_CHARS:
            raise ValueError(f"over {MAX_FUNCTION_CHARS} characters")
        return fn(value)

    return call


def sql_functions(conn: sqlite3.Connection) -> None:
    """kh_fold(text) and kh_symbol_key(symbol) on a connection: the one SQL folding, used by the site's
    queries and by the tables the ingest prepares for it. NULL and '' pass through unchanged."""
    conn.create_function("kh_fold", 1, _bounded(fold), deterministic=True)
    conn.create_function("kh_symbol_key", 1, _bounded(symbol_key), deterministic=True)
