"""Extraction across processes: workers read and extract, the caller (one writer) consumes in input order."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pipeline.extract.rules import PATTERNS_DIR, load_rules
from pipeline.records import Extraction, Failure
from pipeline.run import run, run_bytes

Result = Extraction | Failure


def _one(path: Path, patterns: Path | None) -> Result:
    return run(path, load_rules(patterns or PATTERNS_DIR))


def _chunk(paths: list[Path], patterns: Path | None) -> list[Result]:
    return [_one(p, patterns) for p in paths]


def run_many(paths: list[Path], workers: int = 1, patterns: Path | None = None) -> Iterator[Result]:
    """Results in input order. One worker (or standard input, "-") runs in this process; more use a pool."""
    stdin = any(str(p) == "-" for p in paths)
    if workers <= 1 or len(paths) < 4 or stdin:
        for path in paths:
            if str(path) == "-":
                yield run_bytes(sys.stdin.buffer.read(), "-", ".txt", load_rules(patterns or PATTERNS_DIR))
            else:
                yield _one(path, patterns)
        return
    size = max(1, min(32, len(paths) // (workers * 4)))
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for results in pool.map(_chunk, chunks, [patterns] * len(chunks)):
            yield from results
