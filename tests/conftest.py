"""Shared fixtures: the real corpus, a real SQLite database built from it, a real Datasette server."""

from __future__ import annotations

import atexit
import contextlib
import functools
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kehoach.rules import RuleSet, load_rules

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEED = CORPUS / "seed"
HELD_OUT = CORPUS / "fresh"  # the unseen batch: tests never read it
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return load_rules()


@pytest.fixture(scope="session")
def text_corpus() -> list[Path]:
    """The text documents of corpus/ (seed bulletins and the gold set), never the held-out corpus/fresh/."""
    return sorted(p for p in CORPUS.rglob("*.txt") if HELD_OUT not in p.parents)


@functools.cache
def corpus_root() -> Path:
    """corpus/ without the held-out corpus/fresh/, which no test reads or ingests: a copy made once per
    session (12 MB; relative links kept, so corpus/gold's links into corpus/pdf stay inside the root)."""
    if not HELD_OUT.exists():
        return CORPUS
    dest = Path(tempfile.mkdtemp(prefix="kehoach-corpus-")) / "corpus"
    shutil.copytree(
        CORPUS, dest, symlinks=True, ignore=lambda d, names: ["fresh"] if Path(d) == CORPUS else []
    )
    atexit.register(shutil.rmtree, dest.parent, True)
    return dest


def corpus_dirs() -> list[Path]:
    return [corpus_root()]


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """corpus/ ingested into a fresh database, once per test session."""
    from kehoach.ingest_corpus import ingest_corpus

    db = tmp_path_factory.mktemp("db") / "kehoach.db"
    ingest_corpus(corpus_dirs(), db, workers=2, progress=False)
    return db


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
