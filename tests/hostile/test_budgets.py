"""Issue 22, "done when": no hostile file runs over its budget by more than 10 %. A document's budget is its
reading budget (READ_BUDGET_FACTOR times the document budget: the reader's child is killed there) plus the
document budget for normalize + extract; each hostile document is timed through run(), as a worker runs it."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kehoach.records import Failure
from kehoach.run import READ_BUDGET_FACTOR, READERS, run
from tests.hostile import generators as make

BUDGET = 2.0  # seconds: small, so a reader that ignored its budget would show at once
FORK = 1.0  # a reader's child process: fork, and reporting back
DOCUMENTS: list[Callable[[Path], Path]] = [
    make.dense_symbols,
    make.docx_of_empty_paragraphs,
    make.pdf_huge_mediabox,
    make.pdf_blank_pages,
    make.truncated_pdf,
    make.random_html,
    make.nested_divs,
]


@pytest.mark.slow
@pytest.mark.parametrize("attack", DOCUMENTS, ids=lambda f: f.__name__)
def test_hostile_document_stays_within_its_budget(attack: Callable[[Path], Path], tmp_path: Path) -> None:
    path = attack(tmp_path)
    fmt = READERS.get(path.suffix.lower(), (None, ""))[0]
    allowed = 1.1 * BUDGET * (READ_BUDGET_FACTOR.get(fmt or "", 1) + 1) + FORK
    started = time.monotonic()
    result = run(path, budget=BUDGET)
    took = time.monotonic() - started
    assert took <= allowed, f"{path.name}: {took:.1f} s against a budget of {allowed:.1f} s"
    if isinstance(result, Failure):
        assert result.message  # a hostile file that fails says why
