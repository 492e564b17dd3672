"""Chỉ số (patterns/indicators.yml): every example of every indicator, run through the target extractor."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from kehoach.extract.indicators import compile_phrasing, entries, vocabulary
from kehoach.extract.targets import find_targets
from kehoach.rules import load_rules

RULES = load_rules()
ENTRIES = entries(RULES)
EXAMPLES = [(e["id"], i, ex) for e in ENTRIES for i, ex in enumerate(e.get("examples", []))]


def _id(item: tuple[str, int, dict[str, Any]]) -> str:
    return f"{item[0]}[{item[1]}]"


@pytest.mark.parametrize("item", [x for x in EXAMPLES if x[2].get("match")], ids=_id)
def test_positive_example_maps_its_figure(item: tuple[str, int, dict[str, Any]]) -> None:
    indicator_id, _, example = item
    assert find_targets(example["text"], RULES)[0].indicator_id == indicator_id
    phrasings = next(e["phrasings"] for e in ENTRIES if e["id"] == indicator_id)
    spans = [
        " ".join(m.group(0).split()) for p in phrasings for m in compile_phrasing(p).finditer(example["text"])
    ]
    assert example["match"] in spans  # the whole span a phrasing names


@pytest.mark.parametrize("item", [x for x in EXAMPLES if not x[2].get("match")], ids=_id)
def test_negative_example_does_not_map_to_it(item: tuple[str, int, dict[str, Any]]) -> None:
    indicator_id, _, example = item
    assert [t.indicator_id for t in find_targets(example["text"], RULES)][0] != indicator_id


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: str(e["id"]))
def test_every_indicator_has_labels_unit_and_both_kinds_of_example(entry: dict[str, Any]) -> None:
    assert entry["vi"] and entry["en"] and entry["unit"] in ("%", "‰")
    assert entry["progress"] in ("increase", "decrease", "none")
    assert entry["phrasings"]
    assert any(ex.get("match") for ex in entry["examples"]) and any(
        not ex.get("match") for ex in entry["examples"]
    )


def test_ids_are_unique_and_there_are_at_least_sixty() -> None:
    counts = Counter(e["id"] for e in ENTRIES)
    assert [i for i, n in counts.items() if n > 1] == []
    assert len(vocabulary(RULES)) >= 60  # issue 19


def test_an_unnamed_figure_stays_unmapped() -> None:
    assert find_targets("Tổ chức 12 hội nghị, đạt 100% kế hoạch đề ra", RULES)[0].indicator_id is None
