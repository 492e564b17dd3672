"""Shared fixtures: the real corpus, a real SQLite database built from it, a real Datasette server."""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import functools
import hashlib
import json
import os
import pickle
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kehoach import rx
from kehoach.records import Extraction, Failure, RawText
from kehoach.rules import RuleSet, load_rules
from kehoach.run import run

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEED = CORPUS / "seed"
SHARED = ROOT.parent / "shared"
HELD_OUT = "fresh"  # corpus/fresh: the held-out batch, never read by the tests (COMMON.md)
CORPUS_FOLDERS = sorted(p for p in CORPUS.iterdir() if p.is_dir() and p.name != HELD_OUT)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests marked `slow` first: `make test` hands whole files to the xdist workers in this order
    (--dist loadfile --no-loadscope-reorder), so the files with long tests start at once and the short ones
    fill in around them, instead of a long one starting last and ending the run alone."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
    NEEDED[:] = documents_needed(items)


def documents_needed(items: list[pytest.Item]) -> list[Path]:
    """The corpus documents the selected tests extract: those they are parametrized with, and all of them
    when one needs the built database."""
    from tests.snapshot import documents

    if any("built_db" in getattr(item, "fixturenames", ()) for item in items):
        return [ROOT / name for name in documents()]
    found = set()
    for item in items:
        for value in getattr(getattr(item, "callspec", None), "params", {}).values():
            path = ROOT / value if isinstance(value, str) and value.startswith("corpus/") else value
            if isinstance(path, Path) and path.is_relative_to(CORPUS) and path.is_file():
                found.add(path)
    return sorted(found)


NEEDED: list[Path] = []  # the corpus documents this run's tests extract (documents_needed)
SHARE_FROM = 100  # xdist workers share the extraction of at least that many documents (share_the_corpus)


def corpus_files(*suffixes: str) -> list[Path]:
    """The documents of corpus/ with these suffixes, every folder but the held-out corpus/fresh."""
    return sorted(p for folder in CORPUS_FOLDERS for p in folder.rglob("*") if p.suffix in suffixes)


@functools.cache
def extracted(path: Path) -> Extraction | Failure:
    """One corpus document read and extracted (the real pipeline, scans from OCR_CACHE), once: the tests over
    every document (snapshot, titles, tasks, invariants) share it, and so do the xdist workers and the later
    runs of the same code (EXTRACT_CACHE: the first to need it extracts it, the others read its records).
    A failure is kept for this run only (it may be a budget run out on a loaded machine)."""
    if SHARED_EXTRACTIONS is None:
        with shared_ocr(), shared_reads(), readers_in_process():
            return run(path, load_rules())
    if os.getpid() == TEST_PROCESS and len(NEEDED) >= SHARE_FROM and os.environ.get("PYTEST_XDIST_WORKER"):
        share_the_corpus()
    if path in MADE:
        return MADE[path]
    entry, failed = entry_of(path)
    with once(entry):  # made by an earlier run, or a failure in this run: read; else this process makes it
        for kept in (entry / "result.pickle", failed):
            if kept.exists():
                return pickle.loads(kept.read_bytes())  # type: ignore[no-any-return]  # noqa: S301 (the tests' own)
        return make(path, entry, failed)


def entry_of(path: Path) -> tuple[Path, Path]:
    """The document's folder in SHARED_EXTRACTIONS, and where this run keeps its failure."""
    entry = SHARED_EXTRACTIONS / document_key(path)  # type: ignore[operator]
    return entry, entry / f"failure-{RUN_ID}.pickle"


def make(path: Path, entry: Path, failed: Path) -> Extraction | Failure:
    """The document extracted (scans from OCR_CACHE, files read once, in process) and kept in its entry."""
    with shared_ocr(), shared_reads(), readers_in_process():
        result = run(path, load_rules())
    entry.mkdir(exist_ok=True)
    keep(failed if isinstance(result, Failure) else entry / "result.pickle", pickle.dumps(result))
    return result


MADE: dict[Path, Extraction | Failure] = {}  # what share_the_corpus extracted in this process
TEST_PROCESS = 0  # the test process's pid (not a pool worker forked from it)


def share_the_corpus() -> None:
    """Every document NEEDED that no other process has made or is making, extracted by this one, the first
    time this test process needs an extraction: xdist workers whose tests need the corpus at the same time
    (titles on one, tasks on the other) each extract a share of it, instead of one extracting each document
    while the other waits for it."""
    global TEST_PROCESS
    TEST_PROCESS = -1  # once
    for path in costliest_first(NEEDED):
        entry, failed = entry_of(path)
        entry.parent.mkdir(parents=True, exist_ok=True)
        with open(entry.with_name(entry.name + ".lock"), "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # another process is making it
            if (entry / "result.pickle").exists() or failed.exists():
                continue
            MADE[path] = make(path, entry, failed)
            (entry / ".done").touch()
    rx.keep_compiled()


def costliest_first(paths: list[Path]) -> list[Path]:
    """`paths` largest file first, a second path to the same file (a link) last: the scans (OCR, ~4 s of CPU
    a page) and the long PDFs start at once, one on each worker, and the run's last documents are short ones
    that end on both workers together; the process that takes a linked file later reads its first reading
    (READ_CACHE) instead of waiting on it."""
    seen: set[Path] = set()
    first, again = [], []
    for path in sorted(paths, key=lambda p: (-p.stat().st_size, p)):
        (again if path.resolve() in seen else first).append(path)
        seen.add(path.resolve())
    return first + again


def document_key(path: Path) -> str:
    """A digest of what `run` reads of a document: its path as shown, its bytes and its sidecar's."""
    digest = hashlib.sha256(str(path.resolve()).encode() + b"\0" + path.read_bytes())
    sidecar = path.with_name(path.name + ".meta.yml")
    if sidecar.exists():
        digest.update(b"\0" + sidecar.read_bytes())
    return digest.hexdigest()[:32]


def keep(path: Path, data: bytes) -> None:
    """`data` written to `path` whole or not at all (a run killed halfway leaves no half a pickle)."""
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    part.write_bytes(data)
    part.replace(path)


# What `extracted` made of each corpus document, kept between runs as the read cache is: an entry holds for
# the same file (path, bytes, sidecar) run by the same code (pipeline/, patterns/, this file), the same
# installed packages and Python, the same reader fingerprint and the same KEHOACH_* settings: any change to
# them starts a new folder and the next run extracts every document again (its first process removes the
# older folders).
EXTRACT_CACHE = ROOT / ".pytest_cache" / "kehoach-extract-cache"
SHARED_EXTRACTIONS: Path | None = None  # EXTRACT_CACHE's folder for this code
RUN_ID = ""  # this test run's own (failures are kept for it only)


@functools.cache
def code_fingerprint() -> str:
    """A digest of everything an extraction depends on beside its document (see EXTRACT_CACHE)."""
    import site
    import sysconfig

    digest = hashlib.sha256(readers_fingerprint().encode() + sys.version.encode())
    files = [p for folder in ("pipeline", "patterns") for p in (ROOT / folder).rglob("*") if p.is_file()]
    for path in sorted(p for p in files if "__pycache__" not in p.parts) + [Path(__file__)]:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    libraries = {sysconfig.get_paths()[k] for k in ("purelib", "platlib")} | set(site.getsitepackages())
    for folder in sorted(libraries):
        names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
        digest.update("\0".join(n for n in names if n.endswith((".dist-info", ".egg-info"))).encode())
    digest.update(repr(sorted((k, v) for k, v in os.environ.items() if k.startswith("KEHOACH_"))).encode())
    return digest.hexdigest()[:16]


SHARED_READS: Path | None = None  # the folder of what the PDF and Word readers read (READ_CACHE)

# What the PDF and Word readers made of each corpus file, kept between runs as the OCR cache is: an entry
# holds for the same bytes read by the same reader code (pipeline/ingest/, legacy.py, records.py) with the
# same libraries; any change to them starts a new folder and the next run reads every file again.
READ_CACHE = ROOT / ".pytest_cache" / "kehoach-read-cache"
READER_CODE = ("ingest/*.py", "legacy.py", "records.py", "filenames.py")
READER_LIBRARIES = ("pdfplumber", "pdfminer.six", "pypdfium2", "python-docx", "lxml", "Pillow")


@functools.cache
def readers_fingerprint() -> str:
    """A digest of the reader code and the versions of the libraries and the tesseract it runs."""
    from importlib import metadata

    from kehoach.ingest import ocr_cache

    digest = hashlib.sha256()
    package = ROOT / "pipeline"
    for path in sorted(p for pattern in READER_CODE for p in package.glob(pattern)):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for name in READER_LIBRARIES:
        try:
            digest.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} absent".encode())
    digest.update(ocr_cache.tesseract_version().encode())
    return digest.hexdigest()[:16]


def pytest_sessionstart(session: pytest.Session) -> None:
    """The run's first process (xdist's controller, or the only one) removes READ_CACHE's folders of earlier
    reader code: a stale entry is never read, and the cache stays the size of one corpus. It gives OCR_CACHE
    the scans' pages corpus/ carries (corpus/.ocr-cache, as `kehoach ingest corpus/` adopts them): a fresh
    clone OCRs none of the corpus's scans (~26 s of CPU) while tesseract's version is the one that wrote
    them; the OCR tests run tesseract on pages of their own (test_ocr_cache, test_dask, test_pdf's stamp)."""
    from kehoach.ingest import ocr_cache

    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    with ocr_cache.using(OCR_CACHE):
        ocr_cache.adopt([CORPUS])
    for cache, current in ((READ_CACHE, readers_fingerprint), (EXTRACT_CACHE, code_fingerprint)):
        if cache.is_dir():
            kept = current()
            for folder in cache.iterdir():
                if folder.is_dir() and folder.name != kept:
                    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def share_extractions(tmp_path_factory: pytest.TempPathFactory) -> None:
    global SHARED_EXTRACTIONS, SHARED_READS, RUN_ID, TEST_PROCESS
    TEST_PROCESS = os.getpid()
    SHARED_EXTRACTIONS = EXTRACT_CACHE / code_fingerprint()
    RUN_ID = hashlib.sha256(str(run_folder(tmp_path_factory)).encode()).hexdigest()[:12]
    SHARED_READS = READ_CACHE / readers_fingerprint()


@contextlib.contextmanager
def shared_reads() -> Iterator[None]:
    """In the block (and in the processes it forks), a PDF or Word file is read once (READ_CACHE): what its
    reader returned for the same bytes is taken from the cache's folder, so every process that extracts
    a corpus document (`extracted`, in the tests' processes and in the pool that builds `built_db`) shares
    the reading, the costly part (~13 s of CPU; the text of a bulletin is read again, it costs nothing).
    Blocks nest: inside one, a second shares nothing more (a reader wrapped twice would wait on itself).
    A reader that fails is not remembered: the next to read the file reads it again."""
    from kehoach.ingest import docx, pdf

    if SHARED_READS is None or isinstance(pdf.read, functools.partial):  # none, or already shared
        yield
        return
    readers = {module: module.read for module in (docx, pdf)}
    for module, read in readers.items():
        module.read = functools.partial(read_once, read, SHARED_READS)  # type: ignore[assignment]
    try:
        yield
    finally:
        for module, read in readers.items():
            module.read = read  # type: ignore[assignment]


@contextlib.contextmanager
def readers_in_process() -> Iterator[None]:
    """In the block, `run` reads a PDF or Word file in this process, not in a forked child under a time and
    memory limit (pipeline/limits.py): the same RawDocument for a corpus document, without a fork whose
    child copies the pages it touches (~15 ms of CPU a file: ~7 s for the corpus's ~450 PDF and Word files
    on a cold run, as measured alone). The child and its limits are what the hostile tests
    (tests/hostile/test_readers.py) and every ingest test still go through; the corpus needs neither."""
    import kehoach.run
    from kehoach.ingest import ocr_cache

    forked = kehoach.run.call_limited

    def in_process(fn: Callable[[], Any], seconds: float, memory: int) -> Any:
        pending = ocr_cache.take_counts()  # the reader's wrapper takes what is pending as its parent's ...
        try:
            return fn()
        finally:
            ocr_cache.count(pending.ocr, pending.cached)  # ... which it is here: given back

    kehoach.run.call_limited = in_process
    try:
        yield
    finally:
        kehoach.run.call_limited = forked


def read_once(read: Callable[[bytes], RawText], folder: Path, data: bytes) -> RawText:
    entry = folder / hashlib.sha256(data).hexdigest()[:32]
    with once(entry) as first:
        kept = entry / "raw.pickle"
        if not first and kept.exists():
            return pickle.loads(kept.read_bytes())  # type: ignore[no-any-return]  # noqa: S301 (the tests' own)
        raw = read(data)
        entry.mkdir(exist_ok=True)
        kept.write_bytes(pickle.dumps(raw))
        return raw


@pytest.fixture(scope="session", autouse=True)
def warm_extraction() -> None:
    """One bulletin extracted in each test process at its start: the rules' lazily built patterns and the
    word segmenter's model are then loaded once, and every pool of workers an ingest test forks inherits
    them instead of loading them again in each worker (~0.25 s of CPU a worker, ~20 such pools a run)."""
    run(SEED / "000_cbc46ef4ee07d038.txt", load_rules())
    rx.keep_compiled()  # a cold run: the commands and pools the tests start read these patterns


def project_rules() -> RuleSet:
    """The project's rules where collection needs them (parametrized tests are named after rules, examples,
    vocabulary entries); a test body takes the session fixture `rules`, the same (cached) object."""
    return load_rules()


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return project_rules()


@pytest.fixture(scope="session")
def text_corpus() -> list[Path]:
    """The text documents of corpus/ (seed bulletins and the gold set)."""
    return corpus_files(".txt")


# Scanned pages OCR'd once, then read from this cache by every test and every later run: entries are keyed by
# the PDF's bytes, the page, the OCR settings and tesseract's version (pipeline/ingest/ocr_cache.py).
OCR_CACHE = ROOT / ".pytest_cache" / "kehoach-ocr-cache"
# Compiled patterns kept between processes (pipeline/rx.py): here, the tests' own, shared by the processes of
# a run (xdist workers, the commands the tests start, the pools they fork) and by later runs.
REGEX_CACHE = ROOT / ".pytest_cache" / "kehoach-regex-cache"
os.environ.setdefault(rx.STORE_ENV, str(REGEX_CACHE))


@contextlib.contextmanager
def shared_ocr() -> Iterator[None]:
    """In-process extraction reads scanned pages from OCR_CACHE (the OCR cache tests use their own)."""
    from kehoach.ingest import ocr_cache

    with ocr_cache.using(OCR_CACHE):
        yield


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every process of this test run sees (pytest-xdist workers share their base temp's parent)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def once(folder: Path) -> Iterator[bool]:
    """Whether this process is the one to make `folder`: the first waits for none, the others wait for it."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.with_name(folder.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = folder / ".done"
        yield not done.exists()
        folder.mkdir(exist_ok=True)
        done.touch()


@pytest.fixture(scope="session", autouse=True)
def share_backtracking(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Each pattern's hostile texts (rules_check.backtracks_on, ~8.7 s of CPU for the project's rules)
    searched once a run: tests/test_rules.py checks every rule and tests/test_rules_check.py the rules of the
    files it breaks, often on the other xdist worker; the second process to need a pattern's verdict reads
    the first's. The verdicts are kept for the run only: every run searches every pattern again."""
    from kehoach import rules_check

    search = rules_check.backtracks_on
    rules_check.backtracks_on = functools.partial(backtracks_once, search, run_folder(tmp_path_factory))
    yield
    rules_check.backtracks_on = search


def backtracks_once(
    search: Callable[[Any], tuple[str, int] | None], run: Path, compiled: Any
) -> tuple[str, int] | None:
    key = hashlib.sha256(f"{compiled.flags}\0{compiled.pattern}".encode()).hexdigest()[:32]
    entry = run / "backtracks" / key
    with once(entry) as first:
        kept = entry / "verdict.json"
        if not first and kept.exists():
            verdict = json.loads(kept.read_text(encoding="utf-8"))
            return None if verdict is None else (verdict[0], verdict[1])
        verdict = search(compiled)
        entry.mkdir(exist_ok=True)
        keep(kept, json.dumps(verdict).encode())
        return verdict


@pytest.fixture(scope="session")
def corpus_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of corpus/ without the held-out corpus/fresh (12 MB; links stay links), for the ingest tests;
    one per test run, shared by the xdist workers."""
    folder = run_folder(tmp_path_factory) / "corpus-copy"
    root = folder / "corpus"
    with once(folder) as first:
        if first:
            shutil.rmtree(root, ignore_errors=True)
            shutil.copytree(
                CORPUS, root, symlinks=True, ignore=lambda d, _: [HELD_OUT] if Path(d) == CORPUS else []
            )
    return root


@contextlib.contextmanager
def extractions_of(copy: Path) -> Iterator[None]:
    """In the block (and in the pool workers it forks), a document of `copy` (corpus/ copied) gets the
    extraction `extracted` made of the same file in corpus/, as its own: the corpus is extracted once per
    test run, whether the tests over every document or the ingest that builds `built_db` need it first."""
    import kehoach.parallel

    real = kehoach.parallel.run

    def run_once(path: Path, rules: RuleSet) -> Extraction | Failure:
        try:
            original = CORPUS / path.relative_to(copy)
        except ValueError:
            return real(path, rules)
        if rules.version != load_rules().version:
            return real(path, rules)
        return as_from(extracted(original), path)

    kehoach.parallel.run = run_once  # type: ignore[assignment]
    try:
        yield
    finally:
        kehoach.parallel.run = real


def as_from(result: Extraction | Failure, path: Path) -> Extraction | Failure:
    """`result` as if read from `path` (a copy of its file)."""
    if isinstance(result, Failure):
        return dataclasses.replace(result, source=str(path))
    source = dataclasses.replace(result.document.source, path=str(path))
    return dataclasses.replace(result, document=dataclasses.replace(result.document, source=source))


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory, corpus_root: Path) -> Path:
    """corpus/ (but the held-out corpus/fresh) ingested into a new database, once per test run (the xdist
    workers share it; it is served read-only, and a second ingest of the same corpus writes nothing)."""
    from kehoach.ingest_corpus import ingest_corpus

    folder = run_folder(tmp_path_factory) / "built-db"
    db = folder / "kehoach.db"
    with once(folder) as first:
        if first:
            folder.mkdir(exist_ok=True)
            with extractions_of(corpus_root):  # the pool's workers fork from here
                summary = ingest_corpus([corpus_root], db, workers=2, progress=False, ocr_cache_dir=OCR_CACHE)
            failures = [f.source for f in summary.failures]
            made = {"counts": dict(summary.counts), "failures": failures}
            (folder / "summary.json").write_text(json.dumps(made), encoding="utf-8")
    return db


@dataclass(frozen=True)
class BuiltSummary:
    """What the ingest that made `built_db` reported (its counts and the sources of its failures)."""

    counts: Counter[str]
    failures: list[str]


@pytest.fixture(scope="session")
def built_db_summary(built_db: Path) -> BuiltSummary:
    made = json.loads((built_db.parent / "summary.json").read_text(encoding="utf-8"))
    return BuiltSummary(Counter(made["counts"]), made["failures"])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_responds(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@contextlib.contextmanager
def running_datasette(db: Path, timeout: float = 60.0) -> Iterator[str]:
    """A real `kehoach serve` process on a free loopback port; yields its base URL, stops it after."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kehoach", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_responds(url + "/-/versions.json", timeout)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def datasette_url(built_db: Path) -> Iterator[str]:
    """The built corpus, served for real."""
    with running_datasette(built_db) as url:
        yield url
