"""Extraction across processes: workers read and extract, the caller (one writer) consumes in input order."""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from pathlib import Path
from typing import Any

from kehoach.filenames import shown
from kehoach.ingest import READERS
from kehoach.limits import worker_started
from kehoach.records import Extraction, Failure
from kehoach.rules import PATTERNS_DIR, RuleSet, load_rules
from kehoach.run import run, run_bytes

Result = Extraction | Failure
# What a worker does with each result before sending it back (a module-level function: it is pickled).
Then = Callable[[Result, RuleSet], Any]
# Paths per task: big enough that the pool's per-task overhead (a pickle round trip, a queue wake-up in
# this process, which shares the cores with the workers) is small against ~40 ms of extraction.
MAX_CHUNK = 64
MIN_CHUNK = 4


def _one(path: Path, rules: RuleSet, then: Then | None = None) -> Any:
    result = run(path, rules)
    return then(result, rules) if then else result


def _chunk(paths: list[Path], patterns: Path | None, then: Then | None = None) -> list[Any]:
    # Rules once per chunk: checking the rule files (a stat each) per document cost ~0.4 ms of ~6.
    rules = load_rules(patterns or PATTERNS_DIR)
    return [_one(p, rules, then) for p in paths]


def run_many(
    paths: list[Path], workers: int = 1, patterns: Path | None = None, then: Then | None = None
) -> Iterator[Any]:
    """Results in input order, each passed through `then` in the worker if given (e.g. into table rows,
    so the single writer does not pay for it). One worker (or standard input, "-") runs in this process.

    A worker that dies (a crash, the OOM killer, a kill) costs only its documents: they are read again one
    at a time in a new pool, and a document that takes a worker down on its own is a Failure."""
    stdin = any(str(p) == "-" for p in paths)
    if workers <= 1 or len(paths) < 4 or stdin:
        rules = load_rules(patterns or PATTERNS_DIR)
        for path in paths:
            if str(path) == "-":
                result = run_bytes(sys.stdin.buffer.read(), "-", ".txt", rules)
                yield then(result, rules) if then else result
            else:
                yield _one(path, rules, then)
        return
    # pool.map submits every chunk up front; results wait in this process until consumed, so memory
    # grows with the corpus: keep at most a few chunks per worker in flight instead.
    yield from Pools(workers, patterns, then).results(guided(paths, workers), 4 * workers)


def guided(paths: list[Path], workers: int) -> Iterator[list[Path]]:
    """Chunks that shrink as the work runs out (guided scheduling): a worker given the last big chunk
    would keep the others idle for up to a whole chunk's time at the end of every run."""
    start = 0
    while start < len(paths):
        size = max(MIN_CHUNK, min(MAX_CHUNK, (len(paths) - start) // (workers * 4)))
        yield paths[start : start + size]
        start += size


LOST = (
    "the worker reading this file died (a crash, or out of memory), on its own and again when retried: "
    "report it with the file"
)


class Pools:
    """Worker processes that die with this one, and a fresh pool whenever one breaks."""

    def __init__(self, workers: int, patterns: Path | None, then: Then | None) -> None:
        self.workers, self.patterns, self.then = workers, patterns, then
        self.fn = partial(_chunk, patterns=patterns, then=then)
        self.pool = self.fresh()

    def fresh(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers, initializer=worker_started, initargs=(os.getpid(),)
        )

    def replace(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = self.fresh()

    def results(self, chunks: Iterator[list[Path]], ahead: int) -> Iterator[Any]:
        futures: deque[tuple[list[Path], Future[list[Any]]]] = deque()
        try:
            for chunk in chunks:
                futures.append((chunk, self.pool.submit(self.fn, chunk)))
                if len(futures) >= ahead:
                    yield from self.collect(futures)
            while futures:
                yield from self.collect(futures)
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def collect(self, futures: deque[tuple[list[Path], Future[list[Any]]]]) -> Iterator[Any]:
        chunk, future = futures.popleft()
        try:
            yield from future.result()
            return
        except BrokenProcessPool:
            pass
        # Every chunk in flight was lost with the pool, not only the one that broke it: each of their
        # documents is read again, alone, so that the one that kills a worker is the only one lost.
        lost = [chunk, *(c for c, _ in futures)]
        futures.clear()
        self.replace()
        for path in (p for c in lost for p in c):
            yield self.alone(path)

    def alone(self, path: Path) -> Any:
        try:
            return self.pool.submit(self.fn, [path]).result()[0]
        except BrokenProcessPool:
            self.replace()
            fmt = READERS.get(path.suffix.lower(), (None,))[0]
            failure = Failure(shown(path), "ingest", LOST, format=fmt)
            return self.then(failure, load_rules(self.patterns or PATTERNS_DIR)) if self.then else failure
