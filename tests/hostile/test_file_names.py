"""Issue 22, item 1: a file name that is not UTF-8 is stored and shown with a lossless escape; it no
longer aborts every ingest with UnicodeEncodeError."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kehoach.filenames import on_disk, shown
from kehoach.ingest_corpus import ingest_corpus
from tests.hostile.generators import BULLETIN, non_utf8_name

# bytes a POSIX file name may hold: anything but NUL and "/"
NAME_BYTES = st.binary(min_size=1, max_size=40).filter(lambda b: b"\x00" not in b and b"/" not in b)


@given(NAME_BYTES)
def test_the_escape_is_valid_utf8_and_gives_the_same_bytes_back(name: bytes) -> None:
    path = Path(os.fsdecode(name))
    stored = shown(path)
    stored.encode("utf-8")  # SQLite, JSON and terminals take it
    assert os.fsencode(on_disk(stored)) == name


@given(NAME_BYTES, NAME_BYTES)
def test_two_names_never_share_an_escape(a: bytes, b: bytes) -> None:
    if a != b:
        assert shown(os.fsdecode(a)) != shown(os.fsdecode(b))


def test_utf8_names_are_stored_as_they_are() -> None:
    assert shown("corpus/seed/Kế hoạch 113.txt") == "corpus/seed/Kế hoạch 113.txt"
    assert shown(os.fsdecode(b"k\xe9 ho\xb9ch.txt")) == "k\\xe9 ho\\xb9ch.txt"


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_a_non_utf8_file_name_is_ingested_beside_the_others(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    bad = non_utf8_name(corpus)
    other = corpus / "other.txt"
    other.write_bytes(BULLETIN.read_bytes() + b"\nMot dong khac.\n")
    db = tmp_path / "kehoach.db"
    first = ingest_corpus([corpus], db, progress=False)
    assert first.counts["new"] == 2 and not first.failures
    sources = {s for (s,) in rows(db, "select source from documents")}
    assert sources == {shown(bad), str(other)}
    assert on_disk(shown(bad)) == bad
    again = ingest_corpus([corpus], db, progress=False)
    assert again.counts["unchanged"] == 2 and again.writes == 0
    bad.unlink()
    gone = ingest_corpus([corpus], db, progress=False)
    assert gone.counts["withdrawn"] == 1


def test_extract_prints_the_escaped_name(tmp_path: Path) -> None:
    bad = non_utf8_name(tmp_path)
    kehoach = Path(sys.executable).with_name("kehoach")
    out = subprocess.run([kehoach, "extract", bad], capture_output=True, check=True).stdout
    assert b'"source": "' + shown(bad).replace("\\", "\\\\").encode() + b'"' in out
