"""Run a function in a child process under a time and memory budget it cannot escape.

A reader's C code (a parser's nested-element loop, a PDF renderer, an XML library) does not return to
Python while it works, so an alarm in this process cannot stop it, and a memory error would take the whole
worker down. The child is forked (the function needs no pickling, only its result does), limited with
RLIMIT_AS (address space beyond what it inherits) and RLIMIT_CPU, put in its own process group (the tools
it starts, pdftoppm or tesseract, go with it) and killed at the wall-clock budget. It dies with its parent
(PR_SET_PDEATHSIG), so a killed ingest leaves no reader behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import math
import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

PR_SET_PDEATHSIG = 1


class OverLimit(Exception):
    """The child ran out of time or memory, or died; `kind` says which: "time", "memory" or "crash"."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def die_with_parent(parent: int | None = None) -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux; elsewhere nothing). The request
    covers only a death that comes after it: given the pid the parent had when it forked us, a process
    whose parent is already gone (killed between the fork and here) ends at once."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def worker_started(parent: int | None = None) -> None:
    """A pool worker's initializer (`parent`: the pid of the process that made the pool): it dies with its
    parent, and a crash is reported by the parent."""
    die_with_parent(parent)
    faulthandler.disable()


def address_space() -> int:
    """Bytes of address space this process uses now (the child starts with as much)."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def _child(fn: Callable[[], T], seconds: float, memory: int, out: int, parent: int) -> None:
    try:
        os.setpgid(0, 0)
        die_with_parent(parent)
        faulthandler.disable()  # a reader's crash is reported by the parent, not dumped on the terminal
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.setitimer(signal.ITIMER_REAL, 0)
        if memory > 0:
            cap = address_space() + memory
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        if seconds > 0:
            cpu = math.ceil(seconds) + 1
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        try:
            payload = pickle.dumps(("ok", fn()), protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps(("memory", None))
        except BaseException as exc:  # noqa: BLE001 - handed to the parent, which decides
            try:
                payload = pickle.dumps(("error", exc))
            except Exception:  # noqa: BLE001 - an exception that does not pickle: its text
                payload = pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
        view = memoryview(payload)
        while view:
            view = view[os.write(out, view) :]
    finally:
        os._exit(0)


def call_limited(fn: Callable[[], T], seconds: float, memory: int) -> T:
    """fn() in a forked child, with at most `seconds` of wall-clock time (0: no limit) and `memory`
    bytes of address space beyond what it inherits (0: no limit). Raises what fn raised, or OverLimit."""
    read_end, write_end = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; coverage does not follow it
        os.close(read_end)
        _child(fn, seconds, memory, write_end, parent)
    os.close(write_end)
    deadline = time.monotonic() + seconds if seconds > 0 else None
    chunks: list[bytes] = []
    try:
        while True:
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                stop(pid)
                raise OverLimit("time", f"took longer than {seconds:g} s")
            ready, _, _ = select.select([read_end], [], [], wait)
            if ready:
                chunk = os.read(read_end, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(read_end)
    _, status = os.waitpid(pid, 0)
    return outcome(b"".join(chunks), status, memory)


def stop(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def outcome(payload: bytes, status: int, memory: int) -> T:  # type: ignore[type-var]
    if not payload:
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU:
            raise OverLimit("time", "used up its CPU time")
        name = signal.Signals(os.WTERMSIG(status)).name if os.WIFSIGNALED(status) else "no result"
        raise OverLimit("crash", f"died ({name})")
    kind, value = pickle.loads(payload)  # noqa: S301 - our own child's bytes
    if kind == "ok":
        return value  # type: ignore[no-any-return]
    if kind == "memory":
        raise OverLimit("memory", f"needed more than {memory // 2**20} MB")
    raise value
