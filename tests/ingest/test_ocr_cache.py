"""Issue 21: scanned pages are OCR'd once; a re-ingest after a rule change reads them from the OCR cache."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from kehoach.cli import cli
from kehoach.ingest import ocr_cache, pdf
from kehoach.records import Failure
from kehoach.rules import PATTERNS_DIR
from tests.conftest import CORPUS, corpus_files, extracted
from tests.ingest_helpers import dump, first_page_of_scan

PAGES = 1  # the top of the first page of the corpus's shortest scan (gold/801.pdf, first_page_of_scan)
needs_ocr = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr is not installed")


def runs(db: Path) -> list[tuple[int, int, int]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("select updated + new, pages_ocr, pages_ocr_cached from ingest_runs").fetchall()
    finally:
        conn.close()


def ingest(*args: str | Path, env: dict[str, str] | None = None) -> str:
    """`kehoach ingest` (in this process: its workers start with the rules and models already loaded)."""
    done = CliRunner().invoke(cli, ["ingest", "--no-progress", *map(str, args)], env=env)
    assert done.exit_code == 0, done.output
    return done.stderr


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    first_page_of_scan(root / "801-page-1.pdf")
    shutil.copy(CORPUS / "gold" / "100.txt", root)
    return root


@needs_ocr
@pytest.mark.slow
def test_a_reingest_after_a_rule_change_ocrs_no_page(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "kehoach.db"
    first = ingest(corpus, "--db", db)
    assert f"{PAGES} pages OCR'd, 0 from the OCR cache" in first
    before = dump(db)
    patterns = tmp_path / "patterns"  # a rule change: another rules_version, every document re-extracted
    shutil.copytree(PATTERNS_DIR, patterns)
    with open(patterns / "dates.yml", "a", encoding="utf-8") as handle:
        handle.write("# a rule author's note\n")
    second = ingest(corpus, "--db", db, "--patterns", patterns)
    assert "2 updated" in second and f"0 pages OCR'd, {PAGES} from the OCR cache" in second
    assert runs(db) == [(2, PAGES, 0), (2, 0, PAGES)]  # the report is stored with each run
    assert dump(db)["document_texts"] == before["document_texts"]  # the same text, from the cache
    cache = tmp_path / "ocr-cache"  # beside the database by default
    assert len(list(cache.rglob("*.tsv.z"))) == PAGES
    # named by the environment (a cluster's shared folder), for another database, everything again
    other = ingest(
        corpus, "--db", tmp_path / "other" / "kehoach.db", "--all", env={ocr_cache.ENV: str(cache)}
    )
    assert f"0 pages OCR'd, {PAGES} from the OCR cache" in other
    assert not (tmp_path / "other" / "ocr-cache").exists()
    # carried by the folder ingested (.ocr-cache/ inside it, as corpus/ carries its scans'): a fresh clone's
    # database with an empty cache beside it adopts the entry and OCRs nothing
    shutil.copytree(cache, corpus / ocr_cache.CARRIED_NAME)
    clone = ingest(corpus, "--db", tmp_path / "clone" / "kehoach.db")
    assert "2 new" in clone and f"0 pages OCR'd, {PAGES} from the OCR cache" in clone
    assert len(list((tmp_path / "clone" / "ocr-cache").rglob("*.tsv.z"))) == PAGES


def test_carried_entries_fill_what_the_cache_lacks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr_cache, "_directory", tmp_path / "corpus" / ocr_cache.CARRIED_NAME)
    ocr_cache.put("ab" * 32, 1, "k", b"carried 1")
    ocr_cache.put("ab" * 32, 2, "k", b"carried 2")
    monkeypatch.setattr(ocr_cache, "_directory", tmp_path / "ocr-cache")
    ocr_cache.put("ab" * 32, 2, "k", b"own 2")
    assert ocr_cache.adopt([tmp_path / "corpus", tmp_path / "elsewhere"]) == 1
    assert ocr_cache.get("ab" * 32, 1, "k") == b"carried 1"
    assert ocr_cache.get("ab" * 32, 2, "k") == b"own 2"  # an entry the cache has is kept
    assert ocr_cache.adopt([tmp_path / "corpus"]) == 0


def test_another_tesseract_or_resolution_is_another_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    key = ocr_cache.settings_key(300, "vie")
    assert ocr_cache.settings_key(400, "vie") != key
    monkeypatch.setattr(ocr_cache, "tesseract_version", lambda: "tesseract 9.9.9")
    assert ocr_cache.settings_key(300, "vie") != key


def test_a_damaged_entry_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr_cache, "_directory", tmp_path)
    ocr_cache.put("ab" * 32, 1, "k", b"level\tpage_num\n")
    assert ocr_cache.get("ab" * 32, 1, "k") == b"level\tpage_num\n"
    path = ocr_cache.entry("ab" * 32, 1, "k")
    assert path is not None
    path.write_bytes(path.read_bytes()[:5])  # a write cut short
    assert ocr_cache.get("ab" * 32, 1, "k") is None


def test_the_corpus_carries_the_ocr_of_each_of_its_scanned_pages() -> None:
    """corpus/.ocr-cache holds every page of corpus/ that is OCR'd (`make ocr-cache` after adding a scan),
    so a fresh clone runs no tesseract on the corpus (written by another tesseract, no key of this one)."""
    settings = ocr_cache.settings_key(pdf.OCR_DPI, pdf.MAX_PAGE_PIXELS, pdf.OCR_LANGUAGE)
    carried = CORPUS / ocr_cache.CARRIED_NAME
    if not any(carried.glob(f"*/*/{settings}-*.tsv.z")):
        pytest.skip(
            f"corpus/.ocr-cache was written by another tesseract than {ocr_cache.tesseract_version()}"
        )
    missing, scanned = [], 0
    for path in corpus_files(".pdf"):
        result = extracted(path)
        pages = [] if isinstance(result, Failure) else result.document.pages
        folder = carried / (sha := hashlib.sha256(path.read_bytes()).hexdigest())[:2] / sha
        ocrd = [n for n, page in enumerate(pages, 1) if page.ocr]
        scanned += len(ocrd)
        missing += [
            f"{path.relative_to(CORPUS)} page {n}"
            for n in ocrd
            if not (folder / f"{settings}-{n}.tsv.z").is_file()
        ]
    assert scanned > 0
    assert missing == [], f"pages corpus/.ocr-cache lacks (run `make ocr-cache`, commit it): {missing}"
