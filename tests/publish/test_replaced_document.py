"""A document replaced by a new version of its file keeps a page that says so and links to the new one
(issue 17: a changed file's old document page used to become a 404)."""

from __future__ import annotations

import hashlib
import shutil
import urllib.request
from pathlib import Path

from kehoach.ingest_corpus import ingest_corpus
from tests.conftest import SEED, running_datasette


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_old_version_page_links_to_the_current_one(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    bulletin = corpus / "bulletin.txt"
    first, second = sorted(SEED.glob("*.txt"))[:2]
    shutil.copy(first, bulletin)
    db = tmp_path / "kehoach.db"
    ingest_corpus([corpus], db, workers=1, progress=False)
    old_id = sha256(bulletin)

    shutil.copy(second, bulletin)  # the archivist replaces the file by another version
    ingest_corpus([corpus], db, workers=1, progress=False)
    new_id = sha256(bulletin)

    with running_datasette(db) as url:
        with urllib.request.urlopen(f"{url}/-/document/{old_id}") as response:
            page = response.read().decode("utf-8")
        assert response.status == 200
        assert f'href="/-/document/{new_id}"' in page
        assert "bulletin.txt" in page
        with urllib.request.urlopen(f"{url}/-/document/{new_id}") as response:
            assert response.status == 200
