"""Tesseract's output for scanned pages, kept on disk so a re-ingest re-reads no scan (issue 21).

OCR is the slow part of a PDF (about 1.8 s a page); a rule change re-extracts every document, and without a
cache it would OCR every scan again. An entry is tesseract's TSV for one page (zlib-compressed, a few KB),
keyed by the PDF's sha256, the page number and the OCR settings (resolution, language, tesseract's version):
a new tesseract or another resolution OCRs again, a change to how the TSV is laid out (pdf.read_tsv) does not.

Where it lives: `--ocr-cache DIR` or KEHOACH_OCR_CACHE, by default `ocr-cache/` beside the database. On a
cluster, a directory every worker can reach (one shared filesystem); entries are written atomically
(a temporary file renamed), so workers may fill it at the same time.

A corpus may carry its scans' entries (`.ocr-cache/` inside a folder ingested, in the same layout:
`corpus/.ocr-cache/` is committed with the repository): an ingest adopts the entries its cache lacks
(`adopt`), so a fresh clone reads the corpus's scans without running tesseract. The keys hold there too:
another tesseract's version finds no entry and OCRs the pages again, into the run's own cache.

The counts of the run's report (pages OCR'd, pages from the cache) are kept per process and taken by the
worker after each document (`take_counts`), so they travel back with its result.
"""

from __future__ import annotations

import functools
import hashlib
import os
import subprocess
import tempfile
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ENV = "KEHOACH_OCR_CACHE"
DEFAULT_NAME = "ocr-cache"  # beside the database
CARRIED_NAME = ".ocr-cache"  # inside a corpus folder: entries it carries for its scans (adopt)
FORMAT = 1  # what an entry holds (tesseract's TSV); bump when that changes

_directory: Path | None = None
_lock = threading.Lock()
_counts = [0, 0]  # pages OCR'd, pages read from the cache, since the last take_counts()


@dataclass(frozen=True, slots=True)
class OcrCounts:
    """Scanned pages of a run: OCR'd by tesseract, or read from the cache."""

    ocr: int = 0
    cached: int = 0

    def __add__(self, other: OcrCounts) -> OcrCounts:
        return OcrCounts(self.ocr + other.ocr, self.cached + other.cached)


def beside(db_path: Path) -> Path:
    return db_path.parent / DEFAULT_NAME


def configure(directory: Path | None) -> None:
    """Use `directory` (None: no cache) in this process and in the processes it starts."""
    global _directory
    _directory = directory
    if directory is None:
        os.environ.pop(ENV, None)
    else:
        os.environ[ENV] = str(directory)


@contextmanager
def using(folder: Path | None) -> Iterator[None]:
    """The cache in `folder` for the block (a run), then the one before it."""
    before, env = _directory, os.environ.get(ENV)
    configure(folder)
    take_counts()  # a run counts its own pages: none left over here, none inherited by forked workers
    try:
        yield
    finally:
        configure(before)
        if env is not None:
            os.environ[ENV] = env


def directory() -> Path | None:
    if _directory is not None:
        return _directory
    value = os.environ.get(ENV)
    return Path(value) if value else None


@functools.cache
def tesseract_version() -> str:
    """'tesseract 5.3.0' (its first line of --version), or '' when it is not installed."""
    try:
        done = subprocess.run(["tesseract", "--version"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (done.stdout or done.stderr).decode("utf-8", "replace").partition("\n")[0].strip()


def settings_key(*settings: object) -> str:
    """A short hash of what decides tesseract's output for a page of the same PDF (the resolution and its
    cap, the language) and of tesseract's version."""
    text = "|".join(map(str, (FORMAT, *settings, tesseract_version())))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def entry(sha256: str, page: int, settings: str) -> Path | None:
    root = directory()
    return None if root is None else root / sha256[:2] / sha256 / f"{settings}-{page}.tsv.z"


def get(sha256: str, page: int, settings: str) -> bytes | None:
    path = entry(sha256, page, settings)
    if path is None:
        return None
    try:
        data = zlib.decompress(path.read_bytes())
    except (OSError, zlib.error):  # absent, or cut short by a crash: OCR again
        return None
    count(cached=1)
    return data


def put(sha256: str, page: int, settings: str, tsv: bytes) -> None:
    """Store one page's TSV; a cache that cannot be written only costs the next run its OCR."""
    path = entry(sha256, page, settings)
    if path is None:
        return
    try:
        put_file(path, zlib.compress(tsv, 6))
    except OSError:
        pass


def put_file(path: Path, data: bytes) -> None:
    """`data` at `path`, written whole or not at all (a temporary file renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)


def adopt(folders: list[Path]) -> int:
    """The entries of each folder's CARRIED_NAME (if any) that the cache lacks, copied into it; how many.
    An entry already there is kept: both are tesseract's output for the same key."""
    root = directory()
    if root is None:
        return 0
    adopted = 0
    for carried in (folder / CARRIED_NAME for folder in folders):
        for source in sorted(carried.glob("*/*/*.tsv.z")):
            target = root / source.relative_to(carried)
            if target.exists():
                continue
            try:
                put_file(target, source.read_bytes())
            except OSError:  # an entry that cannot be copied: its page is OCR'd
                continue
            adopted += 1
    return adopted


def count(ocr: int = 0, cached: int = 0) -> None:
    with _lock:
        _counts[0] += ocr
        _counts[1] += cached


def take_counts() -> OcrCounts:
    """The pages counted in this process since the last call (a worker calls it after each document)."""
    with _lock:
        taken = OcrCounts(*_counts)
        _counts[0] = _counts[1] = 0
    return taken
