"""PDFs: the text layer through poppler's `pdftotext -layout`, OCR for pages that have none.

Why pdftotext: on Vietnamese government PDFs it is fast (about 134 pages/s), it keeps the text of the
e-signature stamp, where the number and day often live only ("Số: 51", "ngày 19"), and `-layout`
keeps the two header columns apart by a run of spaces, which lets us put them back in reading
order. pypdfium2 is faster but loses the stamp text; pdfplumber splits words and runs at about
2.5 pages/s, so it is only the fallback when poppler is not installed (and it loses the stamp too).

Pages with (almost) no text layer are scans: they are rendered by pdftoppm and read by tesseract's
Vietnamese model, two pages at a time, and marked `ocr=True` with tesseract's mean word confidence.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter, itemgetter
from pathlib import Path

from kehoach import legacy
from kehoach.ingest import IngestError, ocr_cache
from kehoach.records import Page, RawText

MIN_TEXT_CHARS = 20  # fewer non-space characters than this on a page: a scan
# A scan signed afterwards has the signature stamp's text only ("Ký bởi: ... Thời gian ký: ...", about
# 100 characters a stamp): a page with less text than this is a scan if an image covers it.
STAMP_CHARS = 200
PAGE_IMAGE_AREA = 45  # square inches, half an A4 page: an image this large is the page, scanned
OCR_DPI = 300  # tesseract's Vietnamese model reads body text at 0.6-3 % character error at 300 dpi
OCR_LANGUAGE = "vie"  # tesseract-ocr-vie
OCR_WORKERS = 2  # the archivists' machines have 2 cores; tesseract itself runs single-threaded
# OpenMP threads inside tesseract fight each other when pages run in parallel (six times slower).
OCR_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}
HEADER_LINES = 20  # the two-column administrative header sits in the first lines of page 1
MIN_GAP = 3  # spaces between the two header columns in `pdftotext -layout` output
# The left column holds "Số: 51/TTr-SNV" (12+ characters): a narrower one is a table's "STT" column.
MIN_LEFT_COLUMN = 10
MAX_HEADER_ROWS = 8  # lines across the river; more is a two-column table, not a header
# Budgets of one document's OCR. Pages are rendered at OCR_DPI unless that gives more than MAX_PAGE_PIXELS
# (A3 at 300 dpi is 17 Mpx; a 4500-pt page at 300 dpi is 350 Mpx and took 6.7 GB): then at the dpi that
# fits. Pages with no ink on a thumbnail are blank and not OCR'd (0.8 s each); more than MAX_OCR_PAGES pages
# left to OCR is refused with what to do (a whole scan of 3,000 pages would hold a worker for 40 minutes).
MAX_PAGE_PIXELS = 20_000_000
MAX_OCR_PAGES = int(os.environ.get("KEHOACH_OCR_PAGES", "300"))
THUMBNAIL = 200  # pixels on the long side of the thumbnail a page is checked for ink on
# A page is blank when fewer than this share of its thumbnail's pixels are clearly darker than the paper
# (a scanned text page: 15-20 %, a signature page: 1.6 %, a blank page: 0).
BLANK_INK = 0.001
TEXT_TIMEOUT = 120  # seconds for pdftotext on a whole document
PAGE_TIMEOUT = 300  # seconds to render and OCR one page
# A page whose text names an assignment table's columns (chủ trì, phối hợp) and a number column: its ruled
# tables are read by pdfplumber (about 0.02 s a page); the page after one too (a table continued).
TABLE_COLUMNS = re.compile(r"(?i)chủ\s*trì|phối\s*hợp|trách\s+nhiệm")
TABLE_NUMBER = re.compile(r"\b(?:STT|TT)\b")
TABLE_BUDGET = 30.0  # seconds for the table finder over one document
MAX_TABLE_PAGES = 200

INSTALL_OCR = "install tesseract-ocr, tesseract-ocr-vie and poppler-utils (`make setup` does)"


def read(data: bytes) -> RawText:
    """A PDF's pages, joined by form feeds; scanned pages OCR'd; a legacy-font text layer converted."""
    check_complete(data)
    layer = text_layer(data)  # poppler's own reason first, when it gives up
    if not points_at_xref(data):
        # "%%EOF" pasted after a cut: poppler rebuilds what it can and reads part of the text, silently
        raise IngestError(
            "PDF is damaged or truncated (its end does not point at its cross-reference table): "
            "download or copy it again"
        )
    encoding = legacy.detect("\n".join(layer))
    texts, confidence = with_ocr(data, [legacy.to_unicode(t, encoding) for t in layer] if encoding else layer)
    if texts:
        texts[0] = header_in_reading_order(texts[0])
    return RawText(
        text="\f".join(texts),
        pages=paginate(texts, confidence),
        encoding=encoding,
        page_count=len(texts),
        tables=assignment_tables(data, texts),
    )


def check_complete(data: bytes) -> None:
    """Refuse what poppler would half-read: not a PDF, or a file cut short (no %%EOF at its end)."""
    if b"%PDF-" not in data[:1024]:
        raise IngestError("not a PDF (no %PDF header): is the file really a .pdf?")
    if b"%%EOF" not in data[-1024:]:
        # A cut-off e-signed PDF still opens at an earlier revision, without the stamp: refuse it.
        raise IngestError("PDF is damaged or truncated (no %%EOF at its end): download or copy it again")


STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF")
XREF_AT = re.compile(rb"\s*(?:xref|\d+\s+\d+\s+obj)")  # a table, or a cross-reference stream object


def points_at_xref(data: bytes) -> bool:
    """Whether the last `startxref N %%EOF` gives the offset of a cross-reference table or stream."""
    found = list(STARTXREF.finditer(data[-1024:]))
    if not found:
        return False
    offset = int(found[-1].group(1))
    return offset < len(data) and XREF_AT.match(data, offset) is not None


def explain(error: str) -> str:
    """A message for the archivist from poppler's stderr (or pdfminer's exception)."""
    if "password" in error.lower():
        return (
            "PDF is encrypted (it needs a password to open): ask for an unprotected copy, "
            "or decrypt it with `qpdf --decrypt --password=... in.pdf out.pdf`"
        )
    reason = next((line for line in error.splitlines() if line.strip()), "unreadable")
    return f"PDF is damaged or truncated ({reason.strip()}): download it again or re-save it from its source"


def text_layer(data: bytes) -> list[str]:
    """One string per page, in `pdftotext -layout` form."""
    if shutil.which("pdftotext") is None:
        return plumber_text_layer(data)
    try:
        done = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
            input=data,
            capture_output=True,
            timeout=TEXT_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        raise IngestError(f"pdftotext took over {TEXT_TIMEOUT} s: is the PDF damaged? re-save it") from None
    if done.returncode != 0:
        raise IngestError(explain(done.stderr.decode("utf-8", "replace")))
    # pdftotext ends every page, the last one too, with a form feed.
    return done.stdout.decode("utf-8", "replace").split("\f")[:-1]


def plumber_text_layer(data: bytes) -> list[str]:
    """The slow way (about 2.5 pages/s), for machines without poppler-utils."""
    # imported here, so that only machines without poppler pay for loading pdfminer
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [page.extract_text(layout=True) or "" for page in pdf.pages]
    except PdfminerException as exc:
        raise IngestError(explain(repr(exc.args[0] if exc.args else exc))) from exc
    # layout=True pads every line to the page width and the page to its height with blank lines
    return ["\n".join(line.rstrip() for line in page.rstrip().split("\n")) for page in pages]


def paginate(texts: Sequence[str], confidence: dict[int, float]) -> tuple[Page, ...]:
    """Page spans in "\\f".join(texts)."""
    pages: list[Page] = []
    start = 0
    for number, text in enumerate(texts, 1):
        end = start + len(text)
        pages.append(Page(number, start, end, ocr=number in confidence, confidence=confidence.get(number)))
        start = end + 1  # the form feed between pages
    return tuple(pages)


# --- tables ------------------------------------------------------------------------------------


def assignment_tables(data: bytes, texts: Sequence[str]) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """The ruled tables of the pages that look like an assignment table's, and of the pages that carry a table
    on (pdfplumber's table finder), rows of cells with their line breaks. Pages after TABLE_BUDGET seconds are
    not searched, and a finder still at work on one page then is interrupted: a table finder that stalls on
    one strange page must not stall the run (the text of every page is read all the same)."""
    marked = [bool(TABLE_NUMBER.search(text) and TABLE_COLUMNS.search(text)) for text in texts]
    if not any(marked):
        return ()
    try:
        import pdfplumber  # imported here: only PDFs with an assignment table pay for pdfminer
    except ImportError:
        return ()
    tables: list[tuple[tuple[str, ...], ...]] = []
    start = time.monotonic()
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            continued = False  # the page before had a table: this one may carry it on without a header
            for n in range(min(len(texts), len(pdf.pages))):
                if not (marked[n] or continued):
                    continue
                if time.monotonic() - start > TABLE_BUDGET or len(tables) > MAX_TABLE_PAGES:
                    break
                with interrupted_after(TABLE_BUDGET - (time.monotonic() - start)):
                    found = [
                        tuple(tuple((c or "").strip() for c in row) for row in t if row)
                        for t in pdf.pages[n].extract_tables()
                    ]
                tables += [rows for rows in found if len(rows) >= 2]
                continued = bool(found)
    except Exception:  # noqa: BLE001 - a table the finder cannot read leaves the text as it is
        return tuple(tables)
    return tuple(tables)


class TableFinderTimeout(Exception):
    """The table finder ran past TABLE_BUDGET on one page: the tables found before it are kept."""


@contextmanager
def interrupted_after(seconds: float) -> Iterator[None]:
    """Stop the block with TableFinderTimeout after `seconds`, where a signal can reach it: the main thread
    (the reader's forked child, pipeline/limits.py) with no timer of its caller running. Elsewhere the budget
    is only checked between pages and the reader's own time limit bounds the rest."""
    if threading.current_thread() is not threading.main_thread() or signal.getitimer(signal.ITIMER_REAL)[0]:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TableFinderTimeout(f"the table finder took longer than {TABLE_BUDGET:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.01))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- OCR ---------------------------------------------------------------------------------------


def with_ocr(data: bytes, texts: list[str]) -> tuple[list[str], dict[int, float]]:
    """The pages' texts with scanned pages OCR'd (then the stamp text they had), and their confidence.

    Blank pages are left out before OCR; more pages to OCR than the budget is an IngestError."""
    scanned = scanned_pages(data, texts)
    if scanned and shutil.which("pdftoppm"):
        blank = blank_pages(data, scanned)
        scanned = [n for n in scanned if n not in blank]
    if len(scanned) > MAX_OCR_PAGES:
        raise IngestError(
            f"{len(scanned)} scanned pages, over the {MAX_OCR_PAGES} pages OCR'd per document: "
            "OCR it beforehand (ocrmypdf -l vie) or split it, then ingest it again"
        )
    texts, confidence = list(texts), {}
    for number, ocr in zip(scanned, ocr_pages(data, scanned), strict=True):
        # the stamp's text last, where it cannot come between the header columns of the scan
        stamp = texts[number - 1].strip()
        texts[number - 1] = f"{ocr.text}\n\n{stamp}" if stamp else ocr.text
        confidence[number] = ocr.confidence
    return texts, confidence


def scanned_pages(data: bytes, texts: Sequence[str]) -> list[int]:
    """Pages (1-based) without a text layer, or with only stamp text over a page-sized image."""
    chars = [len("".join(text.split())) for text in texts]
    stamped = [n for n, count in enumerate(chars, 1) if MIN_TEXT_CHARS <= count < STAMP_CHARS]
    imaged = pages_under_an_image(data) if stamped else set()
    return [n for n, count in enumerate(chars, 1) if count < MIN_TEXT_CHARS or (n in stamped and n in imaged)]


def pages_under_an_image(data: bytes) -> set[int]:
    """Pages with an image of at least PAGE_IMAGE_AREA, from `pdfimages -list` (a few milliseconds)."""
    if shutil.which("pdfimages") is None:
        return set()
    done = subprocess.run(["pdfimages", "-list", "-"], input=data, capture_output=True, timeout=TEXT_TIMEOUT)
    pages = set()
    # columns: page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
    for row in (line.split() for line in done.stdout.decode("ascii", "replace").splitlines()[2:]):
        width, height, x_ppi, y_ppi = (max(int(row[i]), 1) for i in (3, 4, 12, 13))
        if row[2] == "image" and width / x_ppi * height / y_ppi >= PAGE_IMAGE_AREA:
            pages.add(int(row[0]))
    return pages


def blank_pages(data: bytes, numbers: Sequence[int]) -> set[int]:
    """The pages among `numbers` with no ink: thumbnails of the pages, each checked by ink_share."""
    with tempfile.TemporaryDirectory() as tmp:
        first, last = str(min(numbers)), str(max(numbers))
        command = ["pdftoppm", "-gray", "-scale-to", str(THUMBNAIL), "-f", first, "-l", last, "-", f"{tmp}/p"]
        done = subprocess.run(command, input=data, capture_output=True, timeout=TEXT_TIMEOUT, env=OCR_ENV)
        if done.returncode != 0:
            return set()  # OCR will say what is wrong
        wanted = set(numbers)
        shares = {int(p.stem.rsplit("-", 1)[1]): ink_share(p.read_bytes()) for p in Path(tmp).glob("p-*.pgm")}
    return {n for n, share in shares.items() if n in wanted and share < BLANK_INK}


def ink_share(pgm: bytes) -> float:
    """The share of a greyscale image's pixels clearly darker (by 32 levels) than its paper (the median)."""
    _, width, height, _, _ = pgm.split(maxsplit=4)
    pixels = pgm[-int(width) * int(height) :]
    if not pixels:
        return 0.0
    paper = sorted(pixels)[len(pixels) // 2]
    return len(pixels.translate(None, bytes(range(max(paper - 32, 0), 256)))) / len(pixels)


def page_dpi(data: bytes, number: int) -> int:
    """OCR_DPI, or less for a page so large that OCR_DPI would exceed MAX_PAGE_PIXELS."""
    if shutil.which("pdfinfo") is None:
        return OCR_DPI
    page = str(number)
    done = subprocess.run(
        ["pdfinfo", "-f", page, "-l", page, "-"], input=data, capture_output=True, timeout=TEXT_TIMEOUT
    )
    size = re.search(rb"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", done.stdout)
    if not size:
        return OCR_DPI
    square_inches = float(size.group(1)) / 72 * float(size.group(2)) / 72
    return max(1, min(OCR_DPI, int(math.sqrt(MAX_PAGE_PIXELS / max(square_inches, 1e-6)))))


@dataclass(frozen=True, slots=True)
class OcrPage:
    text: str
    confidence: float  # mean word confidence, 0..1


def ocr_pages(data: bytes, numbers: Sequence[int]) -> list[OcrPage]:
    """OCR the given pages (1-based), OCR_WORKERS at a time, in page order; pages in the OCR cache
    (ingest/ocr_cache.py) are read from it instead."""
    if not numbers:
        return []
    sha256, settings = (
        hashlib.sha256(data).hexdigest(),
        ocr_cache.settings_key(OCR_DPI, MAX_PAGE_PIXELS, OCR_LANGUAGE),
    )
    cached = {n: tsv for n in numbers if (tsv := ocr_cache.get(sha256, n, settings)) is not None}
    missing = [tool for tool in ("pdftoppm", "tesseract") if shutil.which(tool) is None]
    if missing and len(cached) < len(numbers):
        raise IngestError(
            f"page {numbers[0]} has no text layer (a scan?) and OCR needs {' and '.join(missing)}: "
            f"{INSTALL_OCR}, or put a .txt transcript beside the PDF"
        )

    def tsv_of(number: int) -> bytes:
        if number in cached:
            return cached[number]
        tsv = ocr_page(data, number)
        ocr_cache.put(sha256, number, settings, tsv)
        ocr_cache.count(ocr=1)
        return tsv

    with ThreadPoolExecutor(max_workers=OCR_WORKERS) as pool:
        return [read_tsv(tsv.decode("utf-8", "replace")) for tsv in pool.map(tsv_of, numbers)]


def ocr_page(data: bytes, number: int) -> bytes:
    """Tesseract's TSV for one page."""
    # Uncompressed PPM on a pipe: writing PNG costs more (2.6 s a page) than the OCR saves.
    page, dpi = str(number), str(page_dpi(data, number))
    image = run_tool(["pdftoppm", "-r", dpi, "-f", page, "-l", page, "-singlefile"], data)
    return run_tool(["tesseract", "stdin", "stdout", "--dpi", dpi, "-l", OCR_LANGUAGE, "tsv"], image)


def run_tool(command: list[str], stdin: bytes) -> bytes:
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, timeout=PAGE_TIMEOUT, env=OCR_ENV)
    except subprocess.TimeoutExpired:
        raise IngestError(f"{command[0]} took over {PAGE_TIMEOUT} s on a page: is the PDF damaged?") from None
    if done.returncode != 0:
        error = done.stderr.decode("utf-8", "replace")
        if "Failed loading language" in error:
            raise IngestError(f"tesseract has no Vietnamese model: {INSTALL_OCR}")
        raise IngestError(f"OCR failed in {command[0]}: {error.strip()[:300]}")
    return done.stdout


@dataclass(frozen=True, slots=True)
class Word:
    line: tuple[int, int, int]  # (block, paragraph, line) in tesseract's reading order
    left: int  # pixels
    width: int
    text: str
    confidence: float  # 0..100


def read_tsv(tsv: str) -> OcrPage:
    """Tesseract's TSV -> page text laid out like `pdftotext -layout`, and the mean word confidence."""
    words = [
        Word((int(r["block_num"]), int(r["par_num"]), int(r["line_num"])), int(r["left"]), int(r["width"]),
             r["text"].strip(), float(r["conf"]))
        for r in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
        if r["level"] == "5" and (r["text"] or "").strip() and float(r["conf"]) >= 0
    ]  # fmt: skip
    lines = [list(line) for _, line in groupby(words, key=attrgetter("line"))]
    # A line read at confidence 0 throughout is a rule, a stamp or a dotted leader ("90910000..."):
    # drop it, or it would cross the header columns and hide them.
    lines = [line for line in lines if any(word.confidence > 0 for word in line)]
    kept = [word for line in lines for word in line]
    if not kept:
        return OcrPage("", 0.0)
    char_width = statistics.median(word.width / len(word.text) for word in kept)
    return OcrPage(layout(lines, char_width), statistics.fmean(word.confidence for word in kept) / 100)


def layout(lines: Sequence[list[Word]], char_width: float) -> str:
    """Lines of words, with a blank line between tesseract's paragraphs as in its own text output."""
    rendered = [(line[0].line[:2], render_line(line, char_width)) for line in lines]
    paragraphs = groupby(rendered, key=itemgetter(0))
    return "\n\n".join("\n".join(text for _, text in group) for _, group in paragraphs)


def render_line(words: Iterable[Word], char_width: float) -> str:
    """Words one space apart, except across a wide gap (header columns): there at their x column."""
    text, right = "", 0
    for word in words:
        if not text or word.left - right > MIN_GAP * char_width:
            text = text.ljust(max(round(word.left / char_width), len(text) + MIN_GAP if text else 0))
        else:
            text += " "
        text, right = text + word.text, word.left + word.width
    return text


# --- Header columns ----------------------------------------------------------------------------


def header_in_reading_order(page: str) -> str:
    """Put the two header columns of page 1 one after the other.

    `pdftotext -layout` prints "ỦY BAN NHÂN DÂN    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and
    "Số: 51/TTr-SNV    Lâm Đồng, ngày 19 tháng 01 năm 2026" on shared lines. We find the blank
    vertical strip (river) between the columns and print the left column's lines, then the right's.
    """
    lines = page.split("\n")
    found = header_river(lines[:HEADER_LINES])
    if found is None:
        return page
    (start, end), last = found
    head = lines[: last + 1]
    left = [line[:start].strip() for line in head]
    right = [line[end:].strip() for line in head]
    return "\n".join([*filter(None, left), *filter(None, right), *lines[last + 1 :]])


def header_river(lines: Sequence[str]) -> tuple[tuple[int, int], int] | None:
    """The river between the header columns and the index of the last line that spans it.

    The header is the longest run of top lines that keeps a river at least MIN_GAP wide open; a
    centred title or a body line crosses it and ends the header. None if no line has text on both
    sides (a centred title page), or if it looks like a table.
    """
    used = bytearray(max(map(len, lines), default=0))  # 1 where some line so far has a character
    best = None
    for count, line in enumerate(lines, 1):
        for word in re.finditer(r"\S+", line):
            used[word.start() : word.end()] = b"\1" * len(word.group())
        river = widest_gap(used)
        spanning = [i for i, seen in enumerate(lines[:count]) if river and two_sided(seen, river)]
        if river and spanning:
            best = (river, spanning)
        elif best is not None:
            break
    if best is None or len(best[1]) > MAX_HEADER_ROWS or not stamps_only(lines[: best[1][0]], best[0]):
        return None
    return best[0], best[1][-1]


def stamps_only(lines: Sequence[str], river: tuple[int, int]) -> bool:
    """Above the first two-column line there may be a signature stamp on the right, nothing on the left.

    A table's title ("Phụ lục", "TỔNG HỢP Ý KIẾN...") left of a gap between table columns is not a header.
    """
    return not any(line[: river[0]].strip() for line in lines)


def widest_gap(used: bytearray) -> tuple[int, int] | None:
    """The widest run of blank columns with text on both sides of it, past a left column's width."""
    gaps = [m.span() for m in re.finditer(rb"\x00+", used)]
    inner = [(a, b) for a, b in gaps if a >= MIN_LEFT_COLUMN and b < len(used) and b - a >= MIN_GAP]
    return max(inner, key=lambda gap: gap[1] - gap[0], default=None)


def two_sided(line: str, river: tuple[int, int]) -> bool:
    return bool(line[: river[0]].strip()) and bool(line[river[1] :].strip())
