"""Every extracted item points at its own text (STYLE.md habit 3), over every text file of corpus/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extract.conftest import CORPUS, extracted

CORPUS_FILES = sorted(p for p in CORPUS.rglob("*.txt") if "fresh" not in p.relative_to(CORPUS).parts)


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_every_item_points_at_its_own_text(path: Path) -> None:
    result = extracted(path)
    text = result.document.text
    assert [i for i in result.items() if text[i.start : i.end] != i.text] == []


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_every_target_value_lies_inside_its_clause(path: Path) -> None:
    for target in extracted(path).targets:
        assert target.start <= target.value_start < target.value_end <= target.end
        assert target.rule.startswith("targets.")
