"""Issue 22, item 6: readers run under a time and memory budget they cannot escape (a child process,
killed at its budget, with RLIMIT_AS), OCR has a page and pixel budget and skips blank pages, and a reader
that finds nothing in a non-empty file records an error instead of an empty success."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kehoach.ingest import pdf
from kehoach.limits import OverLimit, call_limited
from kehoach.records import Failure
from kehoach.run import read, run
from tests.hostile import generators as make


def test_a_reader_stuck_in_c_code_is_killed_at_its_budget(tmp_path: Path) -> None:
    """1 MB of nested <div>: the HTML parser never returned to Python, so the alarm never fired (120 s+)."""
    started = time.monotonic()
    result = run(make.nested_divs(tmp_path), budget=2.0)
    assert time.monotonic() - started < 2.0 * 1.1 + 1.0  # the budget, 10 %, and the fork
    assert isinstance(result, Failure) and result.stage == "ingest"
    assert "reading took longer than 2 s" in result.message


def test_a_reader_over_its_memory_is_stopped_and_its_document_fails() -> None:
    def greedy():  # type: ignore[no-untyped-def]
        return b"x" * (3 * 2**30)

    failure = read(greedy, "greedy.html", ".html", budget=30)
    assert isinstance(failure, Failure) and "of memory" in failure.message


def test_a_reader_that_dies_costs_only_its_document() -> None:
    import os
    import signal

    def crash():  # type: ignore[no-untyped-def]
        os.kill(os.getpid(), signal.SIGSEGV)

    failure = read(crash, "crash.pdf", ".pdf", budget=30)
    assert isinstance(failure, Failure) and "died (SIGSEGV)" in failure.message


def test_limits_pass_results_and_errors_through() -> None:
    assert call_limited(lambda: "x" * 5_000_000, 10, 2**30) == "x" * 5_000_000  # more than a pipe holds
    with pytest.raises(OverLimit, match="took longer than 0.3 s"):
        call_limited(lambda: time.sleep(5), 0.3, 0)
    with pytest.raises(ZeroDivisionError):
        call_limited(lambda: 1 / 0, 10, 0)


def test_a_docx_of_empty_paragraphs_is_refused_at_once(tmp_path: Path) -> None:
    """16 KB of compressed <w:p/> took 125 s and was stored as an empty document."""
    started = time.monotonic()
    result = run(make.docx_of_empty_paragraphs(tmp_path))
    assert time.monotonic() - started < 5
    assert isinstance(result, Failure) and "over 100,000 paragraphs" in result.message


def test_a_docx_with_empty_paragraphs_only_is_an_error_not_an_empty_document(tmp_path: Path) -> None:
    result = run(make.docx_of_empty_paragraphs(tmp_path, paragraphs=20))
    assert isinstance(result, Failure) and "has no text" in result.message


def test_blank_pdf_pages_are_not_ocrd_and_give_an_error(tmp_path: Path) -> None:
    """Blank pages were OCR'd at 0.8 s each, then stored as an empty document."""
    started = time.monotonic()
    result = run(make.pdf_blank_pages(tmp_path, pages=40))
    assert time.monotonic() - started < 10
    assert isinstance(result, Failure) and result.message.startswith("PDF has no text")


def test_a_huge_blank_page_costs_nothing(tmp_path: Path) -> None:
    """A 331-byte page of 4500 x 4500 pt took 6.7 GB at 300 dpi."""
    result = run(make.pdf_huge_mediabox(tmp_path), budget=10)
    assert isinstance(result, Failure) and result.message.startswith("PDF has no text")


def test_a_huge_page_is_rendered_within_the_pixel_budget(tmp_path: Path) -> None:
    data = make.pdf_inked_scan(tmp_path, pages=1, size=(4500, 4500)).read_bytes()
    dpi = pdf.page_dpi(data, 1)
    assert (4500 / 72 * dpi) ** 2 <= pdf.MAX_PAGE_PIXELS < (4500 / 72 * (dpi + 1)) ** 2
    assert pdf.page_dpi(make.pdf_inked_scan(tmp_path).read_bytes(), 1) == pdf.OCR_DPI  # A4: as before


def test_more_scanned_pages_than_the_ocr_budget_is_refused_before_any_ocr(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pdf, "MAX_OCR_PAGES", 2)
    monkeypatch.setattr(pdf, "ocr_pages", lambda *a: pytest.fail("OCR ran"))
    result = run(make.pdf_inked_scan(tmp_path, pages=3))
    assert isinstance(result, Failure) and "3 scanned pages, over the 2 pages OCR'd" in result.message


def test_ink_share_tells_a_blank_page_from_a_page_with_ink(tmp_path: Path) -> None:
    blank = pdf.blank_pages(make.pdf_document([(595, 842)] * 2), [1, 2])
    inked = pdf.blank_pages(make.pdf_document([(595, 842)] * 2, make.INK), [1, 2])
    assert blank == {1, 2} and inked == set()
