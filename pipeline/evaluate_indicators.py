"""Indicator ids against the gold (issue 19): `python -m kehoach.evaluate_indicators [corpus/gold]`.

A gold target that carries the key "indicator_id" (an id of patterns/indicators.yml, or null when no entry
names the figure) is paired with a predicted target the way ../shared/tools/score.py pairs them: by (value,
unit), in order. Reported:
- precision: of the paired targets the extractor mapped, the share mapped to the gold id (a figure the gold
  leaves unmapped and the extractor maps is a miss);
- recall: of the gold ids, the share the extractor found;
- coverage of goals: of the annotated goal targets (target: true), the share the extractor mapped at all, and
  the share the gold maps (what the vocabulary can cover).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kehoach.contract import to_dict
from kehoach.rules import load_rules
from kehoach.run import run

ROOT = Path(__file__).resolve().parents[1]


def key(target: dict[str, Any]) -> tuple[float, str]:
    return round(float(target["value"]), 3), str(target["unit"])


def pairs(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> Iterator[tuple[dict, dict | None]]:
    """(gold target, its predicted target or None), one to one by (value, unit) in order (as score.py)."""
    pool: dict[tuple[float, str], list[dict[str, Any]]] = {}
    for target in predicted:
        pool.setdefault(key(target), []).append(target)
    for target in gold:
        found = pool.get(key(target)) or []
        yield target, found.pop(0) if found else None


@dataclass(frozen=True)
class IndicatorScores:
    annotated: int  # gold targets with the key
    gold_mapped: int  # ... with an id (not null)
    predicted: int  # annotated targets the extractor mapped
    correct: int  # ... to the gold id
    goals: int  # annotated goal targets
    goals_predicted: int  # ... the extractor mapped
    goals_gold_mapped: int  # ... the gold maps

    def as_dict(self) -> dict[str, float | int]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 3) if b else 0.0

        return {
            "precision": ratio(self.correct, self.predicted),
            "recall": ratio(self.correct, self.gold_mapped),
            "goal_coverage": ratio(self.goals_predicted, self.goals),
            "goal_coverage_gold": ratio(self.goals_gold_mapped, self.goals),
            "annotated": self.annotated,
            "gold_mapped": self.gold_mapped,
            "predicted": self.predicted,
            "correct": self.correct,
            "goals": self.goals,
        }


def score(documents: Iterable[tuple[list[dict[str, Any]], list[dict[str, Any]]]]) -> IndicatorScores:
    """Scores over (gold targets, predicted targets) of each document."""
    counts = dict.fromkeys(IndicatorScores.__dataclass_fields__, 0)
    for gold, predicted in documents:
        for want, got in pairs(gold, predicted):
            if "indicator_id" not in want:
                continue
            mapped = (got or {}).get("indicator_id")
            counts["annotated"] += 1
            counts["gold_mapped"] += want["indicator_id"] is not None
            counts["predicted"] += mapped is not None
            counts["correct"] += mapped is not None and mapped == want["indicator_id"]
            if want.get("target"):
                counts["goals"] += 1
                counts["goals_predicted"] += mapped is not None
                counts["goals_gold_mapped"] += want["indicator_id"] is not None
    return IndicatorScores(**counts)


def annotated_documents(gold_dir: Path) -> Iterator[tuple[Path, list[dict[str, Any]]]]:
    """(the document, its gold targets) for each gold file with an indicator id on a target."""
    for path in sorted(gold_dir.glob("*.json")):
        targets = json.loads(path.read_text(encoding="utf-8")).get("targets", [])
        if not any("indicator_id" in t for t in targets):
            continue
        source = next((p for p in sorted(gold_dir.glob(path.stem + ".*")) if p.suffix != ".json"), None)
        if source is not None:
            yield source, targets


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    gold_dir = Path(args[0]) if args else ROOT / "corpus" / "gold"
    rules = load_rules()
    documents = []
    for source, targets in annotated_documents(gold_dir):
        documents.append((targets, to_dict(run(source, rules))["targets"]))
    print(json.dumps(score(documents).as_dict(), indent=1))


if __name__ == "__main__":
    main()
