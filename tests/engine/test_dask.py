"""Issue 21: the Dask engine (dask.distributed, a LocalCluster of two worker processes here) stores the same
rows as the local process pool; scanned pages are OCR'd in the Dask workers, into the shared OCR cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kehoach.engine import Engine
from kehoach.engine.dask import local_cluster
from kehoach.ingest_corpus import ingest_corpus
from tests.ingest_helpers import SAMPLE_SCANNED_PAGES, copy_sample_corpus, copy_text_corpus, dump

distributed = pytest.importorskip("dask.distributed")

GOLD_TEXTS = 20  # the text corpus's bulletins and its first gold texts: every chunk of the run holds several


@pytest.mark.slow
def test_the_dask_engine_stores_the_rows_of_the_local_engine(tmp_path: Path, cluster) -> None:  # type: ignore[no-untyped-def]
    """One document of every kind (ingest_helpers.SAMPLE: texts, a web page, Word, PDFs, a scan, the bad
    files) on the module's cluster, then on two local workers that read the scan from the OCR cache the
    cluster filled. (The whole corpus is ingested for the site tests, `built_db`; its documents are
    compared one by one with their extraction by tests/test_snapshot.py.)"""
    corpus = copy_sample_corpus(tmp_path)
    cache = tmp_path / "ocr-cache"
    on_dask = ingest_corpus(
        [corpus],
        tmp_path / "dask.db",
        workers=2,
        progress=False,
        ocr_cache_dir=cache,
        engine=Engine("dask", scheduler=cluster.scheduler_address),
    )
    local = ingest_corpus([corpus], tmp_path / "local.db", workers=2, progress=False, ocr_cache_dir=cache)
    assert on_dask.counts == local.counts and on_dask.counts["new"] >= 10
    failed = sorted(f.source for f in local.failures)  # the Dask engine reports them as they complete
    assert sorted(f.source for f in on_dask.failures) == failed and failed
    if shutil.which("tesseract"):  # OCR'd on the cluster, into the cache the local run then reads
        assert (on_dask.ocr.ocr, local.ocr.cached) == (SAMPLE_SCANNED_PAGES, SAMPLE_SCANNED_PAGES)
    dask_rows, local_rows = dump(tmp_path / "dask.db"), dump(tmp_path / "local.db")
    assert dask_rows.keys() == local_rows.keys()
    for table in local_rows:
        assert dask_rows[table] == local_rows[table], table


# --- A worker that dies ------------------------------------------------------------------------------

KILLER = "kill-worker"  # a file whose name holds this ends the process of the worker that reads it


class KillOnRead(distributed.WorkerPlugin):
    """A Dask worker plugin (also in the workers the nanny restarts): reading a KILLER file ends the worker's
    process at once, as a segfault or the out-of-memory killer would (no exception, no goodbye)."""

    name = "kehoach-kill-on-read"

    def setup(self, worker: object) -> None:
        import os

        import kehoach.run

        read = kehoach.run.ingest

        def ingest(path: Path):  # type: ignore[no-untyped-def]
            if KILLER in path.name:
                os._exit(137)
            return read(path)

        kehoach.run.ingest = ingest


@pytest.fixture(scope="module", autouse=True)
def forked_workers():  # type: ignore[no-untyped-def]
    """The module's clusters start their worker processes from a forkserver that has imported kehoach and
    loaded its rules and models (tests/engine/warm_worker.py), not each one from nothing (`spawn`, dask's
    default: ~3 s of CPU a worker, and the nanny restarts a worker four times here)."""
    import multiprocessing

    import dask
    from distributed.utils import get_mp_context

    with dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"}):
        get_mp_context()  # dask's own preload list first, then the warm-up after it
        context = multiprocessing.get_context("forkserver")
        preload = multiprocessing.forkserver._forkserver._preload_modules  # dask's list, set just above
        context.set_forkserver_preload([*preload, "tests.engine.warm_worker"])
        yield
        context.set_forkserver_preload(preload)
        multiprocessing.forkserver._forkserver._stop()  # ended and reaped here (its CPU is the run's)


@pytest.fixture(scope="module")
def cluster():  # type: ignore[no-untyped-def]
    """A LocalCluster of two workers for the module (a start costs ~7 s of CPU: scheduler, nannies, workers
    importing kehoach); reading a KILLER file ends a worker, any other file is read as usual."""
    from dask.distributed import Client

    with local_cluster(2) as local, Client(local) as client:
        client.register_plugin(KillOnRead())
        yield local


@pytest.mark.slow
def test_a_worker_that_dies_costs_only_the_documents_it_was_reading(tmp_path: Path, cluster) -> None:  # type: ignore[no-untyped-def]
    corpus = copy_text_corpus(tmp_path, gold=GOLD_TEXTS)
    bulletin = sorted((corpus / "seed").glob("*.txt"))[0].read_text(encoding="utf-8")
    killers = [corpus / "seed" / f"{KILLER}-{n}.txt" for n in (1, 2)]
    for n, path in enumerate(killers):
        path.write_text(bulletin + f"\nBản {n}\n", encoding="utf-8")
    engine = Engine("dask", scheduler=cluster.scheduler_address)
    summary = ingest_corpus([corpus], tmp_path / "dask.db", workers=2, progress=False, engine=engine)
    assert sorted(f.source for f in summary.failures) == [str(p) for p in killers]
    assert {(f.stage, "died twice" in f.message) for f in summary.failures} == {("ingest", True)}
    errors = dump(tmp_path / "dask.db")["ingest_errors"]
    assert sorted(row[0] for row in errors) == [str(p) for p in killers]  # one record per lost document
    for path in killers:
        path.unlink()
    ingest_corpus([corpus], tmp_path / "local.db", workers=2, progress=False)
    dask_rows, local_rows = dump(tmp_path / "dask.db"), dump(tmp_path / "local.db")
    for table in (
        "documents",
        "document_texts",
        "references",
        "dates",
        "bodies",
        "tasks",
        "targets",
        "plans",
    ):
        assert dask_rows[table] == local_rows[table], table  # everything else stored


# --- Parquet shards ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_shards_from_the_dask_engine_load_into_the_rows_of_a_direct_ingest(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    from kehoach.shards import load

    corpus = copy_text_corpus(tmp_path, with_bad=True, gold=GOLD_TEXTS)  # failures travel in the shards too
    shards = tmp_path / "shards"
    summary = ingest_corpus(
        [corpus], tmp_path / "plan.db", workers=2, progress=False, engine=Engine("dask", shards=shards)
    )
    assert summary.counts["new"] > GOLD_TEXTS and summary.failures
    assert not (tmp_path / "plan.db").exists()  # the database is left to `kehoach load`
    assert {p.name for p in shards.iterdir()} >= {
        "documents",
        "document_texts",
        "targets",
        "ingest_errors",
        "ingest_files",
    }
    assert load(shards, tmp_path / "loaded.db") == summary.counts["new"] + summary.counts["failed"]
    ingest_corpus([corpus], tmp_path / "direct.db", workers=2, progress=False)
    loaded, direct = dump(tmp_path / "loaded.db"), dump(tmp_path / "direct.db")
    assert loaded.keys() == direct.keys()
    for table in direct:
        assert loaded[table] == direct[table], table


# --- The command line --------------------------------------------------------------------------------


def test_the_scheduler_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEHOACH_DASK_SCHEDULER", "tcp://10.0.0.5:8786")
    assert Engine.dask().scheduler == "tcp://10.0.0.5:8786"
    assert Engine.dask("tcp://other:8786").scheduler == "tcp://other:8786"  # --scheduler wins


def test_an_unreachable_scheduler_is_a_message_not_a_traceback(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from kehoach.cli import cli
    from kehoach.engine import dask as engine

    monkeypatch.setattr(engine, "CONNECT_TIMEOUT_S", 1)
    corpus = copy_text_corpus(tmp_path, gold=0)  # the seed bulletins are what it ingests
    result = CliRunner().invoke(
        cli, ["ingest", str(corpus / "seed"), "--db", str(tmp_path / "k.db"), "--engine", "dask",
              "--scheduler", "tcp://127.0.0.1:9", "--no-progress"],
    )  # fmt: skip
    assert result.exit_code == 1 and "no Dask scheduler answers at tcp://127.0.0.1:9" in result.output
