"""Extraction across processes: workers read and extract, the caller (one writer) consumes in input order."""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

from pipeline.extract.rules import PATTERNS_DIR, RuleSet, load_rules
from pipeline.records import Extraction, Failure
from pipeline.run import run, run_bytes

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
    so the single writer does not pay for it). One worker (or standard input, "-") runs in this process."""
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
    chunks = guided(paths, workers)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # pool.map submits every chunk up front; results wait in this process until consumed, so memory
        # grows with the corpus: keep at most a few chunks per worker in flight instead.
        yield from _bounded(pool, partial(_chunk, patterns=patterns, then=then), chunks, 4 * workers)


def guided(paths: list[Path], workers: int) -> Iterator[list[Path]]:
    """Chunks that shrink as the work runs out (guided scheduling): a worker given the last big chunk
    would keep the others idle for up to a whole chunk's time at the end of every run."""
    start = 0
    while start < len(paths):
        size = max(MIN_CHUNK, min(MAX_CHUNK, (len(paths) - start) // (workers * 4)))
        yield paths[start : start + size]
        start += size


def _bounded(
    pool: ProcessPoolExecutor, fn: Callable[[list[Path]], list[Any]], chunks: Iterator[list[Path]], ahead: int
) -> Iterator[Any]:
    futures: deque[Any] = deque()
    for chunk in chunks:
        futures.append(pool.submit(fn, chunk))
        if len(futures) >= ahead:
            yield from futures.popleft().result()
    while futures:
        yield from futures.popleft().result()
