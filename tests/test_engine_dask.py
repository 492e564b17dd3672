"""Issue 21: the Dask engine (dask.distributed, a LocalCluster of two worker processes here) stores the same
rows as the local process pool; scanned pages are OCR'd in the Dask workers, into the shared OCR cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.build import build
from pipeline.engine import Engine
from tests.conftest import CORPUS
from tests.ingest_helpers import dump

pytest.importorskip("dask.distributed")

# corpus/ as an archivist has it: bulletins, gold texts, PDFs (three of them scans), Word files
FOLDERS = [CORPUS / name for name in ("seed", "gold", "pdf", "plans")]
SCANNED_PAGES = 7  # kh-996-tctlntw-scan.pdf (4 pages; gold/606.pdf holds the same bytes), gold/801.pdf (3)


@pytest.mark.slow
def test_the_dask_engine_stores_the_rows_of_the_local_engine(tmp_path: Path) -> None:
    cache = tmp_path / "ocr-cache"
    on_dask = build(
        FOLDERS, tmp_path / "dask.db", workers=2, progress=False, ocr_cache_dir=cache, engine=Engine("dask")
    )
    local = build(FOLDERS, tmp_path / "local.db", workers=2, progress=False, ocr_cache_dir=cache)
    assert on_dask.counts == local.counts and on_dask.counts["new"] > 100
    assert [f.source for f in on_dask.failures] == [f.source for f in local.failures]
    if shutil.which("tesseract"):
        assert (on_dask.ocr.ocr, local.ocr.cached) == (SCANNED_PAGES, SCANNED_PAGES)  # OCR'd on the cluster
    dask_rows, local_rows = dump(tmp_path / "dask.db"), dump(tmp_path / "local.db")
    assert dask_rows.keys() == local_rows.keys()
    for table in local_rows:
        assert dask_rows[table] == local_rows[table], table
