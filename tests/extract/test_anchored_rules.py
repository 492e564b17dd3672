"""Rules with an `anchor` search only around its hits: same matches, and hostile text still finishes."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from kehoach.rules import Rule
from tests.conftest import corpus_files, project_rules

ANCHORED = [r for r in project_rules().all_rules() if r.anchor is not None]
HOSTILE = {
    "slashes": "1/" * 5000,
    "dots": "1." * 5000 + "%",
    "dashes": "1-" * 5000,
    "dates": "1/2/2020" * 1200,
    "symbols": "1/KH-" * 2000,
    "no spaces": "a" * 10000,
}


@functools.cache
def corpus_texts() -> tuple[tuple[Path, str], ...]:
    """The normalized text of every .txt document of the corpus, read once for all the rules (~0.4 s of CPU
    a reading: ten rules read it ten times)."""
    from kehoach.ingest import ingest
    from kehoach.normalize import normalize

    return tuple((path, normalize(ingest(path)).text) for path in corpus_files(".txt"))


@pytest.mark.parametrize("rule", ANCHORED, ids=lambda r: r.qualified_id)
def test_anchored_search_finds_what_the_whole_pattern_finds(rule: Rule) -> None:
    for path, text in corpus_texts():
        whole = [m.span() for m in rule.compiled.finditer(text)]
        assert [m.span() for m in rule.finditer(text)] == whole, path


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("rule", ANCHORED, ids=lambda r: r.qualified_id)
def test_anchored_search_finishes_on_hostile_text(rule: Rule, name: str) -> None:
    list(rule.finditer(HOSTILE[name]))  # raises TimeoutError past the rule's time limit
