"""The Dask engine (issue 21): reading, OCR and extraction as dask.distributed tasks on a cluster.

Documents go out in chunks (the local engine's guided chunks: ~40 ms of work a document, so a task per
document would spend as much on scheduling); each task reads its files (a filesystem every worker
shares), runs them under the per-document budget (the watchdog: tasks run in threads) and turns the
results into table rows in the worker. Results stream back as they complete (`as_completed`), a bounded
number of tasks in flight, to the caller: the one writer.

A worker that dies (segfault, out of memory, killed) costs only its documents: a chunk that was on it is
split and each document retried once, alone, on whichever worker is free; a document whose retry dies
too is a Failure ("ingest"), and the run goes on. The LocalCluster this module starts tells its scheduler
to give up on a task at the first worker death (allowed-failures 0: this retry is the only one); a
scheduler of your own should be started with the same setting (docs/scaling.md).
"""

from __future__ import annotations

import contextlib
import itertools
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kehoach.engine import EngineUnavailable
from kehoach.ingest import READERS, ocr_cache
from kehoach.parallel import guided
from kehoach.records import Failure
from kehoach.rules import PATTERNS_DIR, RuleSet, load_rules
from kehoach.run import run

Then = Callable[[Any, RuleSet], Any]
AHEAD_PER_WORKER = 4  # tasks in flight per worker thread: enough to keep it busy, bounded memory
LOST = (
    "the worker reading this file died twice (crashed, out of memory or killed), "
    "the second time with the file alone: report it with the file"
)


@dataclass(frozen=True, slots=True)
class Chunk:
    start: int  # index of the first path in the run's list
    paths: tuple[str, ...]
    attempt: int = 1


def extract_chunk(
    paths: tuple[str, ...], patterns: str | None, cache: str | None, then: Then | None
) -> tuple[str, list[Any]]:
    """In a worker: the rules version and each path's result (passed through `then`), in order."""
    ocr_cache.configure(Path(cache) if cache else None)
    rules = load_rules(Path(patterns) if patterns else PATTERNS_DIR)
    results = []
    for path in paths:
        result = run(Path(path), rules)
        results.append(then(result, rules) if then else result)
    return rules.version, results


CONNECT_TIMEOUT_S = 30


@contextlib.contextmanager
def connect(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A client of the scheduler at `scheduler`, or of a LocalCluster of `workers` processes."""
    try:
        from dask.distributed import Client
    except ImportError as exc:
        raise EngineUnavailable(f"--engine dask needs {exc.name}: pip install 'kehoach[dask]'") from None

    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
        except OSError as exc:
            raise EngineUnavailable(
                f"no Dask scheduler answers at {scheduler} ({exc}): start one (`dask scheduler`, "
                "docs/scaling.md), or leave out --scheduler for a LocalCluster on this machine"
            ) from None
        with client:
            yield client
        return
    with local_cluster(workers) as cluster, Client(cluster) as client:
        yield client


# The scheduler's settings the retry relies on (give them to a scheduler of your own, docs/scaling.md):
# a task whose worker died fails at once (this module retries its documents, alone), and each worker holds
# only the tasks it is running, so a worker's death takes with it the one document that caused it.
SCHEDULER_CONFIG = {
    "distributed.scheduler.allowed-failures": 0,
    "distributed.scheduler.worker-saturation": 1.0,
}


def local_cluster(workers: int) -> Any:
    """A LocalCluster of `workers` processes of one thread each, with SCHEDULER_CONFIG."""
    import dask
    from dask.distributed import LocalCluster

    with dask.config.set(SCHEDULER_CONFIG):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")


def run_dask(
    paths: list[Path],
    workers: int,
    patterns: Path | None = None,
    then: Then | None = None,
    scheduler: str | None = None,
) -> Iterator[tuple[int, Any]]:
    """(index in `paths`, result through `then`) as results complete; every path exactly once."""
    if not paths:
        return
    rules = load_rules(patterns or PATTERNS_DIR)
    cache = ocr_cache.directory()
    with connect(scheduler, workers) as client:
        threads = sum(client.nthreads().values()) or workers
        chunks = (
            Chunk(start, tuple(map(str, chunk))) for start, chunk in with_starts(guided(paths, threads))
        )
        yield from Stream(client, rules, then, patterns, cache, threads * AHEAD_PER_WORKER).run(chunks)


def with_starts(chunks: Iterator[list[Path]]) -> Iterator[tuple[int, list[Path]]]:
    start = 0
    for chunk in chunks:
        yield start, chunk
        start += len(chunk)


class Stream:
    """Submits chunks, a bounded number in flight, and yields their results as they complete."""

    def __init__(
        self,
        client: Any,
        rules: RuleSet,
        then: Then | None,
        patterns: Path | None,
        cache: Path | None,
        ahead: int,
    ) -> None:
        from dask.distributed import as_completed

        self.client, self.rules, self.then, self.ahead = client, rules, then, ahead
        self.args = (str(patterns) if patterns else None, str(cache) if cache else None, then)
        self.done = as_completed()
        self.chunks: dict[str, Chunk] = {}
        self.retries: list[Chunk] = []

    def submit(self, chunk: Chunk) -> None:
        key = f"kehoach-{chunk.start}-{chunk.attempt}-{uuid.uuid4().hex[:8]}"
        future = self.client.submit(extract_chunk, chunk.paths, *self.args, key=key, pure=False)
        self.chunks[future.key] = chunk
        self.done.add(future)

    def run(self, chunks: Iterator[Chunk]) -> Iterator[tuple[int, Any]]:
        for chunk in itertools.islice(chunks, self.ahead):
            self.submit(chunk)
        for future in self.done:
            chunk = self.chunks.pop(future.key)
            try:
                version, results = future.result()
            except Exception as exc:  # noqa: BLE001 - KilledWorker, a lost connection: the worker is gone
                yield from self.lost(chunk, exc)
            else:
                check_version(version, self.rules.version)
                yield from enumerate(results, chunk.start)
            future.release()
            for following in itertools.chain(self.pop_retries(), itertools.islice(chunks, 1)):
                self.submit(following)

    def pop_retries(self) -> list[Chunk]:
        retries, self.retries = self.retries, []
        return retries

    def lost(self, chunk: Chunk, error: BaseException | None) -> Iterator[tuple[int, Any]]:
        """A chunk whose worker died: each of its documents again, alone; a second death is a Failure."""
        if chunk.attempt == 1:
            self.retries += [Chunk(chunk.start + i, (p,), 2) for i, p in enumerate(chunk.paths)]
            return
        path = chunk.paths[0]
        fmt = READERS.get(Path(path).suffix.lower(), (None, ""))[0]
        failure = Failure(path, "ingest", f"{LOST} ({type(error).__name__})", format=fmt)
        yield chunk.start, self.then(failure, self.rules) if self.then else failure


def check_version(worker: str, here: str) -> None:
    if worker != here:
        raise RuntimeError(
            f"the Dask workers run rules version {worker}, this machine {here}: install the same kehoach "
            "on both (and pass a --patterns folder every worker can read)"
        )
