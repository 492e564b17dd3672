"""The `regex` module's functions with compiled patterns cached.

Extractors build small patterns from the rule files' settings (comparator words, links) and apply them
per figure or per symbol; `regex`'s own cache recompiles on flag arithmetic and shows up as a third of
extraction time. Same signatures as `regex.search` & co.
"""

from __future__ import annotations

import atexit
import functools
import os
import pickle
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
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
    return stored_compile(pattern, flags)


# --- Compiled patterns kept between processes ---------------------------------------------------------------
# `regex` parses a pattern in Python: the rules and the patterns built from their settings cost a new process
# ~0.7 s of CPU to compile (each `kehoach extract` or `ingest`, each worker a pool starts from nothing, each
# test that runs the command line). A compiled pattern pickles as its compiled code, and reads back in
# microseconds: the patterns a process compiled are kept in one file per `regex` and Python version, and the
# next process reads them from it. The file is read with an unpickler that builds nothing but `regex`
# patterns; a file that cannot be read or written costs only the compiling.
STORE_ENV = "KEHOACH_REGEX_CACHE"  # the folder of the file; "off": compile every pattern in every process
STORE_MAX = 8192  # patterns: past this, a process writes only the ones it used (old rule versions go)


class _PatternsOnly(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("regex._regex", "compile"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"not a compiled pattern: {module}.{name}")


@dataclass
class _Store:
    path: Path | None
    patterns: dict[tuple[str, int], regex.Pattern[str]] = field(default_factory=dict)
    used: set[tuple[str, int]] = field(default_factory=set)
    added: bool = False


def _store_path() -> Path | None:
    folder = os.environ.get(STORE_ENV)
    if folder == "off":
        return None
    if not folder:
        folder = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "kehoach")
    version = (
        f"{regex.__version__}-py{sys.version_info[0]}.{sys.version_info[1]}-v{int(regex.DEFAULT_VERSION)}"
    )
    return Path(folder) / f"regex-{version}.pickle"


def _read(path: Path | None) -> dict[tuple[str, int], regex.Pattern[str]]:
    if path is None:
        return {}
    try:
        with open(path, "rb") as handle:
            found = _PatternsOnly(handle).load()
    except Exception:  # noqa: BLE001 - absent, cut short, another format: compiled again
        return {}
    if not isinstance(found, dict):
        return {}
    return {
        key: value
        for key, value in found.items()
        if isinstance(key, tuple) and isinstance(value, regex.Pattern) and value.pattern == key[0]
    }


@functools.cache
def _store() -> _Store:
    store = _Store(_store_path())
    store.patterns = _read(store.path)
    if store.path is not None:
        atexit.register(_write, store, os.getpid())
    return store


def stored_compile(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """regex.compile(pattern, flags), read from the patterns earlier processes compiled when it is there."""
    store, key = _store(), (pattern, int(flags))
    found = store.patterns.get(key)
    if found is None:
        found = store.patterns[key] = regex.compile(pattern, flags)
        store.added = True
    store.used.add(key)
    return found


def _write(store: _Store, pid: int) -> None:
    """At exit, when this process compiled something new: the file's patterns and this process's, written
    whole beside it and moved onto it (another process writing at the same time loses only its own)."""
    if not store.added or store.path is None or os.getpid() != pid:
        return
    patterns = {**_read(store.path), **store.patterns}
    if len(patterns) > STORE_MAX:
        patterns = {key: store.patterns[key] for key in store.used}
    try:
        store.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=store.path.parent, prefix=".regex-", suffix=".part")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(patterns, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, store.path)
    except OSError:
        pass


def keep_compiled() -> None:
    """The patterns this process compiled written to the store now, not only at its exit: a long-lived process
    (a test run's worker) shares them with the processes started while it runs. Its exit writes what it
    compiles after."""
    store = _store()
    _write(store, os.getpid())
    store.added = False


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
