"""Issue 22, item 2: a sidecar is read only when it is a regular file under 64 KB, as YAML without
aliases. A FIFO or a symlink to /dev/zero no longer hangs the run; an alias bomb no longer costs
gigabytes. The document it describes is an ingest failure that names the sidecar; its neighbours
are stored."""

from __future__ import annotations

import resource
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile import generators as make

ATTACKS: list[tuple[Callable[[Path], Path], str]] = [
    (make.sidecar_fifo, "not a regular file (a FIFO)"),
    (make.sidecar_dev_zero, "not a regular file (a device)"),
    (make.sidecar_alias_bomb, "aliases (*name) are not allowed"),
    (make.sidecar_huge, "over the 64 KB limit"),
]
MEMORY = 1 << 30  # the whole ingest's address space (the bomb took 4.9 GB)


def limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def ingest(corpus: Path, db: Path) -> subprocess.CompletedProcess[str]:
    """`kehoach ingest` in one process under a memory limit, stopped after 60 s (a hang fails the test)."""
    kehoach = Path(sys.executable).with_name("kehoach")
    command = [kehoach, "ingest", corpus, "--db", db, "--workers", "1", "--no-progress"]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, preexec_fn=limited)


@pytest.mark.parametrize("attack,reason", ATTACKS, ids=[a.__name__ for a, _ in ATTACKS])
def test_a_hostile_sidecar_fails_its_document_only(tmp_path: Path, attack, reason: str) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    bad = attack(corpus)
    good = corpus / "good.txt"
    good.write_bytes(make.BULLETIN.read_bytes() + b"\nMot dong khac.\n")
    db = tmp_path / "kehoach.db"
    done = ingest(corpus, db)
    assert done.returncode == 1, done.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("select source from documents").fetchall() == [(str(good),)]
        (message,) = conn.execute("select message from ingest_errors where source = ?", [str(bad)]).fetchone()
    assert f"{bad.name}.meta.yml" in message and reason in message


def test_anchors_without_aliases_and_plain_sidecars_still_read(tmp_path: Path) -> None:
    from kehoach.ingest import read_sidecar

    path = tmp_path / "a.txt"
    (tmp_path / "a.txt.meta.yml").write_text("site: &s baohagiang.vn\nurl: https://baohagiang.vn/x\n")
    assert read_sidecar(path) == (("site", "baohagiang.vn"), ("url", "https://baohagiang.vn/x"))


def test_a_bad_sidecar_does_not_hide_an_identical_bulletin(tmp_path: Path) -> None:
    """The same bytes beside a bad sidecar and alone: the lone one was a 'duplicate' of a failed file."""
    from kehoach.ingest_corpus import ingest_corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make.sidecar_huge(corpus)  # huge.txt: the bulletin beside a 5 MB sidecar
    (corpus / "plain.txt").write_bytes(make.BULLETIN.read_bytes())
    db = tmp_path / "kehoach.db"
    summary = ingest_corpus([corpus], db, progress=False)
    assert summary.counts["new"] == 1 and summary.counts["failed"] == 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("select source, withdrawn from documents").fetchall() == [
            (str(corpus / "plain.txt"), 0)
        ]
