"""Issue 22, item 7: a worker that dies (segfault, OOM killer, kill) costs only its documents, read again
one at a time, never the run (it ended with BrokenProcessPool); and workers die with their parent (a
`kill -9` of the ingest left them alive, holding the caller's output open)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

import kehoach.parallel
from kehoach.ingest_corpus import ingest_corpus
from kehoach.parallel import LOST, run_many
from kehoach.records import Extraction, Failure
from tests.hostile import generators as make


def dies_on(*names: str):  # type: ignore[no-untyped-def]
    """kehoach.parallel.run, except that a worker reading one of `names` is killed (as by a segfault or
    the OOM killer); the pools' workers are forked from this process, so they run it."""
    real = kehoach.parallel.run

    def run(path: Path, rules):  # type: ignore[no-untyped-def]
        if path.name in names:
            os.kill(os.getpid(), signal.SIGSEGV if path.name.startswith("segv") else signal.SIGKILL)
        return real(path, rules)

    return run


def corpus(tmp_path: Path, count: int, *deadly: str) -> list[Path]:
    root = tmp_path / "corpus"
    root.mkdir()
    names = [f"{i:03d}.txt" for i in range(count)] + list(deadly)
    for i, name in enumerate(sorted(names)):
        (root / name).write_bytes(make.BULLETIN.read_bytes() + f"\nDòng {i}.\n".encode())
    return sorted(root.iterdir())


def test_a_dying_worker_costs_only_its_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = corpus(tmp_path, 40, "oom.txt", "segv.txt")
    monkeypatch.setattr(kehoach.parallel, "run", dies_on("oom.txt", "segv.txt"))
    results = list(run_many(paths, workers=2))
    assert [r.source if isinstance(r, Failure) else r.document.source.path for r in results] == list(
        map(str, paths)
    )
    lost = {Path(r.source).name for r in results if isinstance(r, Failure)}
    assert lost == {"oom.txt", "segv.txt"}
    assert all(r.message == LOST for r in results if isinstance(r, Failure))
    assert sum(isinstance(r, Extraction) for r in results) == 40


def test_an_ingest_with_a_dying_worker_stores_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = corpus(tmp_path, 12, "oom.txt")
    monkeypatch.setattr(kehoach.parallel, "run", dies_on("oom.txt"))
    summary = ingest_corpus([paths[0].parent], tmp_path / "kehoach.db", workers=2, progress=False)
    assert summary.counts["new"] == 12 and [Path(f.source).name for f in summary.failures] == ["oom.txt"]


@pytest.mark.slow
def test_workers_die_with_a_killed_ingest(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    for i in range(8):  # a few seconds of extraction each
        (root / f"dense-{i}.txt").write_bytes(make.dense_text(f"{i}13/KH-UBND ", 300_000))
    kehoach = Path(sys.executable).with_name("kehoach")
    command = [kehoach, "ingest", root, "--db", tmp_path / "kehoach.db", "--workers", "2", "--no-progress"]
    ingest = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(ingest.pid)
    deadline = time.monotonic() + 60
    while len(workers := parent.children(recursive=True)) < 2:
        assert time.monotonic() < deadline and ingest.poll() is None, "no workers started"
        time.sleep(0.1)
    ingest.kill()
    ingest.wait()
    gone, alive = psutil.wait_procs(workers, timeout=5)
    assert not alive, f"workers outlived the ingest: {[p.pid for p in alive]}"


def test_a_worker_whose_parent_died_before_it_started_ends_at_once() -> None:
    """The kernel's death signal covers only a parent that dies after the worker asks for it: a worker
    forked just before its ingest was killed finds another parent when it starts, and leaves."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        from kehoach.limits import worker_started

        try:
            worker_started(parent=os.getppid() + 1_000_000)  # not its parent's pid: as if re-parented
        finally:
            os._exit(0)  # still here: it would have outlived its ingest
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 1
