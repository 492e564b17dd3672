"""Issue 22, item 5 (corpus): only regular files under the corpus folder are read. Symlinks are resolved
and refused when they leave it (/etc/hostname got published), loops and FIFOs no longer hang or vanish
silently: every refused entry is listed with its reason, in the run's output and in ingest_errors."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from kehoach.cli import cli
from tests.hostile import generators as make

REFUSED: list[tuple[Callable[[Path], Path], str]] = [
    (make.symlink_outside, "a symlink to"),
    (make.symlink_loop, "a symlink loop"),
    (make.folder_loop, "a symlink to a folder already read (a loop)"),
    (make.fifo_document, "a FIFO, not a plain file"),
    (make.broken_symlink, "a broken symlink"),
]


def ingest(corpus: Path, db: Path):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(
        cli, ["ingest", str(corpus), "--db", str(db), "--workers", "1", "--no-progress"]
    )


@pytest.mark.parametrize("attack,reason", REFUSED, ids=[a.__name__ for a, _ in REFUSED])
def test_a_refused_entry_is_listed_with_its_reason(tmp_path: Path, attack, reason: str) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    entry = attack(corpus)
    (corpus / "good.txt").write_bytes(make.BULLETIN.read_bytes())
    db = tmp_path / "kehoach.db"
    result = ingest(corpus, db)
    assert result.exit_code == 1
    assert f"failed: {entry} (ingest): not read: {reason}" in result.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("select source from documents").fetchall() == [(str(corpus / "good.txt"),)]
        (message,) = conn.execute(
            "select message from ingest_errors where source = ?", [str(entry)]
        ).fetchone()
    assert reason in message
    again = ingest(corpus, db)  # listed again, written once
    assert f"failed: {entry}" in again.output and "0 new, 0 updated, 1 unchanged" in again.output


def test_a_symlink_inside_the_corpus_is_read(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "a.txt").write_bytes(make.BULLETIN.read_bytes())
    (corpus / "link.txt").symlink_to(corpus / "sub" / "a.txt")
    result = ingest(corpus, tmp_path / "kehoach.db")
    assert result.exit_code == 0 and "1 new" in result.output and "1 duplicate" in result.output


def test_a_file_that_becomes_an_outside_link_is_withdrawn(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "secret.txt").write_bytes(make.BULLETIN.read_bytes())
    db = tmp_path / "kehoach.db"
    assert ingest(corpus, db).exit_code == 0
    (corpus / "secret.txt").unlink()
    make.symlink_outside(corpus)
    result = ingest(corpus, db)
    assert "1 withdrawn" in result.output and "not read: a symlink to" in result.output
