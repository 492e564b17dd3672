"""Issue 22, item 9: the smaller ways a corpus could mislead an ingest."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import kehoach.ingest
import kehoach.ingest_corpus
from kehoach.ingest import IngestError
from kehoach.ingest_corpus import ingest_corpus
from kehoach.records import Failure
from kehoach.run import run
from tests.hostile import generators as make


def documents(db: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("select source, withdrawn from documents order by source").fetchall()


def corpus_of(tmp_path: Path, *names: str) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    for name in names:
        (root / name).write_bytes(make.BULLETIN.read_bytes())
    return root


def test_a_good_file_overwritten_by_garbage_is_no_longer_current(tmp_path: Path) -> None:
    root, db = corpus_of(tmp_path, "a.txt"), tmp_path / "kehoach.db"
    ingest_corpus([root], db, progress=False)
    (root / "a.txt").write_bytes(b"\x00\x01garbage" * 100)
    again = ingest_corpus([root], db, progress=False)
    assert again.counts["failed"] == 1 and documents(db) == [(str(root / "a.txt"), 1)]
    ingest_corpus([root], db, progress=False)  # still failing: still withdrawn
    assert documents(db) == [(str(root / "a.txt"), 1)]
    (root / "a.txt").write_bytes(make.BULLETIN.read_bytes())  # put back
    ingest_corpus([root], db, progress=False)
    assert documents(db) == [(str(root / "a.txt"), 0)]


def test_deleting_one_of_two_identical_files_keeps_the_document(tmp_path: Path) -> None:
    root, db = corpus_of(tmp_path, "a.txt", "b.txt"), tmp_path / "kehoach.db"
    assert ingest_corpus([root], db, progress=False).counts["duplicate"] == 1
    (root / "a.txt").unlink()
    ingest_corpus([root], db, progress=False)
    assert documents(db) == [(str(root / "b.txt"), 0)]
    (root / "b.txt").unlink()
    ingest_corpus([root], db, progress=False)
    assert documents(db) == [(str(root / "b.txt"), 1)]


def test_a_file_that_could_not_be_opened_is_tried_again(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """chmod 000 then chmod 644 leaves size and mtime as they were (simulated: the tests run as root)."""
    root, db = corpus_of(tmp_path, "a.txt"), tmp_path / "kehoach.db"
    locked = str(root / "a.txt")
    real_read, real_sha = kehoach.ingest.read_regular, kehoach.ingest_corpus.sha256_of

    def denied_read(path, limit):  # type: ignore[no-untyped-def]
        if str(path) == locked:
            raise IngestError("cannot open: Permission denied")
        return real_read(path, limit)

    monkeypatch.setattr(kehoach.ingest, "read_regular", denied_read)
    monkeypatch.setattr(kehoach.ingest_corpus, "sha256_of", lambda p: "" if str(p) == locked else real_sha(p))
    assert ingest_corpus([root], db, progress=False, workers=1).counts["failed"] == 1
    monkeypatch.undo()  # the permission is fixed
    assert ingest_corpus([root], db, progress=False, workers=1).counts["new"] == 1


def test_a_truncated_pdf_with_eof_pasted_on_is_refused(tmp_path: Path) -> None:
    result = run(make.truncated_pdf(tmp_path))
    assert isinstance(result, Failure) and "damaged or truncated" in result.message


@pytest.mark.parametrize("attack,suffix", [(make.random_html, ".html")])
def test_a_binary_file_is_asked_about_its_own_type(tmp_path: Path, attack, suffix: str) -> None:  # type: ignore[no-untyped-def]
    result = run(attack(tmp_path))
    assert isinstance(result, Failure) and f"really a {suffix}?" in result.message
