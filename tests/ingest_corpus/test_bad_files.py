"""Issue 6: bad input never stops the run and never loses data (STYLE habit 10).

tests/bad/ holds one file per way a bulletin arrives broken; each is either read correctly (legacy
encodings, scripts around a real article) or gets a row in ingest_errors that says what to do next.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kehoach.cli import cli
from kehoach.records import Extraction, Failure
from kehoach.run import run
from tests.ingest_helpers import BAD, copy_text_corpus, count, documents_in

REFUSED = [  # file, stage, what the archivist is told
    ("empty.txt", "ingest", "empty file"),
    ("blank.txt", "ingest", "empty file"),
    ("garbage.txt", "ingest", "binary data, not text"),
    ("truncated.pdf", "ingest", "PDF is damaged or truncated"),
    ("encrypted.pdf", "ingest", "PDF is encrypted"),
    ("not-a-pdf.pdf", "ingest", "not a PDF"),
    ("scripts-only.html", "ingest", "HTML page has no readable text"),
    ("notes.rtf", "ingest", "unsupported file type '.rtf'"),
]
READ = [  # file, encoding recorded, words the text must contain (the seed bulletin 000)
    ("legacy-tcvn3.txt", "tcvn3", "Kế hoạch triển khai thực hiện công tác bảo vệ, chăm sóc trẻ em"),
    ("legacy-cp1258.txt", "cp1258", "Kế hoạch triển khai thực hiện công tác bảo vệ, chăm sóc trẻ em"),
    ("double-encoded-utf8.txt", "utf-8 (double-encoded via cp1252, repaired)", "Kế hoạch triển khai"),
    ("bulletin-with-scripts.html", "utf-8", "Kế hoạch triển khai thực hiện công tác bảo vệ"),
]


@pytest.mark.parametrize("name,stage,reason", REFUSED, ids=[r[0] for r in REFUSED])
def test_bad_file_becomes_a_failure_with_a_reason(name: str, stage: str, reason: str) -> None:
    result = run(BAD / name)
    assert isinstance(result, Failure)
    assert (result.stage, result.source) == (stage, str(BAD / name))
    assert reason in result.message
    # the contract's format ("text", "pdf", ...), none for a type kehoach does not read
    assert result.format == {".txt": "text", ".html": "html", ".pdf": "pdf"}.get((BAD / name).suffix)


@pytest.mark.parametrize("name,encoding,words", READ, ids=[r[0] for r in READ])
def test_awkward_file_is_read_correctly(name: str, encoding: str, words: str) -> None:
    result = run(BAD / name)
    assert isinstance(result, Extraction)
    assert result.document.encoding == encoding
    assert words in result.document.text


def test_html_scripts_are_not_text() -> None:
    result = run(BAD / "bulletin-with-scripts.html")
    assert isinstance(result, Extraction)
    assert "alert(" not in result.document.text and "track()" not in result.document.text


def test_a_50_mb_text_is_refused_without_being_read(tmp_path: Path) -> None:
    big = tmp_path / "export.txt"  # generated here: 50 MB does not belong in git
    line = "Kế hoạch số 113/KH-UBND ngày 23/3/2023 về bảo vệ trẻ em; tỷ lệ đạt 95%.\n".encode()
    big.write_bytes(line * (50 * 2**20 // len(line)))
    result = run(big)
    assert isinstance(result, Failure) and result.stage == "ingest"
    assert "over the 20 MB limit: split it" in result.message


def test_a_document_over_its_time_budget_becomes_an_extract_failure() -> None:
    from kehoach.ingest import ingest
    from kehoach.rules import load_rules
    from kehoach.run import run_raw
    from tests.conftest import SEED

    # read first: with so short a budget the reader would run out of time before extraction starts
    result = run_raw(ingest(SEED / "001_ae63fcba8f4942ae.txt"), load_rules(), budget=0.0005)
    assert isinstance(result, Failure) and result.stage == "extract"
    assert "longer than" in result.message


def test_bad_files_beside_good_ones_all_good_stored_all_bad_explained(tmp_path: Path) -> None:
    corpus = copy_text_corpus(tmp_path, with_bad=True, gold=20)  # the bad files among good ones
    db = tmp_path / "kehoach.db"
    result = CliRunner().invoke(
        cli, ["ingest", str(corpus), "--db", str(db), "--workers", "2", "--no-progress"]
    )
    assert result.exit_code == 1
    good = {str(p) for p in documents_in(corpus) if "/bad/" not in str(p)}
    good |= {str(corpus / "bad" / name) for name, *_ in READ}
    bad = {str(corpus / "bad" / name) for name, *_ in REFUSED}
    assert count(db, "select count(*) from documents") == len(good)
    for path in good:
        assert count(db, "select count(*) from documents where source = ?", (path,)) == 1, path
    for path in bad:
        assert (
            count(db, "select count(*) from ingest_errors where source = ? and message != ''", (path,)) == 1
        )
    assert f"{len(good)} new, 0 updated, 0 unchanged, 0 withdrawn, {len(bad)} failed" in result.output
    assert "ingest_errors" in result.output


def test_known_failures_are_reported_again_but_not_rewritten(tmp_path: Path) -> None:
    from kehoach.ingest_corpus import ingest_corpus

    corpus = copy_text_corpus(tmp_path, with_bad=True, gold=20)  # the bad files among good ones
    db = tmp_path / "kehoach.db"
    ingest_corpus([corpus], db, workers=2, progress=False)
    again = ingest_corpus([corpus], db, workers=2, progress=False)
    assert again.writes == 0
    assert again.counts["failed"] == len(REFUSED) == len(again.failures)
