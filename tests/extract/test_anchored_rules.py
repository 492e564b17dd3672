"""Rules with an `anchor` search only around its hits: same matches, and hostile text still finishes."""

from __future__ import annotations

import pytest

from kehoach.rules import Rule, load_rules
from tests.conftest import CORPUS

ANCHORED = [r for r in load_rules().all_rules() if r.anchor is not None]
HOSTILE = {
    "slashes": "1/" * 5000,
    "dots": "1." * 5000 + "%",
    "dashes": "1-" * 5000,
    "dates": "1/2/2020" * 1200,
    "symbols": "1/KH-" * 2000,
    "no spaces": "a" * 10000,
}


@pytest.mark.parametrize("rule", ANCHORED, ids=lambda r: r.qualified_id)
def test_anchored_search_finds_what_the_whole_pattern_finds(rule: Rule) -> None:
    from kehoach.ingest import ingest
    from kehoach.normalize import normalize

    for path in sorted(p for p in CORPUS.rglob("*.txt") if "fresh" not in p.relative_to(CORPUS).parts):
        text = normalize(ingest(path)).text
        whole = [m.span() for m in rule.compiled.finditer(text)]
        assert [m.span() for m in rule.finditer(text)] == whole, path


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("rule", ANCHORED, ids=lambda r: r.qualified_id)
def test_anchored_search_finishes_on_hostile_text(rule: Rule, name: str) -> None:
    list(rule.finditer(HOSTILE[name]))  # raises TimeoutError past the rule's time limit
