"""A per-document time budget for threads, where SIGALRM cannot reach (issue 21).

Signals are delivered to the main thread only, and Dask runs every task in a worker thread (so does any
thread pool). Here one watchdog thread per process keeps the deadlines of the threads under a budget and,
when one passes, raises the budget's exception in that thread (`PyThreadState_SetAsyncExc`): the thread
stops at its next Python instruction. A call that stays in C does not see it until it returns, so the
`regex` calls under a thread's budget keep their own timeouts (pipeline/rx.py): the document stops within
one pattern's timeout of its budget.

What is raised in the thread is `Expired`, a BaseException, so that an extractor's `except Exception`
cannot swallow it; it is raised again every REPEAT_S until the thread leaves the block, and the block
ends with the caller's exception (`error`).
"""

from __future__ import annotations

import ctypes
import heapq
import itertools
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

REPEAT_S = 0.5  # the exception is raised again this often until the thread leaves the block


class Expired(BaseException):
    """Raised inside the thread when its deadline passes; `deadline` turns it into the caller's error."""


@dataclass(order=True)
class _Deadline:
    at: float
    number: int
    thread: int = field(compare=False)
    fired: bool = field(default=False, compare=False)
    done: bool = field(default=False, compare=False)


_lock = threading.Condition()
_heap: list[_Deadline] = []
_numbers = itertools.count()
_watcher: threading.Thread | None = None


def _raise_in(thread: int, error: type[BaseException] | None) -> None:
    """Set (or, with None, clear) the exception pending in a thread."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread), ctypes.py_object(error) if error else None
    )


def _watch() -> None:
    with _lock:
        while True:
            while _heap and _heap[0].done:
                heapq.heappop(_heap)
            if not _heap:
                _lock.wait()
                continue
            wait = _heap[0].at - time.monotonic()
            if wait > 0:
                _lock.wait(wait)
                continue
            due = heapq.heappop(_heap)
            due.fired = True
            _raise_in(due.thread, Expired)
            due.at += REPEAT_S  # until the block ends: a loop that swallowed it is interrupted again
            heapq.heappush(_heap, due)


def _start() -> None:
    global _watcher
    if _watcher is None or not _watcher.is_alive():
        _watcher = threading.Thread(target=_watch, name="kehoach-watchdog", daemon=True)
        _watcher.start()


@contextmanager
def deadline(seconds: float, error: type[Exception]) -> Iterator[None]:
    """Raise `error` in this thread if the block runs longer than `seconds`."""
    entry = _Deadline(time.monotonic() + seconds, next(_numbers), threading.get_ident())
    with _lock:
        _start()
        heapq.heappush(_heap, entry)
        _lock.notify()
    try:
        yield
    except Expired:
        entry.fired = True
    finally:
        with _lock:
            entry.done = True
            if entry.fired:
                _raise_in(entry.thread, None)  # not delivered yet: it must not land after the block
    if entry.fired:  # the block swallowed it, or ended before it was delivered: over budget all the same
        raise error(f"took longer than {seconds:g} s")
