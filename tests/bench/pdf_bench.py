"""How fast PDFs are read: poppler's own pdftotext, our text-layer path, and our OCR path.

The goal (the PDF issue): our text-layer path, pdftotext plus page splitting, header columns and the
legacy-encoding check, keeps at least half of pdftotext's own rate.

    python tests/bench/pdf_bench.py corpus/pdf/*.pdf
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from kehoach.ingest.pdf import read

MIN_SECONDS = 2.0  # repeat a fast measurement until it has run this long


def pages_per_second(paths: Sequence[Path]) -> dict[str, float]:
    """Pages per second of each path, over the same PDFs: text-layer ones, and the scans for OCR."""
    documents = {path: path.read_bytes() for path in paths}
    first = {path: read(data) for path, data in documents.items()}  # warms the page cache, sorts the files
    text = [path for path, raw in first.items() if not any(page.ocr for page in raw.pages)]
    scans = [path for path in paths if path not in text]
    text_pages = sum(first[path].page_count or 0 for path in text)
    scan_pages = sum(first[path].page_count or 0 for path in scans)

    poppler = rate(text_pages, lambda: [pdftotext(path) for path in text])
    ours = rate(text_pages, lambda: [read(documents[path]) for path in text])
    ocr = rate(scan_pages, lambda: [read(documents[path]) for path in scans], min_seconds=0)
    return {
        "text_pages": text_pages,
        "pdftotext_pages_per_s": poppler,
        "text_layer_pages_per_s": ours,
        "text_layer_share_of_pdftotext": ours / poppler if poppler else 0.0,
        "ocr_pages": scan_pages,
        "ocr_pages_per_s": ocr,
        "ocr_seconds_per_page": 1 / ocr if ocr else 0.0,
    }


def pdftotext(path: Path) -> bytes:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout


def rate(pages: int, run: Callable[[], object], min_seconds: float = MIN_SECONDS) -> float:
    """Pages per second of `run`, repeated until it has taken min_seconds (at least once)."""
    if not pages:
        return 0.0
    rounds, start = 0, time.perf_counter()
    while True:
        run()
        rounds += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return rounds * pages / elapsed


if __name__ == "__main__":
    print(json.dumps(pages_per_second([Path(arg) for arg in sys.argv[1:]]), indent=2))
