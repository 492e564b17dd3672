"""Every corpus document whose source is known shows it (issue 20): `url` and `site` in the database.

A source is known when the gold file names it (`url` of corpus/gold/NNN.json) or a SOURCES list of corpus/
does (corpus/gold/SOURCES-900.tsv, corpus/pdf/SOURCES.tsv); a copy in a public repository is linked at
the commit it was taken from."""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
from pathlib import Path

from tests.conftest import CORPUS

DOCUMENT_SUFFIXES = (".txt", ".pdf", ".docx")


def known_sources() -> dict[Path, str]:
    """Every corpus file whose source some list of corpus/ gives: file -> that source."""
    known: dict[Path, str] = {}
    for gold in sorted((CORPUS / "gold").glob("*.json")):
        url = json.loads(gold.read_text(encoding="utf-8")).get("url")
        document = next(
            (gold.with_suffix(s) for s in DOCUMENT_SUFFIXES if gold.with_suffix(s).exists()), None
        )
        if url and document:
            known[document] = url
    for listing, column in (
        (CORPUS / "gold" / "SOURCES-900.tsv", "source"),
        (CORPUS / "pdf" / "SOURCES.tsv", "source_repo"),
    ):
        with listing.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                if row.get(column) and not row[column].startswith("("):  # "(made)": made for the tests
                    known[listing.parent / row["file"]] = row[column]
    return known


def test_the_corpus_lists_its_sources() -> None:
    known = known_sources()
    assert len(known) >= 150
    assert any("github" not in s and s.startswith("http") for s in known.values())
    assert CORPUS / "gold" / "901.docx" in known  # a repository path is a source too


def test_every_document_with_a_known_source_shows_it(built_db: Path) -> None:
    conn = sqlite3.connect(built_db)
    rows = {doc_id: (url, site) for doc_id, url, site in conn.execute("SELECT id, url, site FROM documents")}
    missing = []
    for path, source in sorted(known_sources().items()):
        doc_id = hashlib.sha256(path.read_bytes()).hexdigest()  # a copy of another file is stored once
        url, site = rows.get(doc_id, (None, None))
        if not (url and site and url.startswith(("http://", "https://"))):
            missing.append((str(path.relative_to(CORPUS)), source, url, site))
    assert missing == []


def test_a_repository_copy_links_the_commit_it_was_taken_from(built_db: Path) -> None:
    conn = sqlite3.connect(built_db)
    path = CORPUS / "gold" / "903.docx"
    (url, site, publisher) = conn.execute(
        "SELECT url, site, publisher FROM documents WHERE id = ?",
        [hashlib.sha256(path.read_bytes()).hexdigest()],
    ).fetchone()
    assert site == "github.com"
    assert url.startswith(
        "https://github.com/Trangsct/skill-sct/blob/3821ed3bb6381b6340da81feaa135a329b025137/"
    )
    assert url.endswith("/KH-3898_30.6.2026_Huan-luyen-nguoi-quan-ly.docx")
    assert publisher.startswith("GitHub Trangsct/skill-sct: ")
