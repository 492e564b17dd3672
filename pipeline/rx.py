"""The `regex` module's functions with compiled patterns cached.

Extractors build small patterns from the rule files' settings (comparator words, links) and apply them
per figure or per symbol; `regex`'s own cache recompiles on flag arithmetic and shows up as a third of
extraction time. Same signatures as `regex.search` & co.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import regex

# The `regex` module's timeout costs ~2 µs a call (against ~0.4 µs for a small match): paid by the hundreds
# of small matches a document makes, it was a tenth of extraction. Under the per-document budget
# (pipeline/run.py: SIGALRM, which `regex` honours mid-match), calls over spans this short go without one:
# the budget bounds them, and a pattern that runs away on a few hundred characters is what the rules
# check's hostile strings catch. Scans of whole documents keep theirs, and without a budget (budget 0, a
# thread other than the main one) every call keeps its timeout.
UNGUARDED_SPAN = 1_000  # characters
_state = threading.local()  # .budgeted: this thread runs under run.time_budget


@contextmanager
def budgeted() -> Iterator[None]:
    """Calls over short spans drop their timeout in this block (the caller has set a time budget)."""
    before = getattr(_state, "budgeted", False)
    _state.budgeted = True
    try:
        yield
    finally:
        _state.budgeted = before


def limit(span: int, seconds: float = 1.0) -> float | None:
    """The timeout for a call over `span` characters: None (no clock) for a short span under a budget."""
    return None if span <= UNGUARDED_SPAN and getattr(_state, "budgeted", False) else seconds


def _guard(string: str, kw: dict[str, Any]) -> dict[str, Any]:
    if kw.get("timeout") is not None and limit(len(string)) is None:
        del kw["timeout"]
    return kw


@functools.lru_cache(maxsize=4096)
def compiled(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    return regex.compile(pattern, flags)


def search(pattern: str, string: str, flags: int = 0, **kw: Any) -> regex.Match[str] | None:
    return compiled(pattern, int(flags)).search(string, **_guard(string, kw))


def match(pattern: str, string: str, flags: int = 0, **kw: Any) -> regex.Match[str] | None:
    return compiled(pattern, int(flags)).match(string, **_guard(string, kw))


def fullmatch(pattern: str, string: str, flags: int = 0, **kw: Any) -> regex.Match[str] | None:
    return compiled(pattern, int(flags)).fullmatch(string, **_guard(string, kw))


def finditer(pattern: str, string: str, flags: int = 0, **kw: Any) -> Iterator[regex.Match[str]]:
    return compiled(pattern, int(flags)).finditer(string, **_guard(string, kw))


def findall(pattern: str, string: str, flags: int = 0, **kw: Any) -> list[Any]:
    return compiled(pattern, int(flags)).findall(string, **_guard(string, kw))


def sub(
    pattern: str,
    repl: str | Callable[[regex.Match[str]], str],
    string: str,
    count: int = 0,
    flags: int = 0,
    **kw: Any,
) -> str:
    return compiled(pattern, int(flags)).sub(repl, string, count, **_guard(string, kw))
