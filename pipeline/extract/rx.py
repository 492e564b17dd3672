"""The `regex` module's functions with compiled patterns cached.

Extractors build small patterns from the rule files' settings (comparator words, links) and apply them
per figure or per symbol; `regex`'s own cache recompiles on flag arithmetic and shows up as a third of
extraction time. Same signatures as `regex.search` & co.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

import regex


@functools.lru_cache(maxsize=4096)
def compiled(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    return regex.compile(pattern, flags)


def search(pattern: str, string: str, flags: int = 0, **kw: Any) -> regex.Match[str] | None:
    return compiled(pattern, int(flags)).search(string, **kw)


def match(pattern: str, string: str, flags: int = 0, **kw: Any) -> regex.Match[str] | None:
    return compiled(pattern, int(flags)).match(string, **kw)


def fullmatch(pattern: str, string: str, flags: int = 0, **kw: Any) -> regex.Match[str] | None:
    return compiled(pattern, int(flags)).fullmatch(string, **kw)


def finditer(pattern: str, string: str, flags: int = 0, **kw: Any) -> Iterator[regex.Match[str]]:
    return compiled(pattern, int(flags)).finditer(string, **kw)


def findall(pattern: str, string: str, flags: int = 0, **kw: Any) -> list[Any]:
    return compiled(pattern, int(flags)).findall(string, **kw)


def sub(
    pattern: str,
    repl: str | Callable[[regex.Match[str]], str],
    string: str,
    count: int = 0,
    flags: int = 0,
    **kw: Any,
) -> str:
    return compiled(pattern, int(flags)).sub(repl, string, count, **kw)
